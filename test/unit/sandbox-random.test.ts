// The sandbox's RequestIDs for a seed are fixed (cassettes, replays and benchmarks replay them): the
// uuid takes each hex digit from the top four bits of a draw, which must stay Math.floor(next() * 16).
import { expect, test } from 'vitest';
import { SeededRandom } from '../../src/sandbox/random.ts';

/** The uuid as it was first written: one float draw per digit. */
function uuidByFloats(r: SeededRandom): string {
  let out = '';
  for (let i = 0; i < 32; i++) {
    if (i === 8 || i === 12 || i === 16 || i === 20) out += '-';
    const digit = Math.floor(r.next() * 16);
    out += (i === 12 ? 4 : i === 16 ? (digit & 0x3) | 0x8 : digit).toString(16);
  }
  return out;
}

test('seed 42 mints the RequestID it always has', () => {
  expect(new SeededRandom(42).uuid()).toBe('97da2849-d73e-4438-a907-d090402c802d');
});

test('uuid() equals one float draw per digit, interleaved with other draws, for any seed', () => {
  for (const seed of [0, 1, 42, 7, 123_456, 2 ** 32 - 1]) {
    const fast = new SeededRandom(seed);
    const slow = new SeededRandom(seed);
    for (let i = 0; i < 5000; i++) {
      if (i % 3 === 0) expect(fast.next()).toBe(slow.next());
      else expect(fast.uuid()).toBe(uuidByFloats(slow));
    }
  }
});
