import { expect, test } from 'vitest';
import { exampleStatusSuccess, parseAcceptedBody, parseErrorEnvelope, parseStatusBody } from '../../src/contract/index.ts';

const rules = (body: unknown, expect_ = {}) => parseStatusBody(body, expect_).violations.map((v) => v.rule);
const withTask = (patch: Record<string, unknown>) => ({ ...exampleStatusSuccess, TaskStatus: { ...exampleStatusSuccess.TaskStatus, ...patch } });

test('the seed Success sample parses with no violation, its Message and RequestBody decoded', () => {
  const s = parseStatusBody(exampleStatusSuccess, { requestId: exampleStatusSuccess.RequestID, opportunityId: '6a22455b-213e-4450-a960-3deef72b5eec' });
  expect(s.violations).toEqual([]);
  expect(s.state).toBe('succeeded');
  expect(s.status).toBe('Success');
  expect(s.opportunityId).toBe('6a22455b-213e-4450-a960-3deef72b5eec');
  expect(s.message).toEqual({ Status: 'Success', Message: { Id: '6a22455b-213e-4450-a960-3deef72b5eec' } });
  expect((s.requestBody as { Fields: unknown[] }).Fields).toHaveLength(2);
  expect(s.requestBodyForm).toBe('json-string');
});

test('RequestId (the sibling spelling) is accepted without a violation', () => {
  const { RequestID, ...rest } = exampleStatusSuccess;
  const s = parseStatusBody({ RequestId: RequestID, ...rest });
  expect(s.requestId).toBe(RequestID);
  expect(s.violations).toEqual([]);
});

test('a body with neither id spelling is a violation', () => {
  const { RequestID: _, ...rest } = exampleStatusSuccess;
  expect(rules({ requestId: 'x', ...rest })).toContain('status.request-id.missing');
});

test('Message as an object is a listed violation and still decoded', () => {
  const s = parseStatusBody(withTask({ Message: { Status: 'Success', Message: { Id: 'abc' } } }));
  expect(s.violations.map((v) => v.rule)).toContain('status.message.object');
  expect(s.opportunityId).toBe('abc');
});

test('the decoded Id must be the updated opportunity', () => {
  expect(rules(exampleStatusSuccess, { opportunityId: '5ca5b042-51ea-4699-b6f0-84c40ab12770' })).toEqual(['status.message.wrong-id']);
});

test('Success without Message, and with a Message of the wrong inner shape, are violations', () => {
  expect(rules(withTask({ Message: null }))).toEqual(['status.message.missing-on-success']);
  expect(rules(withTask({ Message: '{"Status":"Success","Message":{}}' }))).toEqual(['status.message.inner-shape']);
});

test('an unknown status word is kept verbatim as unknown and listed', () => {
  const s = parseStatusBody(withTask({ Status: 'Done' }));
  expect(s.state).toBe('unknown');
  expect(s.status).toBe('Done');
  expect(s.violations.map((v) => v.rule)).toContain('status.status.unknown-word');
});

test('a missing TaskStatus, or Status, is named with its path', () => {
  expect(parseStatusBody({ RequestID: 'x' }).violations).toEqual([
    { rule: 'status.task-status.missing', path: '$.TaskStatus', detail: 'expected an object, got nothing' },
  ]);
  const { Status: _s, ...noStatus } = exampleStatusSuccess.TaskStatus;
  expect(parseStatusBody({ ...exampleStatusSuccess, TaskStatus: noStatus }).violations.map((v) => v.path)).toContain('$.TaskStatus.Status');
});

test('a finished task still reporting a current step is a violation', () => {
  expect(rules(withTask({ TaskCurrentStep: 'In-Queue' }))).toEqual(['status.current-step.set-when-finished']);
});

test('a wrongly typed field becomes a status.shape violation with its path', () => {
  const v = parseStatusBody(withTask({ StatusReason: 17 })).violations;
  expect(v).toEqual([expect.objectContaining({ rule: 'status.shape', path: '$.TaskStatus.StatusReason' })]);
});

test('a non-object body is a violation, not a throw', () => {
  expect(rules([1, 2])).toEqual(['body.not-object']);
  expect(rules('text')).toEqual(['body.not-object']);
});

test('an accepted body without RequestID is a violation', () => {
  expect(parseAcceptedBody({ Status: 'Request accepted.' }).violations.map((v) => v.rule)).toEqual(['accepted.request-id.missing']);
  expect(parseAcceptedBody({ Status: 'ok', RequestID: 'not-a-uuid' }).violations.map((v) => v.rule)).toEqual(['accepted.request-id.not-uuid']);
});

test("LeadSquared's error envelope is recognised; a renamed one is a violation", () => {
  expect(parseErrorEnvelope({ Status: 'Error', ExceptionType: 'MXX', ExceptionMessage: 'm' }).envelope?.ExceptionType).toBe('MXX');
  expect(parseErrorEnvelope({ Status: 'Error', ErrorType: 'MXX', ErrorMessage: 'm' }).violations.map((v) => v.rule)).toEqual([
    'error.envelope.shape',
    'error.envelope.shape',
  ]);
});

test.each(['In-Queue', 'in-queue', 'IN-QUEUE'])('the documented word %s raises no word violation', (word) => {
  expect(rules(withTask({ Status: word, TaskCurrentStep: 'In-Process-Queue', Message: null }))).toEqual([]);
});

test.each(['FAILURE', 'failure', 'ERROR', 'Error'])('the documented final word %s raises no violation', (word) => {
  expect(rules(withTask({ Status: word, TaskCurrentStep: null, Message: null }))).toEqual([]);
});

test.each([
  ['Retrying', 'queued'],
  ['Pending', 'queued'],
  ['QUEUED', 'queued'],
  ['Running', 'processing'],
  ['Processing', 'processing'],
  ['FAILED', 'failed'],
  ['Errored', 'errored'],
  ['InQueue', 'queued'],
] as const)('the undocumented word %s keeps its best guess (%s) and is reported as drift', (word, state) => {
  const s = parseStatusBody(withTask({ Status: word, TaskCurrentStep: null, Message: null }));
  expect(s.state).toBe(state);
  expect(s.status).toBe(word);
  expect(s.violations).toEqual([
    { rule: 'status.status.undocumented-word', path: '$.TaskStatus.Status', detail: expect.stringContaining(JSON.stringify(word)) },
  ]);
});

test('Completed is a success by guess, reported as undocumented, its Message still checked', () => {
  const s = parseStatusBody(withTask({ Status: 'Completed' }));
  expect(s.state).toBe('succeeded');
  expect(s.opportunityId).toBe('6a22455b-213e-4450-a960-3deef72b5eec');
  expect(s.violations.map((v) => v.rule)).toEqual(['status.status.undocumented-word']);
});

test('an unknown word is reported once, as unknown, not also as undocumented', () => {
  expect(rules(withTask({ Status: 'Archived', Message: null }))).toEqual(['status.status.unknown-word']);
});

test('a word allowed as an extra maps to its state with no violation; another undocumented word still raises one', () => {
  const options = {
    extraStatusWords: [
      { word: 'Retrying', state: 'queued' },
      { word: 'Completed', state: 'succeeded' },
    ],
  } as const;
  expect(parseStatusBody(withTask({ Status: 'RETRYING', TaskCurrentStep: 'Retry-Queue', Message: null }), {}, options)).toMatchObject({
    state: 'queued',
    violations: [],
  });
  expect(parseStatusBody(withTask({ Status: 'Completed' }), {}, options)).toMatchObject({ state: 'succeeded', violations: [] });
  expect(parseStatusBody(withTask({ Status: 'Running', Message: null, TaskCurrentStep: null }), {}, options).violations.map((v) => v.rule)).toEqual([
    'status.status.undocumented-word',
  ]);
  expect(parseStatusBody(withTask({ Status: 'Parked', Message: null }), {}, { extraStatusWords: [{ word: 'Parked', state: 'failed' }] })).toMatchObject({
    state: 'failed',
    violations: [],
  });
});
