// No false pages: which failed canaries are re-checked before they count, and what the re-check says.
// Only a failure at the transport level is re-checked — the submit got no answer (a timeout, a reset)
// or a 5xx — because one such failure is often the network, not the provider. Anything the provider
// said (FAILURE, ERROR, a 4xx, a 429, a violation) is already its answer and counts as it is.
import type { CanaryRecord } from './record.ts';

const AVAILABILITY_FAILURES = new Set(['failure', 'error', 'timeout', 'http_error']);

export function needsRecheck(r: CanaryRecord): boolean {
  if (r.outcome !== 'http_error' || r.requestId !== null || r.resumed || r.recheckOf) return false;
  const submit = r.calls.filter((c) => c.endpoint === 'update').at(-1);
  return submit !== undefined && (submit.code === null || submit.code >= 500);
}

/** The verdict a re-check gives the canary it re-checked. */
export function confirmationOf(recheck: CanaryRecord): 'transient' | 'confirmed' | 'inconclusive' {
  if (recheck.outcome === 'success') return 'transient';
  return AVAILABILITY_FAILURES.has(recheck.outcome) ? 'confirmed' : 'inconclusive';
}
