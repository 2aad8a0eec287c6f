// The status page's data, computed once per request from the history: the state per target, uptime over
// 24 h / 7 d / 30 d, latency percentiles, the last 50 canaries with their violations explained, and the
// drift table. `GET /api/status.json` serves exactly this object; the HTML page and the badges are
// renderings of it (plus the history's per-canary points for the plots), so they cannot disagree.
// The schema is the documented one (docs/status-page.md); fields may be added, none removed.
import { z } from 'zod';
import type { CanaryHistory, HistoryEntry } from './history.ts';
import { explainRule } from './rule-text.ts';
import { currentState, stateOfOutcome, TARGET_STATES, type MaintenanceWindow } from './state.ts';

export const HOUR = 3_600_000;
export const WINDOWS = { '24h': 24 * HOUR, '7d': 7 * 24 * HOUR, '30d': 30 * 24 * HOUR } as const;
export const RECENT_SHOWN = 50;

const Uptime = z.object({ canaries: z.number().int(), successes: z.number().int(), ratio: z.number().min(0).max(1).nullable() });
const Percentiles = z.object({ p50: z.number().nullable(), p95: z.number().nullable() });
const Latency = z.object({ canaries: z.number().int(), completionMs: Percentiles, submitMs: Percentiles });
const Violation = z.object({ rule: z.string(), path: z.string(), detail: z.string(), explanation: z.string() });

export const StatusDataSchema = z.object({
  schema: z.literal('lsq-harness.status/v1'),
  generatedAt: z.number(),
  monitor: z.object({
    version: z.string(),
    target: z.string(),
    schedule: z.string(),
    budgetLimit: z.number().nullable(),
    /** Where /metrics is, relative to the page; null on a static page (no monitor behind it). */
    metrics: z.string().nullable(),
  }),
  targets: z.array(
    z.object({
      target: z.string(),
      state: z.enum(TARGET_STATES),
      since: z.number().nullable(),
      reason: z.string().nullable(),
      lastCanaryAt: z.number().nullable(),
      uptime: z.object({ '24h': Uptime, '7d': Uptime, '30d': Uptime }),
    }),
  ),
  latency: z.object({ '24h': Latency, '7d': Latency }),
  recent: z.array(
    z.object({
      canaryId: z.string(),
      target: z.string(),
      requestId: z.string().nullable(),
      outcome: z.string(),
      state: z.enum(TARGET_STATES),
      reason: z.string(),
      startedAt: z.number(),
      settledAt: z.number(),
      submitMs: z.number().nullable(),
      completionMs: z.number().nullable(),
      /** Half the completion's bracket: the page shows completionMs ± this. */
      completionUncertaintyMs: z.number().nullable().optional(),
      polls: z.number().int(),
      rateLimited: z.number().int(),
      budgetSpent: z.number().int(),
      resumed: z.boolean(),
      violations: z.array(Violation),
    }),
  ),
  drift: z.array(
    z.object({
      rule: z.string(),
      explanation: z.string(),
      firstSeen: z.number(),
      lastSeen: z.number(),
      count: z.number().int(),
      lastPath: z.string(),
      lastDetail: z.string(),
    }),
  ),
  kept: z.object({ canaries: z.number().int(), oldest: z.number().nullable() }),
});
export type StatusData = z.infer<typeof StatusDataSchema>;

export interface MonitorInfo {
  version: string;
  target: string;
  schedule: string;
  budgetLimit: number | null;
  metrics: string | null;
}

/** The data at `now`. */
export function statusData(
  history: Pick<CanaryHistory, 'entries' | 'hours' | 'drift'>,
  monitor: MonitorInfo,
  now: number,
  maintenance: readonly MaintenanceWindow[] = [],
): StatusData {
  const entries = [...history.entries()].sort((a, b) => a.settledAt - b.settledAt);
  const targets = [...new Set([monitor.target, ...entries.map((e) => e.target)])];
  return {
    schema: 'lsq-harness.status/v1',
    generatedAt: now,
    monitor: { ...monitor },
    targets: targets.map((target) => {
      const mine = entries.filter((e) => e.target === target);
      const hours = history.hours().filter((h) => h.target === target);
      const uptime = (windowMs: number) => {
        const inside = hours.filter((h) => h.hour + HOUR > now - windowMs);
        const canaries = inside.reduce((n, h) => n + h.total, 0);
        const successes = inside.reduce((n, h) => n + h.ok, 0);
        return { canaries, successes, ratio: canaries ? successes / canaries : null };
      };
      return {
        target,
        ...currentState(
          mine,
          now,
          maintenance.filter((w) => w.target === undefined || w.target === target),
        ),
        lastCanaryAt: mine.at(-1)?.settledAt ?? null,
        uptime: { '24h': uptime(WINDOWS['24h']), '7d': uptime(WINDOWS['7d']), '30d': uptime(WINDOWS['30d']) },
      };
    }),
    latency: { '24h': latency(within(entries, now, WINDOWS['24h'])), '7d': latency(within(entries, now, WINDOWS['7d'])) },
    recent: entries
      .slice(-RECENT_SHOWN)
      .reverse()
      .map((e) => ({ ...e, state: stateOfOutcome(e.outcome), violations: e.violations.map((v) => ({ ...v, explanation: explainRule(v.rule) })) })),
    drift: [...history.drift()].sort((a, b) => b.lastSeen - a.lastSeen).map((d) => ({ ...d, explanation: explainRule(d.rule) })),
    kept: { canaries: entries.length, oldest: entries[0]?.settledAt ?? null },
  };
}

/** Canaries settled within `windowMs` before `now`. */
export function within(entries: readonly HistoryEntry[], now: number, windowMs: number): HistoryEntry[] {
  return entries.filter((e) => e.settledAt > now - windowMs && e.settledAt <= now);
}

function latency(entries: readonly HistoryEntry[]) {
  const completion = entries.flatMap((e) => (e.completionMs === null ? [] : [e.completionMs]));
  const submit = entries.flatMap((e) => (e.submitMs === null ? [] : [e.submitMs]));
  return {
    canaries: entries.length,
    completionMs: { p50: percentile(completion, 0.5), p95: percentile(completion, 0.95) },
    submitMs: { p50: percentile(submit, 0.5), p95: percentile(submit, 0.95) },
  };
}

/** Nearest-rank percentile (a value that was observed); null for no values. */
export function percentile(values: readonly number[], p: number): number | null {
  if (!values.length) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)]!;
}
