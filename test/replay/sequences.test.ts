// Whole flows replayed in recorded order: submit, then poll through In-Queue and processing to the end.
// The sandbox-recorded cassettes come from `lsq-harness record` against the embedded sandbox.
import { expect, test } from 'vitest';
import { waitForCompletion, type StatusResult } from '../../src/client/index.ts';
import { exampleUpdateAccepted, exampleUpdateRequest } from '../../src/contract/index.ts';
import { FAST_POLLS, useReplayServer } from './support/replay-server.ts';

const replay = useReplayServer();
const OPPORTUNITY = '6a22455b-213e-4450-a960-3deef72b5eec';

async function submitAndWait(name: string) {
  const played = replay.play(name);
  const submitted = await played.client.submitUpdate({ ...exampleUpdateRequest, ProspectOpportunityId: OPPORTUNITY });
  const seen: StatusResult[] = [];
  const waited = await waitForCompletion(played.client, submitted.requestId, {
    schedule: FAST_POLLS,
    expect: { opportunityId: OPPORTUNITY },
    onPoll: (s) => s && seen.push(s),
  });
  return { ...played, submitted, waited, states: seen.map((s) => s.state) };
}

test('an accepted update is polled through In-Queue and processing to Success, in order', async () => {
  const r = await submitAndWait('submit-then-queued-processing-success');
  expect(r.submitted.requestId).toBe(exampleUpdateAccepted.RequestID);
  expect(r.submitted.accepted.status).toBe(exampleUpdateAccepted.Status);
  expect(r.submitted.violations).toEqual([]);
  expect(r.states).toEqual(['queued', 'processing', 'succeeded']);
  expect(r.waited.final?.opportunityId).toBe(OPPORTUNITY);
  expect(r.waited.violations).toEqual([]);
  // Every recorded exchange was played, once, in order.
  expect(r.replay.played().map((p) => p.entry)).toEqual([0, 1, 2, 3]);
});

test('a finished task keeps answering its last recorded status', async () => {
  const { client, requestId } = replay.play('submit-then-queued-processing-success');
  const states = [];
  for (let i = 0; i < 5; i++) states.push((await client.getStatus(requestId)).state);
  expect(states).toEqual(['queued', 'processing', 'succeeded', 'succeeded', 'succeeded']);
});

test('a recording of a sandbox success replays to the same Success', async () => {
  const r = await submitAndWait('sandbox-recorded-success');
  expect(r.states.at(-1)).toBe('succeeded');
  expect(r.states.slice(0, -1).every((s) => s === 'queued' || s === 'processing')).toBe(true);
  expect(r.waited.final?.opportunityId).toBe(OPPORTUNITY);
  expect(r.waited.violations).toEqual([]);
  expect(r.replay.played()).toHaveLength(r.har.log.entries.length);
});

test('a recording of a sandbox MX failure replays to FAILURE with its reason', async () => {
  const r = await submitAndWait('sandbox-recorded-failure-mx');
  expect(r.waited.state).toBe('failed');
  expect(r.waited.final?.reason).toMatch(/^MX\w+Exception: /);
  expect(r.waited.violations).toEqual([]);
});

test('a recording of a sandbox retry after a system error replays through Retry-Queue to Success', async () => {
  const r = await submitAndWait('sandbox-recorded-system-error-once');
  expect(r.waited.state).toBe('succeeded');
  expect(r.waited.polls).toBe(r.har.log.entries.length - 1);
  expect(r.states.slice(0, -1)).toContain('queued');
  expect(r.waited.violations).toEqual([]);
});
