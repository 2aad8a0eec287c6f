// Judges a limiter's decisions against what "L calls per W" means, not against another limiter:
// - an excess admission: an admission that makes some window hold more than L admissions
//   (sliding: any span [t − W, t] of length W, ends excluded as the limiter documents; fixed: the
//   calendar window [kW, (k+1)W) it falls in);
// - a false refusal: a refusal at a moment when fewer than L admissions were in that window.
export interface Decision {
  at: number;
  admitted: boolean;
}

export interface Judgement {
  calls: number;
  admitted: number;
  refused: number;
  excessAdmissions: number;
  falseRefusals: number;
}

export function judge(decisions: Decision[], limit: number, windowMs: number, kind: 'sliding' | 'fixed'): Judgement {
  const admittedAt: number[] = [];
  let excess = 0;
  let falseRefusals = 0;
  for (const d of decisions) {
    const inWindow =
      kind === 'sliding'
        ? admittedAt.filter((t) => d.at - t < windowMs).length
        : admittedAt.filter((t) => Math.floor(t / windowMs) === Math.floor(d.at / windowMs)).length;
    if (d.admitted) {
      if (inWindow >= limit) excess++;
      admittedAt.push(d.at);
    } else if (inWindow < limit) {
      falseRefusals++;
    }
  }
  const admitted = decisions.filter((d) => d.admitted).length;
  return { calls: decisions.length, admitted, refused: decisions.length - admitted, excessAdmissions: excess, falseRefusals };
}

/** Arrival patterns at and above the limit, as exact times (ms from a start on a window boundary). */
export function arrivalPatterns(limit: number, windowMs: number, seed = 1): Record<string, number[]> {
  const gap = windowMs / limit;
  let s = seed;
  const rand = () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
  const poisson = (rate: number, until: number) => {
    const out: number[] = [];
    for (let t = 0; t < until; t += -Math.log(1 - rand()) / rate) out.push(Math.round(t));
    return out;
  };
  const windows = 6;
  const span = windows * windowMs;
  const sorted = (xs: number[]) => xs.sort((a, b) => a - b);
  const patterns: Record<string, number[]> = {
    'steady at the limit': Array.from({ length: windows * limit }, (_, i) => i * gap),
    'steady at 2× the limit': Array.from({ length: 2 * windows * limit }, (_, i) => i * (gap / 2)),
    'bursts of 1.6× the limit at window starts': Array.from({ length: windows }, (_, w) =>
      Array.from({ length: Math.ceil(1.6 * limit) }, () => w * windowMs),
    ).flat(),
    'bursts straddling window edges': Array.from({ length: windows }, (_, w) =>
      Array.from({ length: limit }, (_, i) => (w + 1) * windowMs - 1 + (i % 3)),
    ).flat(),
    'Poisson at 1.5× the limit': poisson((1.5 * limit) / windowMs, span),
    'Poisson at 4× the limit': poisson((4 * limit) / windowMs, span),
  };
  for (const xs of Object.values(patterns)) sorted(xs);
  return patterns;
}

/**
 * A waiting limiter (the client's): it never refuses, it delays. Each send is judged against the
 * earliest moment the definition allows it — its arrival, or when its window next has room given the
 * sends before it. A send later than that is a false refusal (time the budget sat unused); excess
 * admissions are judged as for a refusing limiter, over the sends. Times are absolute (fixed windows
 * start at multiples of the window since the epoch, as the limiter's do).
 */
export function judgeDelays(
  arrivals: number[],
  sends: number[],
  limit: number,
  windowMs: number,
  kind: 'sliding' | 'fixed',
): { falseRefusals: number; worstNeedlessWaitMs: number } {
  const a = [...arrivals].sort((x, y) => x - y);
  const s = [...sends].sort((x, y) => x - y);
  let falseRefusals = 0;
  let worst = 0;
  const perWindow = new Map<number, number>(); // fixed: sends so far in each calendar window
  for (let k = 0; k < s.length; k++) {
    let earliest = a[k]!;
    if (kind === 'sliding') {
      if (k >= limit) earliest = Math.max(earliest, s[k - limit]! + windowMs);
    } else {
      while ((perWindow.get(Math.floor(earliest / windowMs)) ?? 0) >= limit) earliest = (Math.floor(earliest / windowMs) + 1) * windowMs;
      const w = Math.floor(s[k]! / windowMs);
      perWindow.set(w, (perWindow.get(w) ?? 0) + 1);
    }
    if (s[k]! > earliest) {
      falseRefusals++;
      worst = Math.max(worst, s[k]! - earliest);
    }
  }
  return { falseRefusals, worstNeedlessWaitMs: worst };
}
