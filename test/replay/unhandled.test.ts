// The replay server itself: a request that no cassette entry answers never reaches the network and
// fails the test (afterEach in support/replay-server.ts); these tests look at the list that hook reads.
import { expect, test } from 'vitest';
import { NetworkError } from '../../src/client/index.ts';
import { OTHER_CREDENTIALS, useReplayServer } from './support/replay-server.ts';

const replay = useReplayServer();

test('a request to a path no cassette holds is errored and recorded as unhandled', async () => {
  const { client } = replay.play('seed-status-success-verbatim', { statusPath: '/opportunity/status-moved' });
  const error = await client.getStatus('5ebec781-c325-41f0-914e-9692301a2515').catch((e: unknown) => e);
  expect(error).toBeInstanceOf(NetworkError);
  expect(replay.unhandled).toEqual(['GET https://asyncapi.replay.invalid/opportunity/status-moved?RequestID=5ebec781-c325-41f0-914e-9692301a2515']);
  replay.unhandled.splice(0); // seen: keep afterEach from failing this test
});

test('a status call for a RequestID the cassette does not hold is errored and recorded as unhandled', async () => {
  const { client } = replay.play('seed-status-success-verbatim');
  const error = await client.getStatus('00000000-0000-4000-8000-000000000000').catch((e: unknown) => e);
  expect(error).toBeInstanceOf(NetworkError);
  expect(replay.unhandled).toEqual([expect.stringContaining('RequestID=00000000-0000-4000-8000-000000000000')]);
  replay.unhandled.splice(0);
});

test('credentials in the query string do not take part in matching', async () => {
  const { client, requestId } = replay.play('submit-then-queued-processing-success', { credentials: OTHER_CREDENTIALS });
  const submitted = await client.submitUpdate({
    ProspectOpportunityId: '6a22455b-213e-4450-a960-3deef72b5eec',
    Fields: [{ SchemaName: 'mx_Custom_6', Value: '1' }],
  });
  expect(submitted.requestId).toBe(requestId);
});
