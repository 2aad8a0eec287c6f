// Drives a FakeClock for code that also does real I/O (HTTP to an in-process sandbox): time moves only
// when no call is in flight, straight to the next sleeper's wake time. A call's whole exchange — sending
// and reading the body — happens at one instant of fake time, so measured latencies are exactly the
// schedule's, and minutes of polling run in milliseconds.
import { FakeClock } from '../../../src/timing/clock.ts';

export class ClockDriver {
  readonly clock: FakeClock;
  private inFlight = 0;

  constructor(clock = new FakeClock()) {
    this.clock = clock;
  }

  /** A fetch that reads the whole body before it resolves, and that the driver waits for. */
  readonly fetch: typeof fetch = async (input, init) => {
    this.inFlight++;
    try {
      const res = await globalThis.fetch(input, init);
      const body = await res.arrayBuffer();
      return new Response(res.status === 204 ? null : body, { status: res.status, statusText: res.statusText, headers: res.headers });
    } finally {
      this.inFlight--;
    }
  };

  /** The earliest wake time of anyone sleeping on the clock, or null. */
  nextWake(): number | null {
    return this.clock.nextWake();
  }

  /** Runs until `work` settles, advancing fake time whenever everything is asleep; bounded in steps. */
  async run<T>(work: Promise<T>, maxSteps = 1_000_000): Promise<T> {
    let settled = false;
    void work.then(
      () => (settled = true),
      () => (settled = true),
    );
    for (let step = 0; !settled; step++) {
      if (step > maxSteps) throw new Error(`still running after ${maxSteps} steps`);
      await new Promise((r) => setImmediate(r)); // lets I/O callbacks and their microtasks run first
      if (settled || this.inFlight > 0) continue;
      const wake = this.nextWake();
      if (wake !== null) await this.clock.advance(Math.max(0, wake - this.clock.now()));
    }
    return work;
  }
}
