// LSQ_EXTRA_STATUS_WORDS: the words a user declares legitimate, validated at start, and carried to the
// client so that a declared word takes its state with no violation.
import { expect, test } from 'vitest';
import { ConfigError } from '../../src/config/errors.ts';
import { parseExtraStatusWords } from '../../src/config/extra-status-words.ts';
import { SETTINGS_DOC, loadSettings } from '../../src/config/settings.ts';
import { clientFor } from '../../src/config/target.ts';
import { exampleStatusSuccess } from '../../src/contract/index.ts';

test('unset or empty means no extra words', () => {
  expect(parseExtraStatusWords(undefined)).toEqual([]);
  expect(parseExtraStatusWords('')).toEqual([]);
  expect(loadSettings({}).extraStatusWords).toEqual([]);
});

test('WORD:STATE entries, comma separated, white space around them ignored', () => {
  expect(parseExtraStatusWords('Retrying:queued,Completed:succeeded')).toEqual([
    { word: 'Retrying', state: 'queued' },
    { word: 'Completed', state: 'succeeded' },
  ]);
  expect(parseExtraStatusWords(' In Progress : processing , Rejected:failed ')).toEqual([
    { word: 'In Progress', state: 'processing' },
    { word: 'Rejected', state: 'failed' },
  ]);
  expect(loadSettings({ LSQ_EXTRA_STATUS_WORDS: 'Crashed:errored' }).extraStatusWords).toEqual([{ word: 'Crashed', state: 'errored' }]);
});

test.each([
  ['Retrying', 'no colon'],
  ['Retrying:', 'no state'],
  [':queued', 'an empty word'],
  ['  :queued', 'a blank word'],
  ['Retrying:waiting', 'an unknown state'],
  ['Retrying:Queued', 'a state in another case'],
  ['Retrying:unknown', 'the unknown state'],
  ['Retrying:queued,', 'an empty entry'],
  ['Retrying:queued,,Completed:succeeded', 'an empty entry between two'],
  ['a:b:queued', 'two colons'],
  ['Retrying:queued,retrying:failed', 'one word twice'],
  ['Success:succeeded', 'a documented word'],
  ['in-queue:processing', 'a documented word in another case'],
  ['constructor:function', 'a prototype name as state'],
])('%j (%s) is refused naming LSQ_EXTRA_STATUS_WORDS', (raw) => {
  let error: unknown;
  try {
    loadSettings({ LSQ_EXTRA_STATUS_WORDS: raw });
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(ConfigError);
  expect((error as ConfigError).setting).toBe('LSQ_EXTRA_STATUS_WORDS');
  expect((error as Error).message).toContain('LSQ_EXTRA_STATUS_WORDS');
});

test('the setting is documented with the others', () => {
  expect(SETTINGS_DOC.LSQ_EXTRA_STATUS_WORDS).toMatch(/Retrying:queued/);
});

test('a client made from the settings reads a declared word with its state and no violation', async () => {
  const settings = loadSettings({ LSQ_EXTRA_STATUS_WORDS: 'Retrying:queued' });
  const body = (Status: string) =>
    JSON.stringify({
      RequestID: exampleStatusSuccess.RequestID,
      TaskStatus: { ...exampleStatusSuccess.TaskStatus, Status, TaskCurrentStep: 'Retry-Queue', Message: null },
    });
  let word = 'Retrying';
  const fakeFetch: typeof fetch = async () => new Response(body(word), { status: 200, headers: { 'content-type': 'application/json' } });
  const client = clientFor(settings, 'http://127.0.0.1:9', { fetch: fakeFetch, rateLimit: null });
  expect(await client.getStatus(exampleStatusSuccess.RequestID)).toMatchObject({ state: 'queued', violations: [] });
  word = 'Pending';
  const other = await client.getStatus(exampleStatusSuccess.RequestID);
  expect(other.state).toBe('queued');
  expect(other.violations.map((v) => v.rule)).toEqual(['status.status.undocumented-word']);
});
