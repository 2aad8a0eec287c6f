// The other TaskStatus fields: RequestBody in every shape the original request can come back in,
// TaskCurrentStep values nobody documented, fields nobody documented, and a very large answer.
import { expect, test } from 'vitest';
import { ContractViolationError } from '../../src/client/index.ts';
import { useReplayServer } from './support/replay-server.ts';

const replay = useReplayServer();
const rules = (violations: { rule: string }[]) => violations.map((v) => v.rule);
type Echoed = { ProspectOpportunityId: string; OpportunityNote: string; Fields: { SchemaName: string; Value: string }[] };

test('a RequestBody whose values hold \\r\\n and \\t gives them back unchanged', async () => {
  const { client, requestId } = replay.play('request-body-control-characters');
  const s = await client.getStatus(requestId);
  expect(s.requestBodyForm).toBe('json-string');
  expect((s.requestBody as Echoed).OpportunityNote).toBe('Line one\r\nLine two\tafter a tab');
  expect(s.violations).toEqual([]);
});

test('a RequestBody that starts with a byte-order mark is decoded without a violation', async () => {
  const { client, requestId } = replay.play('request-body-with-bom');
  const s = await client.getStatus(requestId);
  expect(s.requestBodyForm).toBe('json-string');
  expect((s.requestBody as Echoed).OpportunityNote).toBe('Insurance details');
  expect(s.violations).toEqual([]);
});

test('a RequestBody with non-Latin text and an emoji comes back character for character', async () => {
  const { client, requestId } = replay.play('request-body-non-latin');
  const s = await client.getStatus(requestId);
  const body = s.requestBody as Echoed;
  expect(body.OpportunityNote).toBe('बीमा विवरण — 保険の詳細 — تفاصيل التأمين — Страховка 🚗');
  expect(body.Fields[1]).toEqual({ SchemaName: 'mx_Custom_7', Value: '₹1,00,000' });
  expect(s.violations).toEqual([]);
});

test('In-Queue with TaskCurrentStep null is queued', async () => {
  const { client, requestId } = replay.play('current-step-null-while-queued');
  const s = await client.getStatus(requestId);
  expect([s.state, s.currentStep]).toEqual(['queued', null]);
  expect(s.violations).toEqual([]);
});

test('an undocumented TaskCurrentStep value is kept and does not change the state', async () => {
  const { client, requestId } = replay.play('current-step-unknown-value');
  const s = await client.getStatus(requestId);
  expect([s.state, s.currentStep]).toEqual(['queued', 'Awaiting-Lock']);
  expect(s.violations).toEqual([]);
});

test('a finished task that still names a TaskCurrentStep is reported', async () => {
  const { client, requestId } = replay.play('current-step-set-when-finished');
  const s = await client.getStatus(requestId);
  expect(s.state).toBe('succeeded');
  expect(rules(s.violations)).toEqual(['status.current-step.set-when-finished']);
});

test('fields nobody documented, at the top and inside TaskStatus, are tolerated', async () => {
  const { client, requestId } = replay.play('extra-unknown-fields');
  const s = await client.getStatus(requestId);
  expect(s.state).toBe('succeeded');
  expect(s.opportunityId).toBe('6a22455b-213e-4450-a960-3deef72b5eec');
  expect(s.violations).toEqual([]);
});

test('a very large answer within the reading limit is decoded whole', async () => {
  const { client, requestId } = replay.play('very-large-body');
  const s = await client.getStatus(requestId);
  expect(s.state).toBe('succeeded');
  expect((s.requestBody as Echoed).Fields).toHaveLength(1000);
  expect((s.requestBody as Echoed).Fields[999]).toEqual({ SchemaName: 'mx_Custom_1000', Value: 'value number 1000 of a very large update' });
  expect(s.violations).toEqual([]);
});

test('a very large answer past the reading limit is a body.too-large violation, not an out-of-memory', async () => {
  const { client, requestId } = replay.play('very-large-body', { maxBodyBytes: 16 * 1024 });
  const error = await client.getStatus(requestId).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(ContractViolationError);
  expect(rules((error as ContractViolationError).violations)).toEqual(['body.too-large']);
  expect((error as ContractViolationError).httpStatus).toBe(200);
});
