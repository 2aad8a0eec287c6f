// "Every canary is accounted for": the three records of a canary — the monitor's results, the durable
// ledger and the exported metrics — agree with each other and with the sandbox's ground truth.
import { expect } from 'vitest';
import type { CanaryResult } from '../../../src/monitor/canary.ts';
import { Ledger } from '../../../src/monitor/ledger.ts';
import type { Monitor } from '../../../src/monitor/monitor.ts';

/** Sum of a counter's samples over all label values, and the per-label values, from exposition text. */
export function counter(exposition: string, name: string): { total: number; by: Record<string, number> } {
  const by: Record<string, number> = {};
  let total = 0;
  for (const line of exposition.split('\n')) {
    const m = new RegExp(`^${name}\\{[^}]*outcome="(\\w+)"[^}]*\\} (\\S+)$`).exec(line);
    if (!m) continue;
    by[m[1]!] = Number(m[2]);
    total += Number(m[2]);
  }
  return { total, by };
}

export function gauge(exposition: string, name: string): number | undefined {
  const line = exposition.split('\n').find((l) => l.startsWith(`${name} `));
  return line === undefined ? undefined : Number(line.split(' ')[1]);
}

/** Checks results ↔ ledger ↔ metrics ↔ sandbox tasks; returns the outcomes in order. */
export async function expectAccounted(o: { monitor: Monitor; results: CanaryResult[]; ledgerPath: string; sandboxUrl?: string }): Promise<string[]> {
  const ledger = new Ledger(o.ledgerPath);
  expect(ledger.unsettled(), 'no canary left unsettled').toEqual([]);
  const settled = new Map(ledger.recent().map((e) => [e.canaryId, e]));
  for (const r of o.results) {
    expect(settled.get(r.canaryId), `canary ${r.canaryId} is in the ledger`).toMatchObject({ outcome: r.outcome, requestId: r.requestId });
  }
  const exposition = await o.monitor['o'].metrics.registry.metrics();
  const runs = counter(exposition, 'lsq_canary_runs_total');
  expect(runs.total, 'one run counted per canary').toBe(o.results.length);
  const expected: Record<string, number> = {};
  for (const r of o.results) expected[r.outcome] = (expected[r.outcome] ?? 0) + 1;
  for (const [outcome, n] of Object.entries(runs.by)) expect(n, `runs_total{outcome="${outcome}"}`).toBe(expected[outcome] ?? 0);
  expect(gauge(exposition, 'lsq_canary_in_flight')).toBe(0);
  expect(gauge(exposition, 'lsq_canary_ledger_unsettled')).toBe(0);
  if (o.sandboxUrl) {
    // Every update the provider accepted belongs to a canary we have a result for.
    const tasks = (await (await fetch(`${o.sandboxUrl}/__sandbox/requests?limit=10000`)).json()) as Array<{ requestId: string }>;
    const ours = new Set(o.results.map((r) => r.requestId));
    for (const t of tasks) expect(ours.has(t.requestId), `accepted request ${t.requestId} has a canary`).toBe(true);
  }
  return o.results.map((r) => r.outcome);
}
