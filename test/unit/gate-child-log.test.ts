// runChild resolves once the stage log is on disk, complete: the gate (and the tests) read the log as
// soon as the stage ends, and a log still being written lost its last lines and the exit line.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { runChild } from '../../src/gate/child.ts';

const PRINTS = 'process.stdout.write("x".repeat(200000) + "\\nlast line without a newline")';

test('the stage log is complete, to its exit line, when runChild resolves', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'lsq-gate-log-'));
  const incomplete: number[] = [];
  for (let i = 0; i < 10; i++) {
    const logFile = join(dir, `stage-${i}.log`);
    await runChild(process.execPath, ['-e', PRINTS], { env: process.env, logFile, timeoutMs: 30_000 });
    if (!readFileSync(logFile, 'utf8').endsWith('last line without a newline\n[exit 0]\n')) incomplete.push(i);
  }
  expect(incomplete).toEqual([]);
});

test('a stage whose program cannot start fails with the reason in its log, and the gate process lives on', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'lsq-gate-log-'));
  const logFile = join(dir, 'missing.log');
  // spawn emits 'error' (ENOENT) instead of 'close' for a program that does not exist: unheard, that
  // event threw in the gate's process and the stage never settled.
  const r = await runChild(join(dir, 'no-such-program'), [], { env: process.env, logFile, timeoutMs: 30_000 });
  expect(r.code).toBeNull();
  expect(r.timedOut).toBe(false);
  expect(readFileSync(logFile, 'utf8')).toMatch(/could not start .*no-such-program: .*ENOENT[\s\S]*\[exit null\]\n$/);
});
