// Completion-time distributions and budgets whose plans test/unit/poll-plan-recorded.test.ts compares
// with the plans recorded in test/unit/fixtures/poll-plans.json. Seeded draws, so every run plans the
// same distributions: a fixed latency, one mode, a spread past one window and a far second mode, each with a fresh
// window and with calls already in it.
import { CompletionModel } from '../../../src/monitor/completion-model.ts';
import type { Cdf, PlanOptions } from '../../../src/monitor/poll-plan.ts';
// The benchmark's seeded uniform random (mulberry32), not a copy of it.
import { seeded } from '../../../bench/lib/latency-mix.ts';

/** The model after 60 brackets of 400–600 ms around draws of `draw` (what a monitor learns). */
function learned(draw: (r: () => number) => number, seed: number): Cdf {
  const r = seeded(seed);
  const m = new CompletionModel();
  for (let i = 0; i < 60; i++) {
    const t = draw(r);
    const low = Math.max(0, t - 300 * r());
    m.observe({ lowMs: low, highMs: low + 400 + 200 * r() });
  }
  return m.cdf()!;
}

export function planCases(): Array<{ name: string; cdf: Cdf; options: PlanOptions }> {
  const distributions: Array<[string, Cdf]> = [
    ['fixed 5 min', learned(() => 300_000, 1)],
    ['uniform 1-3 s', learned((r) => 1000 + 2000 * r(), 2)],
    ['lognormal 10 s', learned((r) => 10_000 * Math.exp(0.3 * Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r())), 3)],
    ['bimodal 2 s + 30-s retry', learned((r) => (r() < 0.1 ? 32_550 + 1700 * r() : 1500 + 1000 * r()), 5)],
  ];
  const budgets: Array<[string, PlanOptions]> = [
    ['fresh window', { limit: 5, windowMs: 5250 }],
    ['two calls in the window', { limit: 5, windowMs: 5250, priorCalls: [-3000, -1200] }],
    ['a call at the submit, 99 %', { limit: 5, windowMs: 5250, priorCalls: [0], target: 0.99 }],
  ];
  return distributions.flatMap(([d, cdf]) => budgets.map(([b, options]) => ({ name: `${d}, ${b}`, cdf, options })));
}
