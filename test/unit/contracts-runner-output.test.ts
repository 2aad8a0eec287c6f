// The contracts command's children (vitest, the Pact verifier inside it) print through the line
// redactor: a credential they were given comes out masked, even across a 64 KiB pipe chunk, and even
// when the command itself read no settings (it registers what it hands the child).
import { spawn } from 'node:child_process';
import { PassThrough } from 'node:stream';
import { text } from 'node:stream/consumers';
import { afterEach, expect, test } from 'vitest';
import { clearSecrets, registerSecret, REDACTED } from '../../src/client/redact.ts';
import { runRedacted } from '../../src/contracts-runner/redacted-child.ts';
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
  const code = await runRedacted(process.execPath, ['-e', PRINTS_ACROSS_CHUNK], { cwd: ROOT, env: { ...process.env, CHILD_SECRET: SECRET }, timeoutMs: 30_000, stdout, stderr });
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
  const code = await runRedacted('/nonexistent/lsq-harness-child', [], { cwd: ROOT, env: process.env, timeoutMs: 5000, stdout: new PassThrough(), stderr: new PassThrough() });
  expect(code).toBe(1);
});

// The whole runner, in a process of its own (as the contracts command runs it): vitest is given the
// API key in its environment only, and here also echoes it back (an unknown --project is quoted in
// its error). The runner's process registered nothing itself.
const RUNNER = `
import { runVitest } from ${JSON.stringify(`${ROOT}src/contracts-runner/run-vitest.ts`)};
process.exitCode = await runVitest({ cwd: ${JSON.stringify(ROOT)}, args: ['--project', process.env.LSQ_API_KEY], timeoutMs: 60000 });
`;

test('the vitest runner masks a credential from the child environment in what vitest prints', async () => {
  const child = spawn(process.execPath, ['--input-type=module', '-e', RUNNER], { cwd: ROOT, env: { ...process.env, LSQ_API_KEY: SECRET, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
  const [out, err] = await Promise.all([text(child.stdout), text(child.stderr)]);
  const code = await new Promise((r) => child.on('close', r));
  expect(code).not.toBe(0);
  expect(out + err).toContain(`matched no projects: ${REDACTED}`);
  expect(out + err).not.toContain(SECRET);
});
