// Time flows through a Clock so that the limiter, the sandbox queue, the poller and the scheduler can be
// driven by fake time in tests and soak runs (thousands of cycles in seconds) — see DESIGN.md.
// A Clock offers two times because they answer two questions: now() is monotonic, for durations,
// deadlines and rate windows (an NTP step or a suspend must not make a canary time out or report a
// negative completion time); wallNow() is the wall clock, for timestamps that people, ledgers and
// Prometheus compare with other clocks (a staleness alert reads `time() - <timestamp>`).

export interface Clock {
  /**
   * Monotonic milliseconds, for durations only. It reads like epoch milliseconds (it starts from the
   * wall time at process start) but does not follow steps of the wall clock, so never publish it.
   */
  now(): number;
  /** Wall-clock milliseconds since the epoch, like Date.now(): for timestamps. */
  wallNow(): number;
  /** Resolves after `ms` of this clock's (monotonic) time; rejects with the signal's reason when aborted. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/**
 * The longest delay setTimeout honours (2^31-1 ms, about 24.8 days). Node turns a longer one into 1 ms
 * (with a TimeoutOverflowWarning): `--interval 600h` fired a canary every millisecond. Longer sleeps
 * are chained timers of at most this length.
 */
export const MAX_TIMER_MS = 2 ** 31 - 1;

// now() counts on the monotonic clock from the wall time at process start: durations measured with it
// (completion times, rate windows, deadlines) stay right when NTP or an operator steps the wall clock.
// A stepped Date.now() made a canary in flight time out (step forward) or report a negative
// completion time (step back); see test/reliability/clock-jump.test.ts.
export const systemClock: Clock = {
  now: () => performance.timeOrigin + performance.now(),
  wallNow: () => Date.now(),
  sleep: (ms, signal) => chainedSleep(ms, signal),
};

/** A sleep of any length on real timers, each at most MAX_TIMER_MS; the end is measured monotonically. */
function chainedSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const until = performance.now() + Math.max(0, ms);
    let timer: NodeJS.Timeout;
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const arm = () => {
      const left = until - performance.now();
      if (left <= 0) {
        signal?.removeEventListener('abort', onAbort);
        resolve();
        return;
      }
      timer = setTimeout(arm, Math.min(Math.ceil(left), MAX_TIMER_MS));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    // The first timer is armed even for 0 ms, as setTimeout(fn, 0) would: callers rely on yielding.
    timer = setTimeout(arm, Math.min(Math.max(0, Math.ceil(ms)), MAX_TIMER_MS));
  });
}

interface Sleeper {
  wakeAt: number;
  resolve: () => void;
}

/**
 * A clock that only moves when told to. `advance(ms)` wakes every sleeper whose time has come, in order,
 * letting each one's continuation run (microtasks) before the next wakes. Its wall clock moves with it
 * and can also be stepped alone (`stepWall`), as NTP or a suspend would step a real one.
 */
export class FakeClock implements Clock {
  private current: number;
  private wallOffset = 0;
  private sleepers: Sleeper[] = [];

  constructor(start = Date.UTC(2026, 0, 1)) {
    this.current = start;
  }

  now(): number {
    return this.current;
  }

  wallNow(): number {
    return this.current + this.wallOffset;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      const onAbort = () => {
        this.sleepers = this.sleepers.filter((s) => s !== sleeper);
        reject(signal!.reason);
      };
      // Waking removes the abort listener: a long-lived signal (the monitor's) must not collect one
      // per sleep, or a soak of thousands of cycles measures this clock's leak instead of the code's.
      const sleeper: Sleeper = {
        wakeAt: this.current + Math.max(0, ms),
        resolve: () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
      };
      this.sleepers.push(sleeper);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  /** The earliest time anyone sleeping on this clock wakes, or null when nobody sleeps (soak drivers step to it). */
  nextWake(): number | null {
    return this.sleepers.length ? Math.min(...this.sleepers.map((s) => s.wakeAt)) : null;
  }

  /** Moves time (monotonic and wall) forward by `ms`, waking sleepers in time order. */
  async advance(ms: number): Promise<void> {
    const target = this.current + ms;
    for (;;) {
      await flushMicrotasks();
      const due = this.sleepers.filter((s) => s.wakeAt <= target).sort((a, b) => a.wakeAt - b.wakeAt)[0];
      if (!due) break;
      this.sleepers = this.sleepers.filter((s) => s !== due);
      this.current = Math.max(this.current, due.wakeAt);
      due.resolve();
    }
    this.current = target;
    await flushMicrotasks();
  }

  /** Jumps the monotonic clock without waking anyone (a stalled event loop seen from inside). */
  jump(ms: number): void {
    this.current += ms;
  }

  /** Steps the wall clock alone, forward or back (NTP, an operator, a resume from suspend). */
  stepWall(ms: number): void {
    this.wallOffset += ms;
  }

  get pendingSleepers(): number {
    return this.sleepers.length;
  }
}

async function flushMicrotasks(): Promise<void> {
  for (let i = 0; i < 20; i++) await Promise.resolve();
}
