// The latency distributions P3 measures the monitor on, as draws the benchmark writes into each canary
// update as sandbox triggers (SANDBOX_LATENCY_MS, SANDBOX_SYSTEM_ERROR_ONCE): the sandbox's own
// settings have one distribution per run, and P3 also needs a mixture and one that drifts mid-run.

/** A seeded uniform random in [0, 1) (mulberry32): every run draws the same canaries. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** One canary's latency (ms, the sandbox's first attempt) and whether that attempt hits a system error (retried 30 s later). */
export type Draw = (canary: number, random: () => number) => { ms: number; systemErrorOnce: boolean };

const normal = (random: () => number) => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
const plain = (ms: number) => ({ ms, systemErrorOnce: false });

export interface Distribution {
  name: string;
  draw: Draw;
  /** Canaries in the run (default: --canaries). */
  canaries?: number;
  /** The first canary judged (default: after 3 warm-up canaries). */
  judgedFrom?: number;
}

export const DISTRIBUTIONS: Distribution[] = [
  { name: 'fixed 100 ms', draw: () => plain(100) },
  { name: 'uniform 1–3 s (sandbox default)', draw: (_, r) => plain(1000 + 2000 * r()) },
  { name: 'lognormal median 10 s, σ 0.3', draw: (_, r) => plain(10_000 * Math.exp(0.3 * normal(r))) },
  { name: 'uniform 30 s – 2 min', draw: (_, r) => plain(30_000 + 90_000 * r()) },
  { name: 'fixed 5 min', draw: () => plain(300_000) },
  // 90 % around 2 s; 10 % hit a system error on the first attempt and succeed on the retry 30 s later.
  { name: 'bimodal: 2 s, 10 % on the 30-s retry', draw: (_, r) => ({ ms: 1500 + 1000 * r(), systemErrorOnce: r() < 0.1 }) },
  // An hour of 1–3 s (240 canaries at one per 15 s), then 20–40 s; judged from the 20th canary after the shift (600 of them).
  {
    name: 'drift: 1–3 s for 1 h, then 20–40 s',
    draw: (i, r) => plain(i < 240 ? 1000 + 2000 * r() : 20_000 + 20_000 * r()),
    canaries: 860,
    judgedFrom: 260,
  },
];
