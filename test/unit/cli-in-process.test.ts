// The in-process CLI runner (test/support/cli-in-process.ts) gives main() what a spawned CLI gets and
// leaves nothing behind: its own environment only, stdout and stderr captured, and this worker's
// environment, streams and registered secrets as they were.
import { afterEach, expect, test, vi } from 'vitest';
import { redact, registeredSecretCount } from '../../src/client/redact.ts';
import { runCliInProcess } from '../support/cli-in-process.ts';

afterEach(() => vi.unstubAllEnvs());

test('a run sees only the environment it is given, and the worker keeps its own', async () => {
  vi.stubEnv('LSQ_RATE_LIMIT', 'lots'); // a developer's setting: a spawned CLI would not see it
  const before = { ...process.env };
  const clean = await runCliInProcess(['status', 'x', '--host', 'nota url']);
  expect(clean.stderr).toContain('--host');
  expect(clean.stderr).not.toContain('LSQ_RATE_LIMIT');
  const given = await runCliInProcess(['status', 'x'], { LSQ_TIMEOUT_MS: '-5' });
  expect(given).toMatchObject({ code: 2 });
  expect(given.stderr).toContain('LSQ_TIMEOUT_MS');
  expect(process.env).toEqual(before);
});

test('stdout and stderr are captured per run, and the streams are the worker’s own again', async () => {
  const write = process.stdout.write;
  const help = await runCliInProcess(['--help']);
  expect(help.code).toBe(0);
  expect(help.stdout).toMatch(/^Usage: lsq-harness/m);
  expect(help.stderr).toBe('');
  expect(process.stdout.write).toBe(write);
});

test('secrets a run registers are forgotten after it, as they would be with its process', async () => {
  const count = registeredSecretCount();
  const keys = { LSQ_ACCESS_KEY: 'inproc-access-7731', LSQ_SECRET_KEY: 'inproc-secret-7732', LSQ_API_KEY: 'inproc-apikey-7733' };
  const r = await runCliInProcess(['status', 'x', '--host', 'https://asyncapi.example'], { ...keys, LSQ_TIMEOUT_MS: '5000', LSQ_RATE_LIMIT: 'x' });
  expect(r.code).toBe(2);
  expect(registeredSecretCount()).toBe(count);
  expect(redact('inproc-apikey-7733')).toBe('inproc-apikey-7733');
});

test('concurrent runs go one at a time, each with its own output', async () => {
  const runs = await Promise.all([
    runCliInProcess(['status', 'x'], { LSQ_TIMEOUT_MS: '-5' }),
    runCliInProcess(['status', 'x'], { LSQ_STATUS_PATH: 'no-slash' }),
  ]);
  expect(runs[0]!.stderr).toContain('LSQ_TIMEOUT_MS');
  expect(runs[0]!.stderr).not.toContain('LSQ_STATUS_PATH');
  expect(runs[1]!.stderr).toContain('LSQ_STATUS_PATH');
  expect(runs[1]!.stderr).not.toContain('LSQ_TIMEOUT_MS');
});
