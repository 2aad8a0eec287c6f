// One canary cycle: submit an update to the canary opportunity (a marker field carries the cycle's
// timestamp), poll until the final state or the deadline, decode Message, check that the Id it names
// is the canary opportunity, and validate every response against src/contract. Provider faults never
// throw out of here: each becomes an outcome. The canary only produces a CanaryRecord (record.ts); it
// publishes nothing — the monitor hands the record to the publisher (publish.ts), once.
// The ledger is written here, before the submit and after it, because that is what makes a canary
// survive a restart; settling it is the publisher's job, with the outcome.
// Two clocks, never mixed: timestamps (the marker, the ledger, the record's startedAt / settledAt) come
// from the wall clock, which Prometheus and people compare with theirs; durations (completion, the
// deadline) come from the monotonic clock, which an NTP step or a suspend does not move.
import { randomUUID } from 'node:crypto';
import type { CallEvent, LsqClient } from '../client/client.ts';
import { waitForCompletion, type WaitOptions } from '../client/wait.ts';
import { isTerminal, type ContractViolation, type TaskState } from '../contract/index.ts';
import { classifyOutcome } from './classify.ts';
import type { Ledger, LedgerEntry } from './ledger.ts';
import type { AdaptivePollSchedule } from './poll-schedule.ts';
import type { CanaryCall, CanaryRecord } from './record.ts';
import type { Clock } from '../timing/clock.ts';

export interface CanarySettings {
  opportunityId: string;
  /** The field whose value carries the cycle's timestamp. */
  markerField: string;
  /** Give up polling after this long from submit. */
  deadlineMs: number;
  /** A success slower than this (submit → final) is degraded; default: never. */
  degradedAfterMs?: number;
  /** A canary seen In-Queue this long after its submit is stuck; default: never. */
  stuckAfterMs?: number;
}

export interface CanaryDeps {
  client: LsqClient;
  ledger: Ledger;
  schedule: AdaptivePollSchedule;
  settings: CanarySettings;
  signal?: AbortSignal;
}

/**
 * Collects this canary's own HTTP calls, through the client's per-call hook, and tells the poll
 * schedule when each was sent (so the next canary's plan knows what the rate window holds).
 */
function callLog(deps: CanaryDeps): { calls: CanaryCall[]; onCall: (e: CallEvent) => void } {
  const calls: CanaryCall[] = [];
  const clock = deps.client.clock;
  deps.schedule.useClock(() => clock.now());
  return {
    calls,
    onCall: (e) => {
      calls.push({ endpoint: e.endpoint, code: e.httpStatus, latencyMs: e.latencyMs });
      deps.schedule.noteCall(clock.now() - e.latencyMs);
    },
  };
}

export async function runCanary(deps: CanaryDeps): Promise<CanaryRecord> {
  const { client, ledger, settings } = deps;
  const clock = client.clock;
  // Another canary's burst may be due in this window: the submit waits for it (poll-schedule.ts's
  // submitDelay). Before the ledger hears of this canary, so a stop during the wait leaves nothing to resume.
  const hold = deps.schedule.submitDelay(clock.now());
  if (hold > 0) await clock.sleep(hold, deps.signal);
  const startedAt = clock.wallNow();
  const marker = new Date(startedAt).toISOString();
  const entry = ledger.open({ canaryId: randomUUID(), opportunityId: settings.opportunityId, target: client.baseUrl, marker, startedAt });
  const { calls, onCall } = callLog(deps);
  let submitted: Awaited<ReturnType<LsqClient['submitUpdate']>>;
  try {
    submitted = await client.submitUpdate(
      {
        ProspectOpportunityId: settings.opportunityId,
        OpportunityNote: `lsq-harness canary ${marker}`,
        Fields: [{ SchemaName: settings.markerField, Value: marker }],
      },
      { onCall, ...(deps.signal ? { signal: deps.signal } : {}) },
    );
  } catch (error) {
    if (deps.signal?.aborted) throw error;
    const violations = (error as { violations?: ContractViolation[] }).violations ?? [];
    return toRecord(deps, entry, {
      calls,
      requestId: null,
      submitMs: null,
      completionMs: null,
      bracket: null,
      polls: 0,
      resumed: false,
      state: null,
      violations,
      timedOut: false,
      error: error as Error,
    });
  }
  const submittedAt = wallAt(clock, submitted.sentAt);
  ledger.submitted(entry.canaryId, submitted.requestId, submittedAt);
  return poll(
    deps,
    { ...entry, requestId: submitted.requestId, submittedAt },
    {
      since: submitted.sentAt,
      acceptedBy: submitted.sentAt + submitted.latencyMs,
      submitMs: submitted.latencyMs,
      violations: submitted.violations,
      calls,
      onCall,
      resumed: false,
    },
  );
}

/** Resumes a canary found unsettled in the ledger at start. */
export async function resumeCanary(deps: CanaryDeps, entry: LedgerEntry): Promise<CanaryRecord> {
  const elsewhere = entry.target !== undefined && entry.target !== deps.client.baseUrl;
  const { calls, onCall } = callLog(deps);
  if (entry.phase === 'submitting' || !entry.requestId || elsewhere) {
    // The process stopped during the submit call: whether the provider accepted it is unknowable. Or
    // the canary went to another host than this monitor watches: polling this one would ask the wrong
    // provider about it.
    const reason = elsewhere
      ? `expired: submitted to ${entry.target}, not to this monitor's target ${deps.client.baseUrl}; not resumed`
      : 'expired: the monitor stopped while submitting, so whether the update was accepted is unknown';
    return {
      ...recordBase(deps, entry, calls),
      requestId: entry.requestId,
      outcome: 'timeout',
      reason,
      submitMs: null,
      completionMs: null,
      completionLowMs: null,
      completionHighMs: null,
      completionUncertaintyMs: null,
      polls: 0,
      violations: [],
      resumed: true,
    };
  }
  // The ledger holds wall times (a monotonic reading means nothing to another process): the time since
  // the submit is read off the wall clock once, then counted on this process's monotonic clock.
  const clock = deps.client.clock;
  const since = clock.now() - Math.max(0, clock.wallNow() - (entry.submittedAt ?? entry.startedAt));
  return poll(deps, entry, { since, acceptedBy: since, submitMs: null, violations: [], calls, onCall, resumed: true });
}

/** What the status polls showed of the task's way through the queue (the lifecycle SLIs). */
interface Lifecycle {
  queueMs: number | null;
  retriesSeen: number;
  /** Longest time after the submit at which the task was still seen In-Queue. */
  queuedUntilMs: number;
  /** When the last poll that saw the task still running was sent (monotonic), or null. */
  lastRunningSentAt: number | null;
}

/** Watches the wait's polls: when the task first left the queue, how often it entered the retry queue. */
function lifecycleWatch(since: number): { life: Lifecycle; onPoll: NonNullable<WaitOptions['onPoll']> } {
  const life: Lifecycle = { queueMs: null, retriesSeen: 0, queuedUntilMs: 0, lastRunningSentAt: null };
  let inRetry = false;
  return {
    life,
    onPoll: (status) => {
      if (!status) return;
      if (!isTerminal(status.state)) life.lastRunningSentAt = status.sentAt;
      const at = status.receivedAt - since;
      if (status.state === 'queued') life.queuedUntilMs = Math.max(life.queuedUntilMs, at);
      else if (life.queueMs === null) life.queueMs = at;
      const retrying = status.state === 'queued' && typeof status.currentStep === 'string' && /retry/i.test(status.currentStep);
      if (retrying && !inRetry) life.retriesSeen++;
      inRetry = retrying;
    },
  };
}

interface Polling {
  /** When the update was sent, on the monotonic clock (client.clock.now()). */
  since: number;
  /** By when the provider had accepted it: the submit's answer was read (a resumed canary: `since`). */
  acceptedBy: number;
  submitMs: number | null;
  violations: ContractViolation[];
  calls: CanaryCall[];
  onCall: (e: CallEvent) => void;
  resumed: boolean;
}

async function poll(deps: CanaryDeps, entry: LedgerEntry, p: Polling): Promise<CanaryRecord> {
  const clock = deps.client.clock;
  const remaining = Math.max(0, p.since + deps.settings.deadlineMs - clock.now());
  const { life, onPoll } = lifecycleWatch(p.since);
  const schedule = deps.schedule.forCanary({ submittedAt: p.since });
  const waited = await waitForCompletion(deps.client, entry.requestId!, {
    onPoll,
    deadlineMs: remaining,
    schedule,
    expect: { opportunityId: deps.settings.opportunityId },
    onCall: p.onCall,
    ...(deps.signal ? { signal: deps.signal } : {}),
  }).finally(() => schedule.release());
  // Whether the task finished is the wait's answer (it stopped on a final state), not decided again here.
  // The completion lies in a bracket: after the last poll that saw the task running was sent (less the
  // time the submit's answer took, since the provider counts from its acceptance), and by the time the
  // first final status was read (from sending the update). The record reports its middle.
  const bracket = waited.terminal
    ? {
        lowMs: life.lastRunningSentAt === null ? 0 : Math.max(0, life.lastRunningSentAt - p.acceptedBy),
        highMs: waited.final!.receivedAt - p.since,
      }
    : null;
  return toRecord(deps, entry, {
    calls: p.calls,
    requestId: entry.requestId,
    submitMs: p.submitMs,
    completionMs: bracket ? (bracket.lowMs + bracket.highMs) / 2 : null,
    bracket,
    polls: waited.polls,
    resumed: p.resumed,
    state: waited.final ? waited.state : null,
    violations: [...p.violations, ...waited.violations],
    timedOut: waited.timedOut,
    error: waited.lastError,
    life,
  });
}

interface Evidence {
  calls: CanaryCall[];
  requestId: string | null;
  submitMs: number | null;
  completionMs: number | null;
  bracket: { lowMs: number; highMs: number } | null;
  polls: number;
  resumed: boolean;
  state: TaskState | null;
  violations: ContractViolation[];
  timedOut: boolean;
  error: Error | null;
  life?: Lifecycle;
}

function toRecord(deps: CanaryDeps, entry: LedgerEntry, e: Evidence): CanaryRecord {
  const { outcome, reason } = classifyOutcome(e);
  // The poll schedule learns from this canary's bracket (how the next one polls).
  if (outcome === 'success' && e.bracket !== null) deps.schedule.observe(e.bracket);
  const s = deps.settings;
  const degraded = outcome === 'success' && e.completionMs !== null && s.degradedAfterMs !== undefined && e.completionMs > s.degradedAfterMs;
  const life = e.life ?? { queueMs: null, retriesSeen: 0, queuedUntilMs: 0, lastRunningSentAt: null };
  return {
    ...recordBase(deps, entry, e.calls),
    requestId: e.requestId,
    outcome,
    reason,
    submitMs: e.submitMs,
    completionMs: e.completionMs,
    completionLowMs: e.bracket?.lowMs ?? null,
    completionHighMs: e.bracket?.highMs ?? null,
    completionUncertaintyMs: e.bracket ? (e.bracket.highMs - e.bracket.lowMs) / 2 : null,
    polls: e.polls,
    violations: e.violations,
    resumed: e.resumed,
    degraded,
    queueMs: life.queueMs,
    retriesSeen: life.retriesSeen,
    stuck: s.stuckAfterMs !== undefined && life.queuedUntilMs >= s.stuckAfterMs,
    // Accepted, and no final state read before the deadline: the provider kept the update too long or lost it.
    leaked: outcome === 'timeout' && e.requestId !== null,
    recheck: 'none',
    recheckOf: null,
  };
}

/** The fields every record has, read when the canary settles. */
function recordBase(deps: CanaryDeps, entry: LedgerEntry, calls: CanaryCall[]) {
  return {
    canaryId: entry.canaryId,
    target: entry.target ?? deps.client.baseUrl,
    startedAt: entry.startedAt,
    settledAt: deps.client.clock.wallNow(),
    calls,
    budgetSpent: deps.client.budgetSpent(),
  };
}

/** The wall time of a moment read on the monotonic clock (how long ago it was, taken from the wall now). */
function wallAt(clock: Clock, monotonic: number): number {
  return clock.wallNow() - (clock.now() - monotonic);
}
