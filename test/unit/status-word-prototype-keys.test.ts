// Status words are looked up in a table; a word that names a property every object inherits
// ("constructor", "__proto__", "toString", …) must still classify as a real state, raise the
// unknown-word violation, and end a canary as contract_violation rather than a silent timeout.
import { expect, test } from 'vitest';
import { LsqClient, waitForCompletion } from '../../src/client/index.ts';
import { TASK_STATES, classifyStatusWord, classifyTask, exampleStatusSuccess, parseStatusBody } from '../../src/contract/index.ts';
import { classifyOutcome } from '../../src/monitor/classify.ts';

const PROTOTYPE_WORDS = Object.getOwnPropertyNames(Object.prototype);
const CASED = ['Constructor', 'CONSTRUCTOR', 'ToString', '__PROTO__', 'has-own-property', 'value_of', ' toString '];

test('the prototype names under test are the ones every object inherits', () => {
  expect(PROTOTYPE_WORDS).toEqual(expect.arrayContaining(['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf', 'isPrototypeOf']));
});

test.each([...PROTOTYPE_WORDS, ...CASED])('status word %j classifies as unknown, a real state', (word) => {
  expect(classifyStatusWord(word)).toBe('unknown');
  expect(TASK_STATES).toContain(classifyTask(word, 'In-Process-Queue'));
  expect(classifyTask(word, null)).toBe('unknown');
});

test.each([...PROTOTYPE_WORDS, ...CASED])('a status body with word %j is unknown and reports the unknown word', (word) => {
  const s = parseStatusBody({ ...exampleStatusSuccess, TaskStatus: { ...exampleStatusSuccess.TaskStatus, Status: word, Message: null } });
  expect(typeof s.state).toBe('string');
  expect(s.state).toBe('unknown');
  expect(s.violations.map((v) => v.rule)).toContain('status.status.unknown-word');
});

test('a canary whose status word is "constructor" ends as contract_violation, not timeout', async () => {
  const requestId = exampleStatusSuccess.RequestID;
  const body = JSON.stringify({ RequestID: requestId, TaskStatus: { ...exampleStatusSuccess.TaskStatus, Status: 'constructor', Message: null } });
  const fakeFetch: typeof fetch = async () => new Response(body, { status: 200, headers: { 'content-type': 'application/json' } });
  const client = new LsqClient({
    baseUrl: 'http://127.0.0.1:9',
    credentials: { accessKey: 'a', secretKey: 's', apiKey: 'k' },
    rateLimit: null,
    fetch: fakeFetch,
  });
  const waited = await waitForCompletion(client, requestId, { deadlineMs: 60, schedule: { delayBefore: () => 10 } });
  expect(waited.state).toBe('unknown');
  const { outcome } = classifyOutcome({
    state: waited.final ? waited.state : null,
    violations: waited.violations,
    timedOut: waited.timedOut,
    error: waited.lastError,
  });
  expect(outcome).toBe('contract_violation');
});
