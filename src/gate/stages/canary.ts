// Gate stage: one canary cycle against the target (`lsq-harness monitor --once`).
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { cliArgs, logPath, runChild } from '../child.ts';
import type { Stage } from '../stage.ts';

const LINE = /^canary (\S+)\s+submit=(\S+)\s+completion=(\S+)\s+polls=(\d+)\s+request=(\S+)(?:.*reason: (.*))?$/m;

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
    const [cmd, args] = cliArgs('monitor', '--once', '--host', ctx.target.url, '--ledger', ledger, '--listen', '127.0.0.1:0', '--deadline', ctx.profile === 'full' ? '5m' : '60s');
    const r = await runChild(cmd, args, { env: ctx.env, logFile: logPath(ctx.out, 'canary'), timeoutMs: ctx.profile === 'full' ? 330_000 : 90_000, ...(ctx.signal ? { signal: ctx.signal } : {}) });
    const m = LINE.exec(r.stdout);
    const figures: Record<string, string | number> = m ? { outcome: m[1]!, 'completion latency': m[3]!, 'status polls': Number(m[4]) } : {};
    if (r.code === 0 && m?.[1] === 'success') return { verdict: 'passed', figures };
    if (r.code === 2) return { verdict: 'failed', reason: `bad settings for the canary (see canary.log)`, figures };
    const why = m ? `${m[1]}${m[6] ? `: ${m[6]}` : ''}` : r.timedOut ? 'the canary did not finish in time' : `exit ${r.code} (see canary.log)`;
    return { verdict: 'failed', reason: why, figures };
  },
};
