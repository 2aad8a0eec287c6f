// When cycles start: every fixed interval, or on a cron expression (croner). Both stop cleanly.
import { Cron } from 'croner';

export type Trigger = { kind: 'interval'; ms: number } | { kind: 'cron'; expression: string };

export interface Scheduled {
  stop(): void;
}

export function schedule(trigger: Trigger, tick: () => void): Scheduled {
  if (trigger.kind === 'cron') {
    const job = new Cron(trigger.expression, { protect: false }, tick);
    return { stop: () => job.stop() };
  }
  tick(); // the first cycle at once, so a newcomer sees a result without waiting an interval
  const timer = setInterval(tick, trigger.ms);
  return { stop: () => clearInterval(timer) };
}

/** Checks a cron expression up front, so a typo is a settings error (exit 2), not a crash later. */
export function validateCron(expression: string): string | null {
  try {
    new Cron(expression, { paused: true }).stop();
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
