// "Every canary is accounted for": the records of a canary — the monitor's results, the durable ledger
// and the exported metrics — agree with each other and with the sandbox's ground truth.
import { expect } from 'vitest';
import { Ledger } from '../../../src/monitor/ledger.ts';
import type { Monitor } from '../../../src/monitor/monitor.ts';
import type { CanaryRecord } from '../../../src/monitor/record.ts';
import { metricsOf, sample, sumBy } from '../../support/monitor.ts';

/** Checks results ↔ ledger ↔ metrics ↔ sandbox tasks; returns the outcomes in order. */
export async function expectAccounted(o: { monitor: Monitor; results: CanaryRecord[]; ledgerPath: string; sandboxUrl?: string }): Promise<string[]> {
  const ledger = new Ledger(o.ledgerPath);
  expect(ledger.unsettled(), 'no canary left unsettled').toEqual([]);
  const settled = new Map(ledger.recent().map((e) => [e.canaryId, e]));
  for (const r of o.results) {
    expect(settled.get(r.canaryId), `canary ${r.canaryId} is in the ledger`).toMatchObject({ outcome: r.outcome, requestId: r.requestId });
  }
  const exposition = await metricsOf(o.monitor);
  const runs = sumBy(exposition, 'lsq_canary_runs_total', 'outcome');
  expect(runs.total, 'one run counted per canary').toBe(o.results.length);
  const expected: Record<string, number> = {};
  for (const r of o.results) expected[r.outcome] = (expected[r.outcome] ?? 0) + 1;
  for (const [outcome, n] of Object.entries(runs.by)) expect(n, `runs_total{outcome="${outcome}"}`).toBe(expected[outcome] ?? 0);
  const calls = o.results.reduce((n, r) => n + r.calls.length, 0);
  expect(sumBy(exposition, 'lsq_canary_http_requests_total', 'code').total, 'every HTTP call of every canary counted once').toBe(calls);
  expect(sample(exposition, 'lsq_canary_in_flight')).toBe(0);
  expect(sample(exposition, 'lsq_canary_ledger_unsettled')).toBe(0);
  if (o.sandboxUrl) {
    // Every update the provider accepted belongs to a canary we have a result for.
    const tasks = (await (await fetch(`${o.sandboxUrl}/__sandbox/requests?limit=10000`)).json()) as Array<{ requestId: string }>;
    const ours = new Set(o.results.map((r) => r.requestId));
    for (const t of tasks) expect(ours.has(t.requestId), `accepted request ${t.requestId} has a canary`).toBe(true);
  }
  return o.results.map((r) => r.outcome);
}
