// `Message` is documented as an object and sent as a JSON string; every other form a provider could
// ship is decoded as far as it goes and reported under its own rule.
import { expect, test } from 'vitest';
import { waitForCompletion } from '../../src/client/index.ts';
import { FAST_POLLS, useReplayServer } from './support/replay-server.ts';

const replay = useReplayServer();
const OPPORTUNITY = '6a22455b-213e-4450-a960-3deef72b5eec';
const SUCCESS_MESSAGE = { Status: 'Success', Message: { Id: OPPORTUNITY } };
const rules = (violations: { rule: string }[]) => violations.map((v) => v.rule);

test('a Message sent as a plain object is still decoded, and reported as status.message.object', async () => {
  const { client, requestId } = replay.play('message-plain-object');
  const s = await client.getStatus(requestId);
  expect(s.state).toBe('succeeded');
  expect(s.messageForm).toBe('object');
  expect(s.message).toEqual(SUCCESS_MESSAGE);
  expect(s.opportunityId).toBe(OPPORTUNITY);
  expect(rules(s.violations)).toEqual(['status.message.object']);
});

test('a doubly-encoded Message is unwrapped twice, and reported as status.message.double-encoded', async () => {
  const { client, requestId } = replay.play('message-double-encoded');
  const s = await client.getStatus(requestId);
  expect(s.messageForm).toBe('double-encoded');
  expect(s.message).toEqual(SUCCESS_MESSAGE);
  expect(s.opportunityId).toBe(OPPORTUNITY);
  expect(rules(s.violations)).toEqual(['status.message.double-encoded']);
});

test('a Message of plain text is kept as text, and reported as status.message.not-json', async () => {
  const { client, requestId } = replay.play('message-not-json-text');
  const s = await client.getStatus(requestId);
  expect(s.state).toBe('succeeded');
  expect(s.messageForm).toBe('text');
  expect(s.message).toBe('Opportunity updated successfully');
  expect(s.opportunityId).toBeNull();
  expect(rules(s.violations)).toEqual(['status.message.not-json']);
});

test('a Success with an empty-string Message is reported as missing its Message', async () => {
  const { client, requestId } = replay.play('message-empty-string');
  const s = await client.getStatus(requestId);
  expect(s.state).toBe('succeeded');
  expect([s.messageForm, s.message]).toEqual(['empty', null]);
  expect(s.violations).toEqual([expect.objectContaining({ rule: 'status.message.missing-on-success', detail: 'Success with Message empty' })]);
});

test('a Success with a null Message is reported as missing its Message', async () => {
  const { client, requestId } = replay.play('message-null-on-success');
  const s = await client.getStatus(requestId);
  expect([s.messageForm, s.message]).toEqual(['null', null]);
  expect(s.violations).toEqual([expect.objectContaining({ rule: 'status.message.missing-on-success', detail: 'Success with Message null' })]);
});

test('a Message naming another opportunity than the one updated is reported as status.message.wrong-id', async () => {
  const { client, requestId } = replay.play('message-names-another-opportunity');
  const waited = await waitForCompletion(client, requestId, { schedule: FAST_POLLS, expect: { opportunityId: OPPORTUNITY } });
  expect(waited.state).toBe('succeeded');
  expect(waited.final?.messageForm).toBe('json-string');
  expect(waited.final?.opportunityId).toBe('0b6f2a8c-1d3e-4f5a-9b7c-8d9e0f1a2b3c');
  expect(waited.violations).toEqual([expect.objectContaining({ rule: 'status.message.wrong-id', path: '$.TaskStatus.Message.Message.Id' })]);
});
