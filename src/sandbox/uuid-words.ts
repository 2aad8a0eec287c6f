// A RequestID the sandbox minted (a lower-case uuid) kept as 16 bytes — four 32-bit words in a typed
// array — instead of a 36-character string per kept task (BENCHMARKS.md P1m: every kept V8 object is
// promoted by the scavenger and keeps the young generation at its maximum).

const DASH = 0x2d;

/** The value of a lower-case hex digit's character code, or -1. */
function hexValue(code: number): number {
  if (code >= 0x30 && code <= 0x39) return code - 0x30;
  if (code >= 0x61 && code <= 0x66) return code - 0x61 + 10;
  return -1;
}

/**
 * Reads a uuid written exactly as the sandbox writes one (8-4-4-4-12 lower-case hex digits) into
 * out[at] … out[at + 3]; false, leaving out as it may be, for any other string (upper case included:
 * that one is a different RequestID).
 */
export function readUuidWords(s: string, out: Uint32Array, at: number): boolean {
  if (s.length !== 36) return false;
  let word = 0;
  let digits = 0;
  for (let i = 0; i < 36; i++) {
    const code = s.charCodeAt(i);
    if (i === 8 || i === 13 || i === 18 || i === 23) {
      if (code !== DASH) return false;
      continue;
    }
    const v = hexValue(code);
    if (v < 0) return false;
    word = (word << 4) | v;
    if (++digits % 8 === 0) {
      out[at + digits / 8 - 1] = word >>> 0;
      word = 0;
    }
  }
  return true;
}

const HEX_CODES = Array.from('0123456789abcdef', (ch) => ch.charCodeAt(0));
/** The 36 character codes, dashes in place; reused by every call (uuidText is synchronous). */
const CODES: number[] = Array.from('00000000-0000-0000-0000-000000000000', (ch) => ch.charCodeAt(0));

/** The uuid text of words[at] … words[at + 3]: the very string readUuidWords read them from. */
export function uuidText(words: Uint32Array, at: number): string {
  for (let w = 0, pos = 0; w < 4; w++) {
    const word = words[at + w]!;
    for (let shift = 28; shift >= 0; shift -= 4, pos++) {
      if (pos === 8 || pos === 13 || pos === 18 || pos === 23) pos++;
      CODES[pos] = HEX_CODES[(word >>> shift) & 0xf]!;
    }
  }
  return String.fromCharCode.apply(null, CODES);
}

/** A 32-bit hash of four words (mixed, so ids chosen by hand, not drawn, still spread). */
export function hashWords(words: Uint32Array, at: number): number {
  let h = 0x9e3779b9;
  for (let w = 0; w < 4; w++) {
    h = Math.imul(h ^ words[at + w]!, 0x85ebca6b);
    h ^= h >>> 13;
  }
  h = Math.imul(h ^ (h >>> 16), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}
