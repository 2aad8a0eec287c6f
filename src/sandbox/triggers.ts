// Outcomes chosen by the request itself: put one of these words as a Field Value or as the
// OpportunityNote and the sandbox plays that outcome. Documented in the README's sandbox section.

export type PlannedOutcome =
  | { kind: 'success' }
  | { kind: 'application-error'; exceptionType: string; message: string }
  | { kind: 'system-error'; failingAttempts: number; message: string }
  | { kind: 'stuck' };

export const TRIGGERS = {
  SANDBOX_FAIL_MX: 'fails at once with an MX (application) exception: FAILURE, not retried',
  SANDBOX_SYSTEM_ERROR: 'every attempt hits a system error: retried 10 times on the schedule, then ERROR',
  SANDBOX_SYSTEM_ERROR_ONCE: 'the first attempt hits a system error, the retry 30 s later (scaled) succeeds',
  SANDBOX_STUCK: 'accepted but never picked: stays In-Queue forever',
} as const;

/** `SANDBOX_LATENCY_MS=<n>`: this update takes n ms (before time scaling) instead of a drawn latency. */
export const LATENCY_TRIGGER = /^SANDBOX_LATENCY_MS=(\d{1,9})$/;

/** Opportunity ids starting with this do not exist: FAILURE with MXDoesNotExistException. */
export const MISSING_OPPORTUNITY_PREFIX = '00000000-0000-0000-0000-';

export const SYSTEM_ERROR_TEXT = 'Unable to connect to the database';
export const MX_FAILURE = { exceptionType: 'MXInvalidInputException', message: 'Invalid value for field' };

export interface TriggerReading {
  outcome: PlannedOutcome;
  latencyMs: number | null;
}

export function readTriggers(opportunityId: string, note: string | undefined, values: string[]): TriggerReading {
  const words = [note ?? '', ...values];
  let latencyMs: number | null = null;
  for (const w of words) {
    const m = LATENCY_TRIGGER.exec(w);
    if (m) latencyMs = Number(m[1]);
  }
  const has = (word: keyof typeof TRIGGERS) => words.includes(word);
  if (opportunityId.toLowerCase().startsWith(MISSING_OPPORTUNITY_PREFIX)) {
    return { outcome: { kind: 'application-error', exceptionType: 'MXDoesNotExistException', message: 'Opportunity does not exist' }, latencyMs };
  }
  if (has('SANDBOX_STUCK')) return { outcome: { kind: 'stuck' }, latencyMs };
  if (has('SANDBOX_FAIL_MX')) return { outcome: { kind: 'application-error', ...MX_FAILURE }, latencyMs };
  if (has('SANDBOX_SYSTEM_ERROR')) return { outcome: { kind: 'system-error', failingAttempts: Infinity, message: SYSTEM_ERROR_TEXT }, latencyMs };
  if (has('SANDBOX_SYSTEM_ERROR_ONCE')) return { outcome: { kind: 'system-error', failingAttempts: 1, message: SYSTEM_ERROR_TEXT }, latencyMs };
  return { outcome: { kind: 'success' }, latencyMs };
}

/** What an update without any trigger reads as (nearly every update): one shared reading, only ever read. */
const NO_TRIGGER: TriggerReading = { outcome: { kind: 'success' }, latencyMs: null };
/** Every trigger word starts with this. */
const TRIGGER_START = 'SANDBOX_';

/**
 * readTriggers of an update body, without building its list of words when none of them can be a
 * trigger. (The missing-opportunity prefix is digits and dashes: an id starts with it in lower case
 * only if it starts with it as written.)
 */
export function readUpdateTriggers(update: {
  ProspectOpportunityId: string;
  OpportunityNote?: string | undefined;
  Fields: readonly { Value: string }[];
}): TriggerReading {
  let maybe = update.ProspectOpportunityId.startsWith(MISSING_OPPORTUNITY_PREFIX) || (update.OpportunityNote?.startsWith(TRIGGER_START) ?? false);
  for (let i = 0; !maybe && i < update.Fields.length; i++) maybe = update.Fields[i]!.Value.startsWith(TRIGGER_START);
  if (!maybe) return NO_TRIGGER;
  return readTriggers(
    update.ProspectOpportunityId,
    update.OpportunityNote,
    update.Fields.map((f) => f.Value),
  );
}
