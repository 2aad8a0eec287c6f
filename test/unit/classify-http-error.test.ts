// A canary that ends on an error other than a 429, a contract violation or the deadline is an
// http_error, and its reason is the error's own message, whatever kind of error it was.
import { expect, test } from 'vitest';
import { ServerError } from '../../src/client/errors.ts';
import { classifyOutcome } from '../../src/monitor/classify.ts';

const details = { endpoint: 'status' as const, url: 'http://127.0.0.1:1/status' };

test.each([
  ['an HTTP status the client refused', new ServerError(502, null, 'bad gateway', details)],
  ['a network failure', new TypeError('fetch failed')],
])('%s is an http_error carrying the error message', (_kind, error) => {
  expect(classifyOutcome({ state: null, violations: [], timedOut: false, error })).toEqual({ outcome: 'http_error', reason: error.message });
});

test('an error seen before the deadline passed is reported inside the timeout, not as an http_error', () => {
  const error = new TypeError('fetch failed');
  expect(classifyOutcome({ state: 'queued', violations: [], timedOut: true, error })).toEqual({
    outcome: 'timeout',
    reason: 'no final status before the deadline (last seen queued); last error: fetch failed',
  });
});
