// The contracts command's child (the Pact verifier, whose native code prints past anything the
// command could redact) prints through the line redactor: a credential it was given comes out masked,
// even across a 64 KiB pipe chunk, and even when the command itself read no settings (it registers what
// it hands the child).
import { mkdirSync, mkdtempSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { text } from 'node:stream/consumers';
import { afterEach, expect, test } from 'vitest';
import { clearSecrets, registerSecret, REDACTED } from '../../src/client/redact.ts';
import { PACT_FILE } from '../../src/pact/pact-names.ts';
import { runRedacted } from '../../src/verification/redacted-child.ts';
import { runVerification } from '../../src/verification/run-verification.ts';
import { RELIABILITY_CREDENTIALS } from '../reliability/secret-values.ts';

afterEach(() => clearSecrets());

const ROOT = new URL('../..', import.meta.url).pathname;
const SECRET = RELIABILITY_CREDENTIALS.apiKey;

// Prints more than 64 KiB on each stream, the secret from its environment lying across byte 65536.
const PRINTS_ACROSS_CHUNK = `
const s = process.env.CHILD_SECRET;
const line = 'v'.repeat(65536 - 5) + s + ' tail\\n' + 'w'.repeat(70000) + '\\n';
process.stdout.write(line);
process.stderr.write(line);
process.exitCode = 3;
`;

test('a secret the child prints across a 64 KiB chunk comes out masked on both streams, with the exit code', async () => {
  registerSecret(SECRET);
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const outText = text(stdout);
  const errText = text(stderr);
  const code = await runRedacted(process.execPath, ['-e', PRINTS_ACROSS_CHUNK], {
    cwd: ROOT,
    env: { ...process.env, CHILD_SECRET: SECRET },
    timeoutMs: 30_000,
    stdout,
    stderr,
  });
  stdout.end();
  stderr.end();
  expect(code).toBe(3);
  for (const out of [await outText, await errText]) {
    expect(out.length).toBeGreaterThan(130_000);
    expect(out).not.toContain(SECRET.slice(0, 5));
    expect(out).toContain(`v${REDACTED} tail\n`);
  }
});

test('a child that cannot start ends with 1, not a hang', async () => {
  const code = await runRedacted('/nonexistent/lsq-harness-child', [], {
    cwd: ROOT,
    env: process.env,
    timeoutMs: 5000,
    stdout: new PassThrough(),
    stderr: new PassThrough(),
  });
  expect(code).toBe(1);
});

// The whole verifier run, as the contracts command starts it: the API key is in the child's environment
// only (this process registered nothing), and the verifier prints it at debug level, here as part of
// the pact's path ("Pact source to verify = File(…)", from native code, and pact-js's own log).
test('the verifier child masks a credential from its environment in what the verifier prints', async () => {
  const dir = join(mkdtempSync(join(tmpdir(), 'lsq-verifier-output-')), `pacts-${SECRET}`);
  mkdirSync(dir);
  const pactFile = join(dir, 'pact.json');
  copyFileSync(PACT_FILE, pactFile);
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const outText = text(stdout);
  const errText = text(stderr);
  const env = { ...process.env, LSQ_API_KEY: SECRET, LSQ_PACT_LOG_LEVEL: 'debug', LSQ_ASYNC_HOST: undefined, PACT_BROKER_BASE_URL: undefined };
  const answer = await runVerification({ allowWrites: false, pactFile, broker: false }, { env, stdout, stderr, plain: true });
  stdout.end();
  stderr.end();
  const printed = (await outText) + (await errText);
  expect(answer.ok, answer.output).toBe(true);
  expect(printed).toContain(`pacts-${REDACTED}`);
  expect(printed).not.toContain(SECRET);
  expect(JSON.stringify(answer)).not.toContain(SECRET);
});
