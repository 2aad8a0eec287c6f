// Maintenance windows: while one is open the monitor runs no canary (a planned outage must not spend
// the error budget) and reports lsq_maintenance 1, which silences the generated SLO alerts. A window is
// either an absolute range of ISO times, `2026-12-24T22:00Z/2026-12-25T02:00Z`, or a cron expression
// (croner syntax, UTC) and a duration, `cron 0 2 * * 6 2h` (every Saturday 02:00-04:00 UTC). Windows
// come from --maintenance (repeatable) or a file of one window a line (`#` comments), read at start.
import { readFileSync } from 'node:fs';
import { Cron } from 'croner';
import { parseDuration } from './duration.ts';

export interface MaintenanceWindow {
  text: string;
  /** Whether the window is open at this wall-clock time (epoch ms). */
  covers(wallMs: number): boolean;
}

export class MaintenanceError extends Error {}

export function parseMaintenanceWindow(text: string): MaintenanceWindow {
  const t = text.trim();
  const cron = /^cron\s+(.+)\s+(\S+)$/.exec(t);
  if (cron) {
    const lengthMs = parseDuration(cron[2]!);
    if (lengthMs === null || lengthMs <= 0) throw new MaintenanceError(`"${t}": the last word must be the window's length, like 2h`);
    let job: Cron;
    try {
      job = new Cron(cron[1]!, { paused: true, timezone: 'UTC' });
    } catch (e) {
      throw new MaintenanceError(`"${t}": ${(e as Error).message}`);
    }
    return {
      text: t,
      covers: (wallMs) => {
        // The most recent start at or before now (croner counts whole seconds: a start this second counts).
        const last = job.previousRuns(1, new Date(wallMs + 1000))[0];
        return last !== undefined && wallMs < last.getTime() + lengthMs;
      },
    };
  }
  const range = /^(\S+)\/(\S+)$/.exec(t);
  if (range) {
    const from = Date.parse(range[1]!);
    const to = Date.parse(range[2]!);
    if (Number.isNaN(from) || Number.isNaN(to) || to <= from) throw new MaintenanceError(`"${t}": expected START/END, two ISO times with END after START`);
    return { text: t, covers: (wallMs) => wallMs >= from && wallMs < to };
  }
  throw new MaintenanceError(`"${t}": expected START/END (ISO times) or "cron EXPR LENGTH"`);
}

/** The windows of a file: one a line, blank lines and `#` comments skipped. */
export function readMaintenanceFile(path: string): MaintenanceWindow[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .map((l) => l.replace(/#.*$/, '').trim())
    .filter(Boolean)
    .map(parseMaintenanceWindow);
}

export function inMaintenance(windows: readonly MaintenanceWindow[], wallMs: number): boolean {
  return windows.some((w) => w.covers(wallMs));
}
