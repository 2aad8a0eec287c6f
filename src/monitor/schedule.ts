// When cycles start: every fixed interval, or on a cron expression. Both sleep on the monitor's Clock,
// so tests drive them with fake time and no wait is handed to setTimeout whole: a delay over 2^31-1 ms
// (~24.8 days) used to become 1 ms, and `--interval 600h` fired a canary every millisecond.
// An interval counts monotonic time (an NTP step neither bunches nor skips cycles); a cron runs at wall
// times, so its wait is re-read from the wall clock at least every minute and a step is followed.
import { Cron } from 'croner';
import { systemClock, type Clock } from '../timing/clock.ts';

export type Trigger = { kind: 'interval'; ms: number } | { kind: 'cron'; expression: string };

export interface Scheduled {
  stop(): void;
}

/** How often a cron wait looks at the wall clock again (how late a cron run can be after a step). */
const CRON_RECHECK_MS = 60_000;

export function schedule(trigger: Trigger, tick: () => void, clock: Clock = systemClock): Scheduled {
  const stopped = new AbortController();
  const loop = trigger.kind === 'cron' ? cronLoop(trigger.expression, tick, clock, stopped.signal) : intervalLoop(trigger.ms, tick, clock, stopped.signal);
  loop.catch((err) => {
    if (!stopped.signal.aborted) throw err;
  });
  return { stop: () => stopped.abort(new Error('schedule stopped')) };
}

async function intervalLoop(ms: number, tick: () => void, clock: Clock, signal: AbortSignal): Promise<void> {
  const start = clock.now();
  tick(); // the first cycle at once, so a newcomer sees a result without waiting an interval
  // Each wake is due at start + n × interval, so the time a tick takes does not push the next ones later.
  for (let n = 1; ; n++) {
    await clock.sleep(Math.max(0, start + n * ms - clock.now()), signal);
    tick();
  }
}

async function cronLoop(expression: string, tick: () => void, clock: Clock, signal: AbortSignal): Promise<void> {
  const cron = new Cron(expression, { paused: true });
  for (;;) {
    const next = cron.nextRun(new Date(clock.wallNow()));
    if (!next) return; // a pattern with no future run (validateCron refuses those up front)
    while (clock.wallNow() < next.getTime()) await clock.sleep(Math.min(next.getTime() - clock.wallNow(), CRON_RECHECK_MS), signal);
    tick();
  }
}

/** Checks a cron expression up front, so a typo is a settings error (exit 2), not a crash later. */
export function validateCron(expression: string): string | null {
  try {
    const cron = new Cron(expression, { paused: true });
    if (!cron.nextRun()) return 'has no future run';
    return null;
  } catch (err) {
    return (err as Error).message;
  }
}

/** The typical time between cycles of a trigger (for cron: between its next two runs). */
export function typicalIntervalMs(trigger: Trigger): number {
  if (trigger.kind === 'interval') return trigger.ms;
  const [a, b] = new Cron(trigger.expression, { paused: true }).nextRuns(2);
  return a && b ? b.getTime() - a.getTime() : 60_000;
}
