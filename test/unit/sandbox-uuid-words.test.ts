// A minted RequestID is kept as four 32-bit words: reading must take exactly the sandbox's own form
// (lower-case 8-4-4-4-12 hex) and give back the very same text; anything else is kept as a string.
import { expect, test } from 'vitest';
import { SeededRandom } from '../../src/sandbox/random.ts';
import { readUuidWords, uuidText } from '../../src/sandbox/uuid-words.ts';

test('every minted id reads into words and back to the same text', () => {
  const random = new SeededRandom(11);
  const words = new Uint32Array(8);
  for (let i = 0; i < 20_000; i++) {
    const id = random.uuid();
    expect(readUuidWords(id, words, 4)).toBe(true);
    expect(uuidText(words, 4)).toBe(id);
  }
  expect(readUuidWords('ffffffff-ffff-ffff-ffff-ffffffffffff', words, 0)).toBe(true);
  expect([...words.subarray(0, 4)]).toEqual([0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff]);
  expect(uuidText(words, 0)).toBe('ffffffff-ffff-ffff-ffff-ffffffffffff');
});

test.each([
  ['upper case', '5EBEC781-C325-41F0-914E-9692301A2515'],
  ['one upper-case digit', '5ebec781-c325-41f0-914e-9692301a251F'],
  ['a dash moved', '5ebec78-1c325-41f0-914e-9692301a2515'],
  ['no dashes', '5ebec781c32541f0914e9692301a2515xxxx'],
  ['a letter past f', '5ebec781-c325-41f0-914e-9692301a251g'],
  ['a non-ASCII digit', '5ebec781-c325-41f0-914e-9692301a251٣'],
  ['braces', '{5ebec781-c325-41f0-914e-9692301a25}'],
  ['too short', '5ebec781-c325-41f0-914e-9692301a251'],
  ['too long', '5ebec781-c325-41f0-914e-9692301a25155'],
  ['empty', ''],
])('%s is not read as a minted id', (_what, id) => {
  expect(readUuidWords(id, new Uint32Array(4), 0)).toBe(false);
});
