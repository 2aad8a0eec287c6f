// The Pact verifier's JSON, read one way: a mismatch reads the same in the failure summary (the
// terminal) and in the per-interaction results (JUnit, --json), and output that is not the verifier's
// document is left for the caller to show as it is.
import { expect, test } from 'vitest';
import { brokenInteractions, summarize } from '../../src/verification/failure-summary.ts';
import { interactionOutcomes } from '../../src/verification/interaction-results.ts';
import { mismatchLines } from '../../src/verification/verifier-json.ts';

const MISMATCH = {
  mismatches: [{ path: '$.Status', mismatch: "Expected 'Success' but received 'Completed'", type: 'BodyMismatch' }, { type: 'StatusMismatch' }, {}],
};
const EXPECTED_LINES = ["$.Status: Expected 'Success' but received 'Completed'", 'StatusMismatch', 'mismatch'];

test('each mismatch is a line: its path, then what differed (or its type)', () => {
  expect(mismatchLines(MISMATCH)).toEqual(EXPECTED_LINES);
});

test('without a list of mismatches, the line is the verifier message, or "failed"', () => {
  expect(mismatchLines({ message: 'Request to provider failed: connection refused' })).toEqual(['Request to provider failed: connection refused']);
  expect(mismatchLines(undefined)).toEqual(['failed']);
});

test('the failure summary and the interaction results say the same about the same mismatch', () => {
  const output = `verifier log line\n${JSON.stringify({
    errors: [{ interaction: 'Verifying a pact between lsq-harness and leadsquared-async a status request that completed', mismatch: MISMATCH }],
    interactionResults: [{ description: 'a status request that completed', result: 'Error', duration: '12ms', mismatch: MISMATCH }],
  })}`;
  expect(brokenInteractions(output)).toEqual([{ interaction: 'a status request that completed', problems: EXPECTED_LINES }]);
  expect(interactionOutcomes(output)).toEqual([
    { description: 'a status request that completed', providerStates: [], result: 'failed', durationMs: 12, problems: EXPECTED_LINES },
  ]);
  expect(summarize(output).split('\n')).toEqual([
    '1 interaction(s) broke the contract:',
    '  ✗ a status request that completed',
    ...EXPECTED_LINES.map((l) => `      ${l}`),
  ]);
});

test.each(['the verifier crashed: no JSON here', '{"errors": not json', 'null', '[1, 2]', '{"errors": {}}'])(
  'output %j is not the verifier document',
  (output) => {
    expect(brokenInteractions(output)).toBeNull();
    expect(interactionOutcomes(output)).toBeNull();
    expect(summarize(output)).toBe(output);
  },
);
