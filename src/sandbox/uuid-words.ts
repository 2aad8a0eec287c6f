// A RequestID the sandbox minted (a lower-case uuid) kept as 16 bytes — four 32-bit words in a typed
// array — instead of a 36-character string per kept task (BENCHMARKS.md P1m: every kept V8 object is
// promoted by the scavenger and keeps the young generation at its maximum).

const DASH = 0x2d;
/** The value of each lower-case hex digit by character code (below 128), -1 for anything else. */
const HEX_VALUE = new Int8Array(128).fill(-1);
for (let v = 0; v < 16; v++) HEX_VALUE['0123456789abcdef'.charCodeAt(v)] = v;

/** The value of the `count` hex digits of `s` from `from`, or -1 when one is not a lower-case hex digit. */
function hexDigits(s: string, from: number, count: number): number {
  let value = 0;
  for (let i = from; i < from + count; i++) {
    const code = s.charCodeAt(i);
    const v = code < 128 ? HEX_VALUE[code]! : -1;
    if (v < 0) return -1;
    value = value * 16 + v;
  }
  return value;
}

/**
 * Reads a uuid written exactly as the sandbox writes one (8-4-4-4-12 lower-case hex digits) into
 * out[at] … out[at + 3]; false, leaving out as it may be, for any other string (upper case included:
 * that one is a different RequestID).
 */
export function readUuidWords(s: string, out: Uint32Array, at: number): boolean {
  if (s.length !== 36 || s.charCodeAt(8) !== DASH || s.charCodeAt(13) !== DASH || s.charCodeAt(18) !== DASH || s.charCodeAt(23) !== DASH) return false;
  const w0 = hexDigits(s, 0, 8);
  const w1a = hexDigits(s, 9, 4);
  const w1b = hexDigits(s, 14, 4);
  const w2a = hexDigits(s, 19, 4);
  const w2b = hexDigits(s, 24, 4);
  const w3 = hexDigits(s, 28, 8);
  if (w0 < 0 || w1a < 0 || w1b < 0 || w2a < 0 || w2b < 0 || w3 < 0) return false;
  out[at] = w0;
  out[at + 1] = w1a * 0x10000 + w1b;
  out[at + 2] = w2a * 0x10000 + w2b;
  out[at + 3] = w3;
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
