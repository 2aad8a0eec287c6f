// A seeded generator, so that a sandbox started with the same seed mints the same RequestIDs, draws the
// same latencies and injects the same faults — tests and benchmarks can be replayed exactly.

export class SeededRandom {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0 || 0x9e3779b9;
  }

  /** mulberry32: a float in [0, 1). */
  next(): number {
    return this.nextBits() / 4294967296;
  }

  between(min: number, max: number): number {
    return min + (max - min) * this.next();
  }

  /** A standard normal draw (Box–Muller). */
  normal(): number {
    const u = Math.max(this.next(), 1e-12);
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.next());
  }

  /**
   * A version-4-shaped uuid, lower case like LeadSquared's: 32 draws, one hex digit each (digit 12 is
   * then '4', digit 16 gets the variant bits). Built from character codes into one flat string: no
   * array of one-character strings, no join and no rope of slices. Each digit is the top four bits of
   * a draw — exactly Math.floor(next() * 16), without the float (BENCHMARKS.md P1).
   */
  uuid(): string {
    const c = UUID_CODES;
    for (let i = 0, at = 0; i < 32; i++, at++) {
      if (at === 8 || at === 13 || at === 18 || at === 23) at++;
      const digit = this.nextBits() >>> 28;
      c[at] = HEX[i === 12 ? 4 : i === 16 ? (digit & 0x3) | 0x8 : digit]!;
    }
    return String.fromCharCode.apply(null, c);
  }

  /** The 32-bit draw next() divides by 2^32. */
  private nextBits(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }
}

const HEX = Array.from('0123456789abcdef', (ch) => ch.charCodeAt(0));
/** The uuid's 36 character codes, dashes in place; reused by every call (uuid() is synchronous). */
const UUID_CODES: number[] = Array.from('00000000-0000-0000-0000-000000000000', (ch) => ch.charCodeAt(0));
