// k6's REST API address. A single k6 process used to get a port picked by opening and closing a
// server here; another process could take it before k6 bound it, and k6 exited 106 ("bind: address
// already in use"), failing a load run or a gate's load stage for nothing (seen twice in eight gate
// suite runs beside other k6 runs). A single process now asks the kernel for a port (127.0.0.1:0).
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { loadSettings } from '../../src/config/settings.ts';
import { runLoad } from '../../src/k6/runner.ts';
import { startSandbox } from '../../src/sandbox/index.ts';

const dir = mkdtempSync(join(tmpdir(), 'lsq-k6-address-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A stand-in k6 that records the arguments it was started with and ends as a passing run would. */
function recordingK6(): { binary: string; args: () => string[] } {
  const binary = join(dir, 'k6');
  const record = join(dir, 'args.json');
  writeFileSync(binary, `#!${process.execPath}\nrequire('node:fs').writeFileSync(${JSON.stringify(record)}, JSON.stringify(process.argv.slice(2)));\n`);
  chmodSync(binary, 0o755);
  return { binary, args: () => JSON.parse(readFileSync(record, 'utf8')) as string[] };
}

test('a single k6 process binds its API to a port the kernel picks on loopback, not one picked and freed before it starts', async () => {
  const k6 = recordingK6();
  const sb = await startSandbox();
  const before = process.env.LSQ_K6_BINARY;
  process.env.LSQ_K6_BINARY = k6.binary;
  try {
    const env = { LSQ_ASYNC_HOST: sb.url, LSQ_ACCESS_KEY: 'sandbox-access-key', LSQ_SECRET_KEY: 'sandbox-secret-key', LSQ_API_KEY: 'sandbox-api-key' };
    await runLoad({
      script: 'rate-limit',
      profile: 'smoke',
      expected: { limit: 25, windowSeconds: 5, windowKind: 'sliding', sharedBudget: true },
      settings: loadSettings(env),
      outDir: join(dir, 'out'),
    });
  } finally {
    if (before === undefined) delete process.env.LSQ_K6_BINARY;
    else process.env.LSQ_K6_BINARY = before;
    await sb.stop();
  }
  const args = k6.args();
  expect(args[0]).toBe('run');
  expect(args[args.indexOf('--address') + 1]).toBe('127.0.0.1:0');
});
