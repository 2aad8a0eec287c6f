// Status words to states: the documented four in any case, the integrators' variants as best guesses,
// the rest unknown; and which words are documented at all (the others are reported as drift).
import { expect, test } from 'vitest';
import {
  classifyStatusWord,
  classifyTask,
  isDocumentedStatusWord,
  isTerminal,
  rateLimitMessage,
  RATE_LIMIT_MESSAGE_PATTERN,
} from '../../src/contract/index.ts';

test.each([
  ['In-Queue', 'queued'],
  ['in-queue', 'queued'],
  ['QUEUED', 'queued'],
  ['Success', 'succeeded'],
  ['SUCCESS', 'succeeded'],
  ['success', 'succeeded'],
  ['FAILURE', 'failed'],
  ['FAILED', 'failed'],
  ['Failure', 'failed'],
  ['ERROR', 'errored'],
  ['Error', 'errored'],
  ['Processing', 'processing'],
] as const)('status word %s is %s', (word, state) => {
  expect(classifyStatusWord(word)).toBe(state);
});

test('an unknown word, an empty word and a non-string are unknown', () => {
  expect(classifyStatusWord('Done')).toBe('unknown');
  expect(classifyStatusWord('')).toBe('unknown');
  expect(classifyStatusWord(null)).toBe('unknown');
  expect(classifyStatusWord(3)).toBe('unknown');
});

test('In-Queue with a processing step is processing', () => {
  expect(classifyTask('In-Queue', 'In-Process-Queue')).toBe('processing');
  expect(classifyTask('In-Queue', 'In-Queue')).toBe('queued');
  expect(classifyTask('In-Queue', null)).toBe('queued');
});

test('only succeeded, failed and errored are terminal', () => {
  expect(['queued', 'processing', 'succeeded', 'failed', 'errored', 'unknown'].filter((s) => isTerminal(s as never))).toEqual([
    'succeeded',
    'failed',
    'errored',
  ]);
});

test("the 429 text is LeadSquared's, for any plan", () => {
  expect(rateLimitMessage(25, 5)).toBe('API calls exceeded the limit of 25 in 5 second(s)');
  expect(RATE_LIMIT_MESSAGE_PATTERN.exec(rateLimitMessage(2, 5))?.slice(1)).toEqual(['2', '5']);
});

test.each(['In-Queue', 'in-queue', 'IN-QUEUE', 'Success', 'SUCCESS', 'success', 'FAILURE', 'Failure', 'ERROR', 'error'])(
  'the documented word %s, in any case, is documented',
  (word) => {
    expect(isDocumentedStatusWord(word)).toBe(true);
  },
);

test.each(['QUEUED', 'FAILED', 'Processing', 'Retrying', 'Completed', 'Pending', 'Running', 'InQueue', 'In Queue', ' Success', 'Done', '', 'constructor'])(
  '%j is not a documented word',
  (word) => {
    expect(isDocumentedStatusWord(word)).toBe(false);
  },
);

test('an allowed extra word maps to its given state, in any case, and wins over the built-in guess', () => {
  const extra = [
    { word: 'Completed', state: 'failed' },
    { word: 'Parked', state: 'queued' },
  ] as const;
  expect(classifyStatusWord('Completed')).toBe('succeeded');
  expect(classifyStatusWord('COMPLETED', extra)).toBe('failed');
  expect(classifyStatusWord('parked', extra)).toBe('queued');
  expect(classifyTask('Parked', 'In-Process-Queue', extra)).toBe('processing');
  expect(classifyStatusWord('Parked')).toBe('unknown');
});
