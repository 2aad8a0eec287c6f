// Completion-time distributions and budgets whose plans test/unit/poll-plan-recorded.test.ts compares
// with the plans recorded in test/unit/fixtures/poll-plans.json: a fixed latency, one mode, a spread
// past one window and a far second mode, each with a fresh window and with calls already in it.
// The distributions are fixtures too (fixtures/poll-plan-inputs.json): what the completion model
// learned from 60 seeded brackets of 400–600 ms around draws of each latency, recorded on 2 December
// 2026 before the model's kernel changed. This test is about the planner; the model has its own
// (completion-model.test.ts), and a better model must not make the planner's record unreadable.
import { readFileSync } from 'node:fs';
import type { Cdf, PlanOptions } from '../../../src/monitor/poll-plan.ts';

const inputs = JSON.parse(readFileSync(new URL('../fixtures/poll-plan-inputs.json', import.meta.url), 'utf8')) as Record<string, Cdf>;

export function planCases(): Array<{ name: string; cdf: Cdf; options: PlanOptions }> {
  const distributions = ['fixed 5 min', 'uniform 1-3 s', 'lognormal 10 s', 'bimodal 2 s + 30-s retry'].map((d) => [d, inputs[d]!] as const);
  const budgets: Array<[string, PlanOptions]> = [
    ['fresh window', { limit: 5, windowMs: 5250 }],
    ['two calls in the window', { limit: 5, windowMs: 5250, priorCalls: [-3000, -1200] }],
    ['a call at the submit, 99 %', { limit: 5, windowMs: 5250, priorCalls: [0], target: 0.99 }],
  ];
  return distributions.flatMap(([d, cdf]) => budgets.map(([b, options]) => ({ name: `${d}, ${b}`, cdf, options })));
}
