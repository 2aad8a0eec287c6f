// Gate stage: one canary cycle against the target (`lsq-harness monitor --once --json`). The verdict's
// figures and reason come from the canary's result record (src/monitor/record.ts), printed as a JSON
// line on stdout — never from the padded line printed for people.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { readCanaryRecords, type CanaryRecord } from '../../monitor/record.ts';
import { cliArgs, logPath, runChild } from '../child.ts';
import type { Stage } from '../stage.ts';

export const canaryStage: Stage = {
  name: 'canary',
  title: 'one canary cycle (submit, poll to the final state, check the contract)',
  budget: () => 'share',
  async run(ctx) {
    // The gate's canary keeps its own ledger, fresh in the report folder: with the monitor's default
    // ledger (shared by the working directory) it would resume canaries that another run — another
    // gate, a monitor, an earlier target — left unsettled, and judge this target by them.
    const ledger = join(ctx.out, 'canary-ledger.json');
    rmSync(ledger, { force: true });
    const [cmd, args] = cliArgs(
      'monitor',
      '--once',
      '--json',
      '--host',
      ctx.target.url,
      '--ledger',
      ledger,
      '--listen',
      '127.0.0.1:0',
      '--deadline',
      ctx.profile === 'full' ? '5m' : '60s',
    );
    const r = await runChild(cmd, args, {
      env: ctx.env,
      logFile: logPath(ctx.out, 'canary'),
      timeoutMs: ctx.profile === 'full' ? 330_000 : 90_000,
      ...(ctx.signal ? { signal: ctx.signal } : {}),
    });
    const record = cycleRecord(r.stdout);
    const figures = record ? canaryFigures(record) : {};
    if (r.code === 0 && record?.outcome === 'success') return { verdict: 'passed', figures };
    if (r.code === 2) return { verdict: 'failed', reason: `bad settings for the canary (see canary.log)`, figures };
    const why = record
      ? `${record.outcome}${record.outcome === 'success' ? '' : `: ${record.reason}`}`
      : r.timedOut
        ? 'the canary did not finish in time'
        : `exit ${r.code} (see canary.log)`;
    return { verdict: 'failed', reason: why, figures };
  },
};

/** The record of the cycle itself (`--once` may first settle canaries resumed from a ledger). */
export function cycleRecord(stdout: string): CanaryRecord | null {
  return (
    readCanaryRecords(stdout)
      .filter((r) => !r.resumed)
      .at(-1) ?? null
  );
}

/** The figures the summary shows for the canary. */
export function canaryFigures(r: CanaryRecord): Record<string, string | number> {
  return { outcome: r.outcome, 'completion latency': r.completionMs === null ? '-' : `${(r.completionMs / 1000).toFixed(2)}s`, 'status polls': r.polls };
}
