// The planner's answers do not drift: for four learned distributions and three budgets, the plan equals
// the one recorded in fixtures/poll-plans.json (polls, error, coverage, to the last bit). The recording
// was made with the planner before its first burst reused the table's continuation and before the
// widest e's plan was made lazily (both are speed-ups that must not change a single plan); a change that
// is meant to change plans records them again and says why in its commit.
import { readFileSync } from 'node:fs';
import { expect, test } from 'vitest';
import { planPolls } from '../../src/monitor/poll-plan.ts';
import { planCases } from './support/poll-plan-cases.ts';

const recorded = JSON.parse(readFileSync(new URL('./fixtures/poll-plans.json', import.meta.url), 'utf8')) as Array<{
  name: string;
  polls: number[];
  errorMs: number;
  coverage: number;
}>;

test.each(planCases().map((c, i) => [c.name, c, recorded[i]!] as const))('%s: the recorded plan', (_name, c, expected) => {
  expect(expected.name).toBe(c.name);
  expect(planPolls(c.cdf, c.options)).toEqual({ polls: expected.polls, errorMs: expected.errorMs, coverage: expected.coverage });
});
