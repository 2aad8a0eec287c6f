// A target's current state, as the status page states it: up, degraded, down or in maintenance, and since
// when. Derived from canary outcomes through one table, so an outcome added later (`degraded`) only needs
// its line here; any outcome not in the table counts as down, so nothing unknown ever reads as healthy.
// Maintenance comes from outside the outcomes (windows someone declared) and wins over them while active.

export const TARGET_STATES = ['up', 'degraded', 'down', 'maintenance', 'unknown'] as const;
export type TargetState = (typeof TARGET_STATES)[number];

/** Outcome → state; every other outcome is `down`. */
const STATE_OF_OUTCOME: Readonly<Record<string, TargetState>> = { success: 'up', degraded: 'degraded' };

export function stateOfOutcome(outcome: string): TargetState {
  return Object.hasOwn(STATE_OF_OUTCOME, outcome) ? STATE_OF_OUTCOME[outcome]! : 'down';
}

/** A declared maintenance window (wall-clock epoch ms); `target` absent means every target. */
export interface MaintenanceWindow {
  start: number;
  end: number;
  reason: string;
  target?: string;
}

export interface CurrentState {
  state: TargetState;
  /** Wall-clock ms since which it has been in this state (the first canary of the current run, or the window's start); null when unknown. */
  since: number | null;
  /** Why: the latest canary's reason, or the maintenance window's. */
  reason: string | null;
}

/** The state of one target from its canaries (oldest first), at `now`. */
export function currentState(
  canaries: ReadonlyArray<{ outcome: string; settledAt: number; reason: string }>,
  now: number,
  maintenance: readonly MaintenanceWindow[] = [],
): CurrentState {
  const window = maintenance.find((w) => w.start <= now && now < w.end);
  if (window) return { state: 'maintenance', since: window.start, reason: window.reason };
  const last = canaries.at(-1);
  if (!last) return { state: 'unknown', since: null, reason: null };
  const state = stateOfOutcome(last.outcome);
  let since = last.settledAt;
  for (let i = canaries.length - 2; i >= 0 && stateOfOutcome(canaries[i]!.outcome) === state; i--) since = canaries[i]!.settledAt;
  return { state, since, reason: last.reason };
}
