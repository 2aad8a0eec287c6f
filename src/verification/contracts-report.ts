// The result of one `lsq-harness contracts` run as a value: what `contracts --json` prints, what the
// JUnit report and the gate's contracts stage are made from. Computed once, then published.
import type { StepResult } from '../broker/broker-flow.ts';
import type { InteractionOutcome } from './interaction-results.ts';
import type { VerificationTarget } from './verification-target.ts';

export interface ContractsReport {
  /** Every interaction verified held, and no broker step failed. */
  ok: boolean;
  /** The pact verified: a file, or the broker's pacts of the branch. */
  pact: string;
  target: { kind: VerificationTarget['kind']; describe: string };
  interactions: InteractionOutcome[];
  counts: { passed: number; failed: number; skipped: number };
  broker: Array<Pick<StepResult, 'step' | 'status' | 'line'>>;
  /** Set when the verifier could not run at all (no interaction results). */
  error?: string;
}

export function countOutcomes(interactions: InteractionOutcome[]): ContractsReport['counts'] {
  const n = (r: InteractionOutcome['result']) => interactions.filter((i) => i.result === r).length;
  return { passed: n('passed'), failed: n('failed'), skipped: n('skipped') };
}

/** One line per interaction for people: ✓ held, ✗ broke (with what differed under it), – not verified (why). */
export function interactionLines(interactions: InteractionOutcome[]): string[] {
  const mark = { passed: '✓', failed: '✗', skipped: '–' } as const;
  return interactions.flatMap((i) => {
    const took = i.durationMs === null ? '' : ` (${i.durationMs} ms)`;
    const head = `  ${mark[i.result]} ${i.description}${took}`;
    return i.result === 'passed' ? [head] : [head, ...i.problems.map((p) => `      ${p}`)];
  });
}
