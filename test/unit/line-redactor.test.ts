// Child output is redacted a complete line at a time, decoded as a stream: a secret or a UTF-8 character
// cut by a chunk edge comes out masked, or whole, and the last line is flushed at the end.
import { Readable } from 'node:stream';
import { text } from 'node:stream/consumers';
import { afterEach, expect, test } from 'vitest';
import { LineRedactor, lineRedactorStream } from '../../src/client/line-redactor.ts';
import { REDACTED, clearSecrets, registerSecret } from '../../src/client/redact.ts';

afterEach(() => clearSecrets());

const SECRET = 'line-secret-Zx81/Qp';

/** Every way to cut `bytes` in two, run through a fresh LineRedactor. */
function everyCut(bytes: Buffer): string[] {
  const outputs: string[] = [];
  for (let at = 0; at <= bytes.length; at++) {
    const lines = new LineRedactor();
    outputs.push(lines.push(bytes.subarray(0, at)) + lines.push(bytes.subarray(at)) + lines.end());
  }
  return outputs;
}

test('a secret cut anywhere by a chunk edge comes out masked', () => {
  registerSecret(SECRET);
  const input = Buffer.from(`first line\nkey ${SECRET} and ${encodeURIComponent(SECRET).replace('%2F', '%2f')}\nlast\n`);
  const expected = `first line\nkey ${REDACTED} and ${REDACTED}\nlast\n`;
  for (const out of everyCut(input)) expect(out).toBe(expected);
});

test('a credential masked by name, cut anywhere, comes out masked', () => {
  const input = Buffer.from('GET /u?accessKey=not-registered-1&RequestID=7\n{"x-api-key":"not-registered-2"}\n');
  for (const out of everyCut(input)) expect(out).toBe(`GET /u?accessKey=${REDACTED}&RequestID=7\n{"x-api-key":"${REDACTED}"}\n`);
});

test('a multibyte character cut by a chunk edge comes out whole', () => {
  const input = Buffer.from('naïve → 😀 ok\n');
  for (const out of everyCut(input)) expect(out).toBe('naïve → 😀 ok\n');
});

test('the last line, without a newline, is flushed at the end, redacted', () => {
  registerSecret(SECRET);
  const lines = new LineRedactor();
  expect(lines.push(`done\npartial ${SECRET.slice(0, 7)}`)).toBe('done\n');
  expect(lines.push(SECRET.slice(7))).toBe('');
  expect(lines.end()).toBe(`partial ${REDACTED}`);
  expect(lines.end()).toBe('');
});

test('a line with no end is passed on in bounded pieces, a secret across a piece edge still masked', () => {
  registerSecret(SECRET);
  const lines = new LineRedactor(100);
  let out = '';
  let most = 0;
  for (let i = 0; i < 50; i++) {
    out += lines.push(`${'x'.repeat(37)}${SECRET}`);
    most = Math.max(most, lines.buffered);
  }
  out += lines.end();
  expect(most).toBeLessThanOrEqual(100 + 37 + SECRET.length);
  expect(out).toBe(`${'x'.repeat(37)}${REDACTED}`.repeat(50));
});

test('as a stream, chunks cut inside a secret and a character come out redacted and whole', async () => {
  registerSecret(SECRET);
  const whole = Buffer.from(`é ${SECRET} é\nno newline ${SECRET}`);
  const cuts = [1, 6, 12, whole.length - 3];
  const chunks = cuts.map((at, i) => whole.subarray(i === 0 ? 0 : cuts[i - 1], at)).concat(whole.subarray(cuts.at(-1)));
  const out = await text(Readable.from(chunks).pipe(lineRedactorStream()));
  expect(out).toBe(`é ${REDACTED} é\nno newline ${REDACTED}`);
});
