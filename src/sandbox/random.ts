// A seeded generator, so that a sandbox started with the same seed mints the same RequestIDs, draws the
// same latencies and injects the same faults — tests and benchmarks can be replayed exactly.
import { uuidText } from './uuid-words.ts';

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
   * then '4', digit 16 gets the variant bits); the text of uuidWords' draw.
   */
  uuid(): string {
    this.uuidWords(UUID_WORDS, 0);
    return uuidText(UUID_WORDS, 0);
  }

  /**
   * The draws of uuid() as the id's 16 bytes, four 32-bit words into out[at] … out[at + 3] (what
   * readUuidWords reads from its text): the update endpoint keeps and answers the id without ever
   * writing it as a string (BENCHMARKS.md P1). Each digit is the top four bits of a draw — exactly
   * Math.floor(next() * 16), without the float.
   */
  uuidWords(out: Uint32Array, at: number): void {
    for (let w = 0, digit = 0; w < 4; w++) {
      let word = 0;
      for (let k = 0; k < 8; k++, digit++) {
        const drawn = this.nextBits() >>> 28;
        word = (word << 4) | (digit === 12 ? 4 : digit === 16 ? (drawn & 0x3) | 0x8 : drawn);
      }
      out[at + w] = word;
    }
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

/** Where uuid() draws its words; reused by every call (uuid() is synchronous). */
const UUID_WORDS = new Uint32Array(4);
