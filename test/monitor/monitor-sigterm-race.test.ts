// A SIGTERM sent the moment the monitor says it runs ("schedule: …"), as a supervisor or a test that
// waits for that line does. The monitor used to print the line before it installed its signal handlers:
// on a busy machine, a process preempted between the two got the SIGTERM with no handler, and Node's
// default ended it at once (exit by signal, the canary in flight abandoned). The race is made certain
// here: a preload holds the process for 0.5 s right after it writes the schedule line.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { cliEnv } from '../support/cli-env.ts';

const CLI = new URL('../../src/cli/main.ts', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'lsq-sigterm-race-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test('a SIGTERM right after the schedule line is handled: the canary in flight settles and the monitor exits 0', async () => {
  const preload = join(dir, 'hold-after-schedule.mjs');
  writeFileSync(
    preload,
    `const write = process.stdout.write.bind(process.stdout);
process.stdout.write = (chunk, ...rest) => {
  const written = write(chunk, ...rest);
  if (String(chunk).includes('schedule:')) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 500);
  return written;
};
`,
  );
  const child = spawn(
    process.execPath,
    ['--import', preload, CLI, 'monitor', '--listen', '127.0.0.1:0', '--interval', '1h', '--ledger', join(dir, 'ledger.json')],
    {
      env: cliEnv(),
    },
  );
  let stdout = '';
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((r) => child.once('exit', (code, signal) => r({ code, signal })));
  child.stdout.on('data', (d) => {
    const before = stdout;
    stdout += d;
    if (!before.includes('schedule:') && stdout.includes('schedule:')) child.kill('SIGTERM');
  });
  expect(await exited).toEqual({ code: 0, signal: null });
  expect(stdout).toMatch(/^canary success/m);
}, 60_000);
