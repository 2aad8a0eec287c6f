// How one canary ends, as one of the outcomes the dashboard counts. Precedence: a broken contract
// wins over everything (a drift must never hide behind a success), then the task's own final state,
// then why no final state was seen.
import { ContractViolationError, RateLimitedError } from '../client/errors.ts';
import type { ContractViolation, TaskState } from '../contract/index.ts';
import type { Outcome } from '../metrics/canary-metrics.ts';

export interface CanaryEvidence {
  state: TaskState | null;
  violations: ContractViolation[];
  timedOut: boolean;
  error: Error | null;
}

export function classifyOutcome(e: CanaryEvidence): { outcome: Outcome; reason: string } {
  if (e.violations.length) {
    return { outcome: 'contract_violation', reason: e.violations.map((v) => `${v.rule} at ${v.path}`).join('; ') };
  }
  if (e.state === 'succeeded') return { outcome: 'success', reason: 'Success' };
  if (e.state === 'failed') return { outcome: 'failure', reason: 'FAILURE' };
  if (e.state === 'errored') return { outcome: 'error', reason: 'ERROR' };
  if (e.error instanceof ContractViolationError) return { outcome: 'contract_violation', reason: e.error.message };
  if (e.error instanceof RateLimitedError) return { outcome: 'rate_limited', reason: e.error.leadSquaredMessage || 'HTTP 429' };
  if (e.timedOut)
    return {
      outcome: 'timeout',
      reason: `no final status before the deadline${e.state ? ` (last seen ${e.state})` : ''}${e.error ? `; last error: ${e.error.message}` : ''}`,
    };
  // Any other error (an HTTP status the client refused, a network failure) ends the canary the same way.
  if (e.error) return { outcome: 'http_error', reason: e.error.message };
  return { outcome: 'timeout', reason: 'no final status' };
}
