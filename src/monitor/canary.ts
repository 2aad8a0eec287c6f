// One canary cycle: submit an update to the canary opportunity (a marker field carries the cycle's
// timestamp), poll until the final state or the deadline, decode Message, check that the Id it names
// is the canary opportunity, and validate every response against src/contract. Provider faults never
// throw out of here: each becomes an outcome.
// Two clocks, never mixed: timestamps (the marker, the ledger, the *_timestamp_seconds gauges) come from
// the wall clock, which Prometheus and people compare with theirs; durations (completion, the deadline)
// come from the monotonic clock, which an NTP step or a suspend does not move.
import { randomUUID } from 'node:crypto';
import type { LsqClient } from '../client/client.ts';
import { waitForCompletion } from '../client/wait.ts';
import type { ContractViolation } from '../contract/index.ts';
import type { CanaryMetrics, Outcome } from '../metrics/canary-metrics.ts';
import { classifyOutcome } from './classify.ts';
import type { Ledger, LedgerEntry } from './ledger.ts';
import type { AdaptivePollSchedule } from './poll-schedule.ts';
import type { Clock } from '../timing/clock.ts';

export interface CanarySettings {
  opportunityId: string;
  /** The field whose value carries the cycle's timestamp. */
  markerField: string;
  /** Give up polling after this long from submit. */
  deadlineMs: number;
}

export interface CanaryResult {
  canaryId: string;
  requestId: string | null;
  outcome: Outcome;
  reason: string;
  submitMs: number | null;
  /** Submit → first status call that saw the final state; null when none did. */
  completionMs: number | null;
  polls: number;
  violations: ContractViolation[];
  resumed: boolean;
}

export interface CanaryDeps {
  client: LsqClient;
  metrics: CanaryMetrics;
  ledger: Ledger;
  schedule: AdaptivePollSchedule;
  settings: CanarySettings;
  signal?: AbortSignal;
}

export async function runCanary(deps: CanaryDeps): Promise<CanaryResult> {
  const { client, ledger, settings } = deps;
  const clock = client.clock;
  const startedAt = clock.wallNow();
  const marker = new Date(startedAt).toISOString();
  const entry = ledger.open({ canaryId: randomUUID(), opportunityId: settings.opportunityId, target: client.baseUrl, marker, startedAt });
  deps.metrics.inFlight.inc();
  try {
    let requestId: string;
    let submitMs: number;
    let submitViolations: ContractViolation[];
    let sentAt: number;
    try {
      const submitted = await client.submitUpdate(
        { ProspectOpportunityId: settings.opportunityId, OpportunityNote: `lsq-harness canary ${marker}`, Fields: [{ SchemaName: settings.markerField, Value: marker }] },
        deps.signal ? { signal: deps.signal } : {},
      );
      requestId = submitted.requestId;
      submitMs = submitted.latencyMs;
      submitViolations = submitted.violations;
      sentAt = submitted.sentAt;
    } catch (error) {
      if (deps.signal?.aborted) throw error;
      const evidence = { state: null, violations: (error as { violations?: ContractViolation[] }).violations ?? [], timedOut: false, error: error as Error };
      return finish(deps, entry, { requestId: null, submitMs: null, completionMs: null, polls: 0, resumed: false, ...evidence });
    }
    const submittedAt = wallAt(clock, sentAt);
    ledger.submitted(entry.canaryId, requestId, submittedAt);
    return await poll(deps, { ...entry, requestId, submittedAt }, sentAt, submitMs, submitViolations, false);
  } finally {
    deps.metrics.inFlight.dec();
  }
}

/** Resumes a canary found unsettled in the ledger at start. */
export async function resumeCanary(deps: CanaryDeps, entry: LedgerEntry): Promise<CanaryResult> {
  const now = deps.client.clock.wallNow();
  const elsewhere = entry.target !== undefined && entry.target !== deps.client.baseUrl;
  if (entry.phase === 'submitting' || !entry.requestId || elsewhere) {
    // The process stopped during the submit call: whether the provider accepted it is unknowable. Or
    // the canary went to another host than this monitor watches: polling this one would ask the wrong
    // provider about it.
    const reason = elsewhere
      ? `expired: submitted to ${entry.target}, not to this monitor's target ${deps.client.baseUrl}; not resumed`
      : 'expired: the monitor stopped while submitting, so whether the update was accepted is unknown';
    deps.ledger.settle(entry.canaryId, 'timeout', reason, now);
    deps.metrics.runs.inc({ outcome: 'timeout' });
    return { canaryId: entry.canaryId, requestId: entry.requestId, outcome: 'timeout', reason, submitMs: null, completionMs: null, polls: 0, violations: [], resumed: true };
  }
  // The ledger holds wall times (a monotonic reading means nothing to another process): the time since
  // the submit is read off the wall clock once, then counted on this process's monotonic clock.
  const clock = deps.client.clock;
  const sentAt = clock.now() - Math.max(0, clock.wallNow() - (entry.submittedAt ?? entry.startedAt));
  deps.metrics.inFlight.inc();
  try {
    return await poll(deps, entry, sentAt, null, [], true);
  } finally {
    deps.metrics.inFlight.dec();
  }
}

/** `since`: when the update was sent, on the monotonic clock (client.clock.now()). */
async function poll(deps: CanaryDeps, entry: LedgerEntry, since: number, submitMs: number | null, submitViolations: ContractViolation[], resumed: boolean): Promise<CanaryResult> {
  const clock = deps.client.clock;
  const remaining = Math.max(0, since + deps.settings.deadlineMs - clock.now());
  const waited = await waitForCompletion(deps.client, entry.requestId!, {
    deadlineMs: remaining,
    schedule: deps.schedule.forCanary(),
    expect: { opportunityId: deps.settings.opportunityId },
    ...(deps.signal ? { signal: deps.signal } : {}),
  });
  const sawFinal = waited.final !== null && ['succeeded', 'failed', 'errored'].includes(waited.state);
  // Completion as the monitor sees it: from sending the update to reading the first final status.
  const completionMs = sawFinal ? waited.final!.receivedAt - since : null;
  return finish(deps, entry, {
    requestId: entry.requestId,
    submitMs,
    completionMs,
    polls: waited.polls,
    resumed,
    state: waited.final ? waited.state : null,
    violations: [...submitViolations, ...waited.violations],
    timedOut: waited.timedOut,
    error: waited.lastError,
  });
}

interface Finishing {
  requestId: string | null;
  submitMs: number | null;
  completionMs: number | null;
  polls: number;
  resumed: boolean;
  state: CanaryResultState;
  violations: ContractViolation[];
  timedOut: boolean;
  error: Error | null;
}
type CanaryResultState = Parameters<typeof classifyOutcome>[0]['state'];

function finish(deps: CanaryDeps, entry: LedgerEntry, f: Finishing): CanaryResult {
  const { metrics } = deps;
  const now = deps.client.clock.wallNow();
  const { outcome, reason } = classifyOutcome(f);
  metrics.runs.inc({ outcome });
  metrics.lastRun.set(now / 1000);
  for (const v of f.violations) metrics.violations.inc({ rule: v.rule });
  if (f.polls) metrics.pollsPerCanary.observe(f.polls);
  if (f.completionMs !== null) {
    metrics.completionSeconds.observe({ outcome }, f.completionMs / 1000);
    if (outcome === 'success') deps.schedule.observe(f.completionMs);
  }
  if (outcome === 'success') metrics.lastSuccess.set(now / 1000);
  deps.ledger.settle(entry.canaryId, outcome, reason, now);
  return { canaryId: entry.canaryId, requestId: f.requestId, outcome, reason, submitMs: f.submitMs, completionMs: f.completionMs, polls: f.polls, violations: f.violations, resumed: f.resumed };
}

/** The wall time of a moment read on the monotonic clock (how long ago it was, taken from the wall now). */
function wallAt(clock: Clock, monotonic: number): number {
  return clock.wallNow() - (clock.now() - monotonic);
}
