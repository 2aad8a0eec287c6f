// The k6 rate-limit plan (load/lib/plan.ts) under Node: the compact smoke plan proves each property in
// the fewest windows, with exact expectations that tell a shared budget from separate ones, and every
// part that needs an empty budget starts a full window after the last one's admissions.
import { expect, test } from 'vitest';
import { buildPlan, spanMs } from '../../load/lib/plan.ts';

const base = { limit: 25, windowMs: 5000, windowKind: 'sliding' as const, sharedBudget: true, guardMs: 150 };

test('smoke against a sliding window: one mixed part past the limit, then recovery and one window at the limit, ~17 s', () => {
  const plan = buildPlan({ ...base, profile: 'smoke' });
  expect(plan.parts.map((p) => [p.scenario, p.endpoint, p.count])).toEqual([
    ['shared_update', 'update', 30],
    ['shared_status', 'status', 30],
    ['at_limit', 'update', 50],
  ]);
  const [mixedUpdate, , atLimit] = plan.parts;
  // At the limit starts only once the mixed part's admissions have left the window.
  expect(atLimit!.startMs).toBeGreaterThanOrEqual(mixedUpdate!.startMs + spanMs(mixedUpdate!) + base.windowMs);
  expect(plan.totalMs).toBeLessThan(18_000);
  expect(plan.expectations.map((e) => [e.check, e.sent, e.admitted.min, e.admitted.max, e.refused.min])).toEqual([
    ['shared', 60, 25, 25, 35],
    ['recovery', 25, 25, 25, 0],
    ['at_limit', 25, 25, 25, 0],
  ]);
});

test('with separate budgets the same mixed part expects the limit of each endpoint, so the two modes are told apart', () => {
  const shared = buildPlan({ ...base, profile: 'smoke' }).expectations[0]!;
  const separate = buildPlan({ ...base, profile: 'smoke', sharedBudget: false }).expectations[0]!;
  expect(separate.admitted).toEqual({ min: 50, max: 50 });
  expect(separate.refused).toEqual({ min: 10, max: 10 });
  expect(separate.admitted.min).not.toBe(shared.admitted.min);
});

test('a provider with a lower limit cannot meet the smoke expectations', () => {
  const plan = buildPlan({ ...base, profile: 'smoke' });
  // What a 20-per-5-s provider would admit of the mixed part: 20, outside the exact 25.
  const shared = plan.expectations.find((e) => e.check === 'shared')!;
  expect(20 >= shared.admitted.min && 20 <= shared.admitted.max).toBe(false);
});

test('the full profile and any fixed window keep the thorough plan: burst, recovery, at the limit at length, over the limit, shared', () => {
  for (const s of [
    { ...base, profile: 'full' as const },
    { ...base, profile: 'smoke' as const, windowKind: 'fixed' as const },
  ]) {
    const plan = buildPlan(s);
    expect(plan.expectations.map((e) => e.check)).toEqual(['burst', 'recovery', 'at_limit', 'over_limit', 'shared']);
  }
  expect(buildPlan({ ...base, profile: 'full' }).totalMs).toBeGreaterThan(120_000);
});

test('each part pre-allocates VUs for 3 s of response time at its rate, within --max-vus', async () => {
  const { scenarioOptions } = await import('../../load/lib/options.ts');
  const plan = buildPlan({ ...base, profile: 'smoke' });
  const settings = { ...base, profile: 'smoke', maxVUs: 50 } as Parameters<typeof scenarioOptions>[1];
  const atLimit = scenarioOptions(plan, settings).at_limit!;
  // 25 per 5.15 s is ~4.9 a second: 15 in flight for 3 s, plus 2.
  expect(atLimit).toMatchObject({ preAllocatedVUs: 17, maxVUs: 50 });
  // One VU allowed (the load suite's `dropped` run): one, so the rate it cannot keep is still dropped.
  expect(scenarioOptions(plan, { ...settings, maxVUs: 1 }).at_limit).toMatchObject({ preAllocatedVUs: 1, maxVUs: 1 });
});
