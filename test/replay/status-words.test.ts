// Status answers as LeadSquared documents them, and as integrators have seen them: the seed sample,
// the id key's two spellings, status words in other casings, undocumented and unknown words, missing parts.
import { expect, test } from 'vitest';
import { waitForCompletion } from '../../src/client/index.ts';
import { classifyTask, exampleStatusSuccess, isTerminal } from '../../src/contract/index.ts';
import { FAST_POLLS, useReplayServer } from './support/replay-server.ts';

const replay = useReplayServer();
const rules = (violations: { rule: string }[]) => violations.map((v) => v.rule);

test("the seed page's Success sample decodes whole, with no violation", async () => {
  const { client, requestId } = replay.play('seed-status-success-verbatim');
  const s = await client.getStatus(requestId);
  expect(s.violations).toEqual([]);
  expect(s).toMatchObject({
    requestId: exampleStatusSuccess.RequestID,
    state: 'succeeded',
    status: 'Success',
    reason: 'Request was successfully completed',
    taskType: 'Opportunity Update',
    currentStep: null,
    lastStep: 'In-Process-Queue',
  });
  expect(s.messageForm).toBe('json-string');
  expect(s.message).toEqual({ Status: 'Success', Message: { Id: '6a22455b-213e-4450-a960-3deef72b5eec' } });
  expect(s.opportunityId).toBe('6a22455b-213e-4450-a960-3deef72b5eec');
  expect(s.requestBodyForm).toBe('json-string');
  expect(s.requestBody).toEqual({
    ProspectOpportunityId: '6a22455b-213e-4450-a960-3deef72b5eec',
    OpportunityNote: 'Insurance details',
    Fields: [
      { SchemaName: 'mx_Custom_5', Value: 'Car Insurance' },
      { SchemaName: 'mx_Custom_6', Value: '100000' },
    ],
  });
});

test('a status answer that spells the id key RequestId is read like RequestID', async () => {
  const { client, requestId } = replay.play('request-id-spelled-requestid');
  const s = await client.getStatus(requestId);
  expect(s.requestId).toBe(requestId);
  expect(s.state).toBe('succeeded');
  expect(s.violations).toEqual([]);
});

test('SUCCESS in upper case is a success, and the word is kept verbatim', async () => {
  const { client, requestId } = replay.play('status-word-upper-success');
  const s = await client.getStatus(requestId);
  expect([s.state, s.status]).toEqual(['succeeded', 'SUCCESS']);
  expect(s.violations).toEqual([]);
});

// FAILED, QUEUED and Processing are integrators' words, not LeadSquared's four: each keeps its
// best-guess state and is reported as an undocumented word, unless LSQ_EXTRA_STATUS_WORDS allows it.
const undocumented = (word: string) => [
  { rule: 'status.status.undocumented-word', path: '$.TaskStatus.Status', detail: expect.stringContaining(JSON.stringify(word)) },
];

test('FAILED is a failure, with its reason, and reported as an undocumented word', async () => {
  const { client, requestId } = replay.play('status-word-failed');
  const s = await client.getStatus(requestId);
  expect([s.state, s.status]).toEqual(['failed', 'FAILED']);
  expect(s.reason).toBe('MXInvalidFieldValueException: mx_Custom_6 must be a number');
  expect(s.violations).toEqual(undocumented('FAILED'));
});

test('QUEUED is queued, not finished, and reported as an undocumented word', async () => {
  const { client, requestId } = replay.play('status-word-queued');
  const s = await client.getStatus(requestId);
  expect([s.state, s.status]).toEqual(['queued', 'QUEUED']);
  expect(isTerminal(s.state)).toBe(false);
  expect(s.violations).toEqual(undocumented('QUEUED'));
});

test('Processing is processing, and reported as an undocumented word', async () => {
  const { client, requestId } = replay.play('status-word-processing');
  const s = await client.getStatus(requestId);
  expect(s.state).toBe('processing');
  expect(s.violations).toEqual(undocumented('Processing'));
});

test('a word the user allowed (LSQ_EXTRA_STATUS_WORDS) takes the given state and raises no violation', async () => {
  const { client, requestId } = replay.play('status-word-failed', { extraStatusWords: [{ word: 'Failed', state: 'failed' }] });
  const s = await client.getStatus(requestId);
  expect([s.state, s.status]).toEqual(['failed', 'FAILED']);
  expect(s.violations).toEqual([]);
});

test('an unknown status word is kept, classified unknown, and reported — and polling does not stop on it', async () => {
  const { client, requestId } = replay.play('status-word-unknown');
  const s = await client.getStatus(requestId);
  expect([s.state, s.status]).toEqual(['unknown', 'Archived']);
  expect(classifyTask(s.status, s.currentStep)).toBe('unknown');
  expect(s.violations).toEqual([expect.objectContaining({ rule: 'status.status.unknown-word', path: '$.TaskStatus.Status' })]);
  const waited = await waitForCompletion(client, requestId, { schedule: FAST_POLLS, deadlineMs: 300 });
  expect(waited.timedOut).toBe(true);
  expect(waited.state).toBe('unknown');
  expect(waited.polls).toBeGreaterThan(1);
});

test('FAILURE carries its MX reason and a null Message without any violation', async () => {
  const { client, requestId } = replay.play('status-failure-with-mx-reason');
  const waited = await waitForCompletion(client, requestId, { schedule: FAST_POLLS });
  expect(waited.state).toBe('failed');
  expect(waited.polls).toBe(1);
  expect(waited.final?.reason).toBe('MXDoesNotExistException: Opportunity does not exist');
  expect(waited.final?.messageForm).toBe('null');
  expect(waited.violations).toEqual([]);
});

test('ERROR after the retries carries its reason and ends the wait', async () => {
  const { client, requestId } = replay.play('status-error-after-retries');
  const waited = await waitForCompletion(client, requestId, { schedule: FAST_POLLS });
  expect(waited.state).toBe('errored');
  expect(waited.final?.status).toBe('ERROR');
  expect(waited.final?.reason).toBe('Unable to connect to the database; retried 10 times');
  expect(waited.final?.lastStep).toBe('Retry-Queue');
  expect(waited.violations).toEqual([]);
});

test('a TaskStatus without a Status word is unknown and reported as missing', async () => {
  const { client, requestId } = replay.play('status-word-missing');
  const s = await client.getStatus(requestId);
  expect([s.state, s.status]).toEqual(['unknown', null]);
  expect(rules(s.violations)).toEqual(['status.status.missing']);
});

test('a 200 without TaskStatus is unknown and reported', async () => {
  const { client, requestId } = replay.play('task-status-missing');
  const s = await client.getStatus(requestId);
  expect(s.requestId).toBe(requestId);
  expect(s.state).toBe('unknown');
  expect(rules(s.violations)).toEqual(['status.task-status.missing']);
});

test('an answer about another RequestID than the one asked for is reported as a mismatch', async () => {
  const { client, requestId } = replay.play('request-id-mismatch');
  const s = await client.getStatus(requestId);
  expect(s.requestId).toBe('11111111-2222-4333-8444-555555555555');
  expect(rules(s.violations)).toEqual(['status.request-id.mismatch']);
});
