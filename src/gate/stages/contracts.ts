// Gate stage: provider verification of the shipped pact against the target (`lsq-harness contracts
// --json`). A sandbox target gets full verification with provider states; a real host only the
// interactions that need no state, and those that write only with --allow-writes (without it the stage
// passes reduced, named as such, and --strict fails it). The verdict and the figures come from the
// command's JSON result (one case per interaction in the gate's JUnit), never from text for people.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PACT_FILE } from '../../pact/pact-names.ts';
import type { ContractsReport } from '../../verification/contracts-report.ts';
import { cliArgs, logPath, runChild } from '../child.ts';
import type { Stage, StageCase } from '../stage.ts';

export const contractsStage: Stage = {
  name: 'contracts',
  title: 'Pact provider verification',
  // Against a sandbox, one provider state ("the rate limit is exhausted") spends the whole budget and an
  // interaction then expects a 429 at once: its calls must not wait in the gate's limiter (a wait past
  // the window would let the budget come back), so it starts once the window has room for every one.
  budget: (ctx) => (ctx.target.isSandbox ? 'exhausts' : 'share'),
  burstCalls: () => interactionsInPact() + 1,
  async run(ctx) {
    const junit = join(ctx.out, 'contracts-junit.xml');
    const writes = !ctx.target.isSandbox && ctx.allow.writes ? ['--allow-writes'] : [];
    const target = ctx.target.isSandbox ? ['--provider-url', ctx.target.url] : writes;
    const env = ctx.target.isSandbox ? ctx.env : { ...ctx.env, LSQ_ASYNC_HOST: ctx.target.url };
    const [cmd, argv] = cliArgs('contracts', '--json', '--junit', junit, ...target);
    const r = await runChild(cmd, argv, { env, logFile: logPath(ctx.out, 'contracts'), timeoutMs: 300_000, ...(ctx.signal ? { signal: ctx.signal } : {}) });
    if (r.code === 2) return { verdict: 'failed', reason: 'bad settings for the contract run (see contracts.log)', figures: {} };
    const report = parseReport(r.stdout);
    if (!report) return { verdict: 'failed', reason: `exit ${r.code}${r.timedOut ? ' (timed out)' : ''} without a result (see contracts.log)`, figures: {} };
    const { passed, failed, skipped } = report.counts;
    const figures = { 'contract violations': failed, 'interactions verified': passed + failed, ...(skipped ? { 'interactions not verified': skipped } : {}) };
    const cases: StageCase[] = report.interactions.map((i) => ({
      name: i.description,
      ...(i.result === 'failed' ? { failure: i.problems.join('\n') } : {}),
      ...(i.result === 'skipped' ? { skipped: i.problems.join('\n') } : {}),
    }));
    const reduced =
      !ctx.target.isSandbox && !ctx.allow.writes
        ? 'read-only verification: the interactions that submit an update were not verified against the real host (pass --allow-writes)'
        : undefined;
    if (r.code === 0 && report.ok) return { verdict: 'passed', figures, cases, ...(reduced ? { reduced, reason: reduced } : {}) };
    const brokerFailed = report.broker.find((s) => s.status === 'failed');
    const reason = failed
      ? `${failed} interaction(s) broke the contract: ${report.interactions
          .filter((i) => i.result === 'failed')
          .map((i) => i.description)
          .join('; ')}`
      : brokerFailed
        ? brokerFailed.line
        : report.error
          ? `the verifier could not run (see contracts.log)`
          : `exit ${r.code} (see contracts.log)`;
    return { verdict: 'failed', reason, figures, cases };
  },
};

/** The one JSON object `contracts --json` prints on stdout, or null when there is none. */
/** One call per interaction of the shipped pact (states go to the sandbox's admin API, which is free). */
function interactionsInPact(): number {
  try {
    return (JSON.parse(readFileSync(PACT_FILE, 'utf8')) as { interactions: unknown[] }).interactions.length;
  } catch {
    return 25; // unreadable here: the command reports it; wait for a whole budget meanwhile
  }
}

function parseReport(stdout: string): ContractsReport | null {
  try {
    const report = JSON.parse(stdout.slice(stdout.indexOf('{'))) as ContractsReport;
    return Array.isArray(report.interactions) && report.counts ? report : null;
  } catch {
    return null;
  }
}
