// One limiter for both sides: the sandbox refuses with it (per API key) and the client spends its own
// budget through it, so "25 per 5 s" means the same thing everywhere. Dependency-free on purpose.
import type { Clock } from './clock.ts';

export type WindowKind = 'sliding' | 'fixed';

export interface RateLimitSettings {
  /** Calls admitted per window; 0 turns the limiter off. */
  limit: number;
  windowMs: number;
  kind: WindowKind;
}

export const LEADSQUARED_DEFAULT_LIMIT: RateLimitSettings = { limit: 25, windowMs: 5000, kind: 'sliding' };

export type Admission = { admitted: true } | { admitted: false; retryAfterMs: number };

/**
 * Sliding window: a call is admitted when fewer than `limit` calls were admitted in the last `windowMs`
 * (a log of admission times). Fixed window: windows start at multiples of `windowMs` since the epoch
 * and each admits `limit` calls. Refused calls do not count against the budget.
 */
export class RateLimiter {
  readonly settings: RateLimitSettings;
  private readonly clock: Clock;
  private readonly logs = new Map<string, number[]>();
  private readonly fixedWindows = new Map<string, { start: number; count: number }>();

  constructor(settings: RateLimitSettings, clock: Clock) {
    if (!Number.isInteger(settings.limit) || settings.limit < 0) throw new RangeError(`limit must be a whole number ≥ 0, got ${settings.limit}`);
    if (!(settings.windowMs > 0)) throw new RangeError(`windowMs must be > 0, got ${settings.windowMs}`);
    this.settings = settings;
    this.clock = clock;
  }

  get enabled(): boolean {
    return this.settings.limit > 0;
  }

  /** Admits or refuses one call for `key` right now. */
  tryAcquire(key = 'default'): Admission {
    if (!this.enabled) return { admitted: true };
    const now = this.clock.now();
    return this.settings.kind === 'fixed' ? this.tryFixed(key, now) : this.trySliding(key, now);
  }

  /** Waits (on the clock) until a call for `key` is admitted. */
  async acquire(key = 'default', signal?: AbortSignal): Promise<void> {
    for (;;) {
      const admission = this.tryAcquire(key);
      if (admission.admitted) return;
      await this.clock.sleep(admission.retryAfterMs, signal);
    }
  }

  /** Calls admitted for `key` in the current window (sliding: the last windowMs). */
  spent(key = 'default'): number {
    const now = this.clock.now();
    if (this.settings.kind === 'fixed') {
      const w = this.fixedWindows.get(key);
      return w && w.start === this.windowStart(now) ? w.count : 0;
    }
    return this.prune(key, now).length;
  }

  reset(): void {
    this.logs.clear();
    this.fixedWindows.clear();
  }

  private trySliding(key: string, now: number): Admission {
    const log = this.prune(key, now);
    if (log.length < this.settings.limit) {
      log.push(now);
      return { admitted: true };
    }
    // The oldest admission leaves the window at oldest + windowMs; from then on one more fits.
    return { admitted: false, retryAfterMs: log[0]! + this.settings.windowMs - now };
  }

  private tryFixed(key: string, now: number): Admission {
    const start = this.windowStart(now);
    let w = this.fixedWindows.get(key);
    if (!w || w.start !== start) {
      w = { start, count: 0 };
      this.fixedWindows.set(key, w);
    }
    if (w.count < this.settings.limit) {
      w.count++;
      return { admitted: true };
    }
    return { admitted: false, retryAfterMs: start + this.settings.windowMs - now };
  }

  private windowStart(now: number): number {
    return now - (now % this.settings.windowMs);
  }

  private prune(key: string, now: number): number[] {
    let log = this.logs.get(key);
    if (!log) {
      log = [];
      this.logs.set(key, log);
    }
    // An admission at t is inside the window while now - t < windowMs.
    let drop = 0;
    while (drop < log.length && now - log[drop]! >= this.settings.windowMs) drop++;
    if (drop) log.splice(0, drop);
    return log;
  }
}
