// What can go wrong below the JSON: empty and truncated bodies, a wrong Content-Type, an answer that
// comes too late, a connection that is reset.
import { expect, test } from 'vitest';
import { ContractViolationError, NetworkError, TimeoutError, waitForCompletion } from '../../src/client/index.ts';
import { FAST_POLLS, useReplayServer } from './support/replay-server.ts';

const replay = useReplayServer();
const rules = (violations: { rule: string }[]) => violations.map((v) => v.rule);

test('a 200 with an empty body is a ContractViolationError: body.not-json', async () => {
  const { client, requestId } = replay.play('empty-body');
  const error = await client.getStatus(requestId).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(ContractViolationError);
  expect(rules((error as ContractViolationError).violations)).toEqual(['body.not-json']);
  expect((error as ContractViolationError).violations[0]?.detail).toBe('HTTP 200 with an empty body');
});

test('a 200 whose JSON stops mid-way is a ContractViolationError: body.not-json', async () => {
  const { client, requestId } = replay.play('truncated-json');
  const error = await client.getStatus(requestId).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(ContractViolationError);
  expect(rules((error as ContractViolationError).violations)).toEqual(['body.not-json']);
  expect((error as ContractViolationError).violations[0]?.detail).toBe('HTTP 200 with a body that is not JSON');
  expect((error as ContractViolationError).bodyExcerpt).toMatch(/^\{"RequestID":/);
});

test('a well-formed answer served as text/html is read, and its Content-Type reported', async () => {
  const { client, requestId } = replay.play('wrong-content-type');
  const s = await client.getStatus(requestId);
  expect(s.state).toBe('succeeded');
  expect(s.violations).toEqual([expect.objectContaining({ rule: 'content-type.not-json', detail: 'Content-Type is "text/html; charset=utf-8"' })]);
});

test('an answer slower than the client timeout is a TimeoutError naming the timeout', async () => {
  const { client, requestId } = replay.play('slow-response', { timeoutMs: 150 });
  const started = Date.now();
  const error = await client.getStatus(requestId).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(TimeoutError);
  expect((error as TimeoutError).timeoutMs).toBe(150);
  expect(Date.now() - started).toBeLessThan(550);
});

test('the same slow answer within a longer timeout is read', async () => {
  const { client, requestId } = replay.play('slow-response', { timeoutMs: 3000 });
  const s = await client.getStatus(requestId);
  expect(s.state).toBe('succeeded');
  expect(s.latencyMs).toBeGreaterThanOrEqual(550);
});

test('a connection reset is a NetworkError', async () => {
  const { client, requestId } = replay.play('connection-reset-then-success');
  const error = await client.getStatus(requestId).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(NetworkError);
  expect((error as NetworkError).endpoint).toBe('status');
});

test('polling waits out a connection reset and reads the Success that follows', async () => {
  const { client, requestId } = replay.play('connection-reset-then-success');
  const waited = await waitForCompletion(client, requestId, { schedule: FAST_POLLS });
  expect([waited.state, waited.polls, waited.lastError]).toEqual(['succeeded', 2, null]);
});

test('a body that starts with a UTF-8 byte-order mark is read as if it had none', async () => {
  const { client, requestId } = replay.play('status-body-with-bom');
  const s = await client.getStatus(requestId);
  expect(s.state).toBe('succeeded');
  expect(s.violations).toEqual([]);
});

test('a well-formed answer without any Content-Type is read, and the missing header reported', async () => {
  const { client, requestId } = replay.play('content-type-missing');
  const s = await client.getStatus(requestId);
  expect(s.state).toBe('succeeded');
  expect(s.violations).toEqual([expect.objectContaining({ rule: 'content-type.not-json', detail: 'Content-Type is missing' })]);
});
