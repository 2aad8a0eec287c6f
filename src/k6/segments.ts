// k6 execution segments for splitting one test across N processes: process i runs i/N:(i+1)/N of every
// scenario, and the shared sequence lets k6 interleave their iterations so that together they send the
// same schedule a single process would (the same thing the k6-operator does for `parallelism: N`).
export function segmentSequence(n: number): string {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`segments must be a whole number ≥ 1, got ${n}`);
  return Array.from({ length: n + 1 }, (_, i) => fraction(i, n)).join(',');
}

export function segment(i: number, n: number): string {
  return `${fraction(i, n)}:${fraction(i + 1, n)}`;
}

function fraction(i: number, n: number): string {
  if (i === 0) return '0';
  if (i === n) return '1';
  const g = gcd(i, n);
  return `${i / g}/${n / g}`;
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}
