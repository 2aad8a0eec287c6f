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
