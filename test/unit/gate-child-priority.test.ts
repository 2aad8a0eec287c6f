// A stage child started with lowPriority runs at nice 10 or lower (the replay beside the at-limit load
// run: src/gate/stages/replay.ts); without it, at the gate's own priority.
import { mkdtempSync } from 'node:fs';
import { getPriority, tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { runChild } from '../../src/gate/child.ts';

// The child reads its own priority a moment after it started: runChild lowers it right after the spawn.
const PRINTS_PRIORITY = 'setTimeout(() => console.log(require("node:os").getPriority()), 300)';

async function childPriority(lowPriority: boolean): Promise<number> {
  const logFile = join(mkdtempSync(join(tmpdir(), 'lsq-gate-nice-')), 'stage.log');
  const r = await runChild(process.execPath, ['-e', PRINTS_PRIORITY], { env: process.env, logFile, timeoutMs: 30_000, lowPriority });
  expect(r.code).toBe(0);
  return Number(r.stdout.trim());
}

test('lowPriority runs the child at nice 10 at least; without it the child keeps the parent’s priority', async () => {
  const own = getPriority();
  expect(await childPriority(true)).toBe(Math.max(own, 10));
  expect(await childPriority(false)).toBe(own);
});
