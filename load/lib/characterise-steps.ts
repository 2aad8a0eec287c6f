// The measuring steps of load/characterise.ts, each one call pattern against the limiter. One VU runs
// them in order; every loop is bounded by a call count and a deadline.
import { sleep } from 'k6';
import { send } from './api.ts';
import type { Endpoint } from './plan.ts';
import type { LoadSettings } from './settings.ts';

export interface Call {
  /** Midpoint of the request: the best guess of when the limiter saw it. */
  at: number;
  admitted: boolean;
  refused: boolean;
  status: number;
  /** A 429's body. */
  refusalText?: string;
}

export interface Bounds {
  maxCalls: number;
  probeMs: number;
  deadline: number;
}

export function call(s: LoadSettings, endpoint: Endpoint): Call {
  const t0 = Date.now();
  const a = send(s, endpoint, true, { lsq_check: 'characterise' });
  const at = (t0 + Date.now()) / 2;
  if (a.outcome === 'unexpected') throw new Error(`the target answered ${a.status} to a ${endpoint} call; cannot characterise its limiter`);
  return {
    at,
    admitted: a.outcome === 'admitted',
    refused: a.outcome === 'refused',
    status: a.status,
    ...(a.refusalText !== undefined ? { refusalText: a.refusalText } : {}),
  };
}

/** Sends updates, each `spacingMs` after the previous one, until the first 429. */
export function exhaust(s: LoadSettings, spacingMs: number, b: Bounds): { admitted: Call[]; firstRefusal: Call | null } {
  const admitted: Call[] = [];
  for (let i = 0; i < b.maxCalls && Date.now() < b.deadline; i++) {
    const start = Date.now();
    const c = call(s, 'update');
    if (c.refused) return { admitted, firstRefusal: c };
    admitted.push(c);
    const rest = spacingMs - (Date.now() - start);
    if (rest > 0) sleep(rest / 1000);
  }
  return { admitted, firstRefusal: null };
}

/** Probes with updates every probeMs until one is admitted; returns it, or null at the deadline. */
export function probeUntilAdmitted(s: LoadSettings, b: Bounds): Call | null {
  while (Date.now() < b.deadline) {
    const c = call(s, 'update');
    if (c.admitted) return c;
    sleep(b.probeMs / 1000);
  }
  return null;
}

/**
 * Right after the update budget ran out: a status call refused means one shared budget, admitted means
 * separate ones — unless the update budget came back in between (a fixed window's edge), which the
 * update call right after tells; then the answer is unknown (null) and is asked again later.
 */
export function sharesBudget(s: LoadSettings): boolean | null {
  const status = call(s, 'status');
  if (status.refused) return true;
  const update = call(s, 'update');
  return update.refused ? false : null;
}
