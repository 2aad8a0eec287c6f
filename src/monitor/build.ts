// Wires a Monitor from the harness settings: a client on the monitor's own rate budget (a share of the
// provider's limit, leaving the rest to production), the metrics registry, the ledger. Nothing here
// hooks the client's calls: each canary collects its own calls into its record (canary.ts), and the
// publisher turns records into metrics (publish.ts).
import type { HarnessSettings } from '../config/settings.ts';
import { clientFor } from '../config/target.ts';
import { createCanaryMetrics, type CanaryMetrics } from '../metrics/canary-metrics.ts';
import { Ledger } from './ledger.ts';
import type { MaintenanceWindow } from './maintenance.ts';
import { Monitor } from './monitor.ts';
import { AdaptivePollSchedule } from './poll-schedule.ts';
import type { Clock } from '../timing/clock.ts';

export interface BuildOptions {
  baseUrl: string;
  targetKind: 'sandbox' | 'remote';
  targetDescription: string;
  /** Calls per window the monitor allows itself (the window is the settings' rate window). */
  budget: number;
  deadlineMs: number;
  markerField: string;
  ledgerPath: string | null;
  pushgatewayUrl?: string | null;
  log?: (line: string) => void;
  metrics?: CanaryMetrics;
  clock?: Clock;
  /** The client's fetch (tests and benchmarks on fake time); by default the client's own node:http transport (src/client/node-http.ts). */
  fetch?: typeof fetch;
  schedule?: AdaptivePollSchedule;
  maxInFlight?: number;
  /** Time between cycles, to share the budget between submits and polls. */
  intervalMs: number;
  /** A success slower than this is degraded (shown, never paged). */
  degradedAfterMs?: number;
  /** A canary still In-Queue this long after its submit is stuck. */
  stuckAfterMs?: number;
  maintenance?: readonly MaintenanceWindow[];
  /** Re-check a transport-level failure once before it counts (default true). */
  recheck?: boolean;
}

export function buildMonitor(settings: HarnessSettings, o: BuildOptions): Monitor {
  const metrics = o.metrics ?? createCanaryMetrics();
  const client = clientFor(settings, o.baseUrl, {
    rateLimit: { ...settings.rateLimit, limit: o.budget },
    ...(o.clock ? { clock: o.clock } : {}),
    ...(o.fetch ? { fetch: o.fetch } : {}),
  });
  return new Monitor({
    client,
    metrics,
    ledger: new Ledger(o.ledgerPath, o.log ? { log: o.log } : {}),
    canary: {
      opportunityId: settings.canaryOpportunityId!,
      markerField: o.markerField,
      deadlineMs: o.deadlineMs,
      ...(o.degradedAfterMs !== undefined ? { degradedAfterMs: o.degradedAfterMs } : {}),
      ...(o.stuckAfterMs !== undefined ? { stuckAfterMs: o.stuckAfterMs } : {}),
    },
    ...(o.maintenance ? { maintenance: o.maintenance } : {}),
    ...(o.recheck !== undefined ? { recheck: o.recheck } : {}),
    targetKind: o.targetKind,
    targetDescription: o.targetDescription,
    pushgatewayUrl: o.pushgatewayUrl ?? null,
    ...(o.log ? { log: o.log } : {}),
    schedule: o.schedule ?? scheduleFor(client),
    ...(o.maxInFlight ? { maxInFlight: o.maxInFlight } : {}),
  });
}

/** A poll schedule planned against the client's own budget (its limiter's calls per window, margin included). */
export function scheduleFor(client: { limiter: { settings: { limit: number; windowMs: number } } | null }): AdaptivePollSchedule {
  const budget = client.limiter?.settings;
  return new AdaptivePollSchedule(budget ? { limit: budget.limit, windowMs: budget.windowMs } : {});
}

/** Polls one canary may spend (the old schedule's allowance; kept for callers): the calls the budget allows per cycle, less the submit. */
export function pollAllowance(budget: number, windowMs: number, intervalMs: number): number {
  return Math.max(3, Math.floor((budget * intervalMs) / windowMs) - 1);
}
