import { expect, test } from 'vitest';
import { FakeClock } from '../../src/timing/clock.ts';
import { RateLimiter } from '../../src/timing/rate-limiter.ts';

const admittedOf = (limiter: RateLimiter, n: number) => Array.from({ length: n }, () => limiter.tryAcquire('k').admitted);

test.each(['sliding', 'fixed'] as const)('%s: 25 calls in 5 s pass and the 26th is refused', (kind) => {
  const clock = new FakeClock(Date.UTC(2026, 0, 1)); // on a window boundary for the fixed kind
  const limiter = new RateLimiter({ limit: 25, windowMs: 5000, kind }, clock);
  expect(admittedOf(limiter, 25).every(Boolean)).toBe(true);
  const refused = limiter.tryAcquire('k');
  expect(refused).toEqual({ admitted: false, retryAfterMs: 5000 });
});

test.each(['sliding', 'fixed'] as const)('%s: calls are admitted again once the window has passed', async (kind) => {
  const clock = new FakeClock(Date.UTC(2026, 0, 1));
  const limiter = new RateLimiter({ limit: 25, windowMs: 5000, kind }, clock);
  admittedOf(limiter, 25);
  await clock.advance(4999);
  expect(limiter.tryAcquire('k').admitted).toBe(false);
  await clock.advance(1);
  expect(limiter.tryAcquire('k').admitted).toBe(true);
});

test('sliding: any 5 s span holds at most 25 admissions, spread or bunched', async () => {
  const clock = new FakeClock(Date.UTC(2026, 0, 1));
  const limiter = new RateLimiter({ limit: 25, windowMs: 5000, kind: 'sliding' }, clock);
  const admissions: number[] = [];
  for (let t = 0; t < 60_000; t += 97) {
    if (limiter.tryAcquire('k').admitted) admissions.push(clock.now());
    await clock.advance(97);
  }
  for (const start of admissions) expect(admissions.filter((a) => a >= start && a < start + 5000).length).toBeLessThanOrEqual(25);
  // ... and never refuses one that fits: at 97 ms spacing, 25 per 5 s is the binding limit.
  expect(admissions.length).toBeGreaterThanOrEqual(Math.floor(60_000 / 5000) * 25 - 25);
});

test('fixed: a burst across a window edge admits up to twice the limit in a short span', async () => {
  const clock = new FakeClock(Date.UTC(2026, 0, 1) + 4000);
  const limiter = new RateLimiter({ limit: 25, windowMs: 5000, kind: 'fixed' }, clock);
  expect(admittedOf(limiter, 25).every(Boolean)).toBe(true);
  await clock.advance(1000); // next fixed window
  expect(admittedOf(limiter, 25).every(Boolean)).toBe(true);
  // The same pattern against a sliding window is refused: this is how characterisation tells them apart.
  const sliding = new RateLimiter({ limit: 25, windowMs: 5000, kind: 'sliding' }, clock);
  admittedOf(sliding, 25);
  await clock.advance(1000);
  expect(sliding.tryAcquire('k').admitted).toBe(false);
});

test('keys have separate budgets and refused calls cost nothing', () => {
  const clock = new FakeClock();
  const limiter = new RateLimiter({ limit: 2, windowMs: 5000, kind: 'sliding' }, clock);
  admittedOf(limiter, 5);
  expect(limiter.spent('k')).toBe(2);
  expect(limiter.tryAcquire('other').admitted).toBe(true);
});

test('a limit of 0 turns the limiter off', () => {
  const limiter = new RateLimiter({ limit: 0, windowMs: 5000, kind: 'sliding' }, new FakeClock());
  expect(admittedOf(limiter, 1000).every(Boolean)).toBe(true);
});

test('acquire() waits on the clock until the budget allows', async () => {
  const clock = new FakeClock();
  const limiter = new RateLimiter({ limit: 1, windowMs: 5000, kind: 'sliding' }, clock);
  await limiter.acquire('k');
  let done = false;
  const second = limiter.acquire('k').then(() => (done = true));
  await clock.advance(4000);
  expect(done).toBe(false);
  await clock.advance(1000);
  await second;
  expect(done).toBe(true);
});
