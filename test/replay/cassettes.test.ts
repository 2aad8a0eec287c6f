// The cassette folder as a whole: every file is a HAR 1.2 log named after its scenario, says in one
// line what edge case it holds, carries the expectation the gate judges it by, holds no credential, and
// is played by at least one test.
import { readFileSync, readdirSync } from 'node:fs';
import { expect, test } from 'vitest';
import { REDACTED, isSecretName } from '../../src/client/redact.ts';
import { expectationOf } from '../../src/replay/expectation.ts';
import { describeCassette, readCassette } from '../../src/replay/har.ts';
import { SANDBOX_DEFAULT_CREDENTIALS } from '../../src/sandbox/settings.ts';
import { CASSETTE_DIR } from './support/replay-server.ts';

const names = readdirSync(CASSETTE_DIR)
  .filter((f) => f.endsWith('.har'))
  .map((f) => f.slice(0, -'.har'.length))
  .sort();
const testSources = readdirSync(new URL('.', import.meta.url))
  .filter((f) => f.endsWith('.test.ts'))
  .map((f) => readFileSync(new URL(f, import.meta.url), 'utf8'))
  .join('\n');

test('the suite holds at least 25 cassettes, and nothing else in their folder', () => {
  expect(names.length).toBeGreaterThanOrEqual(25);
  expect(readdirSync(CASSETTE_DIR).filter((f) => !f.endsWith('.har'))).toEqual([]);
});

test('every cassette is a HAR 1.2 log named after its scenario, with a one-line description', () => {
  const problems: string[] = [];
  for (const name of names) {
    const har = readCassette(`${CASSETTE_DIR}${name}.har`);
    const description = describeCassette(har);
    if (har.log._scenario !== name) problems.push(`${name}: log._scenario is ${JSON.stringify(har.log._scenario)}`);
    if (!description.trim() || /[\r\n]/.test(description) || description.length > 200)
      problems.push(`${name}: log.comment must be one line of at most 200 characters`);
  }
  expect(problems).toEqual([]);
});

test('every cassette carries a well-formed _lsqExpect: the coarse verdict the gate and users judge it by', () => {
  const problems: string[] = [];
  for (const name of names) {
    try {
      if (!expectationOf(readCassette(`${CASSETTE_DIR}${name}.har`), name)) problems.push(`${name}: no log._lsqExpect`);
    } catch (e) {
      problems.push((e as Error).message);
    }
  }
  expect(problems).toEqual([]);
});

test('no cassette holds a credential: secret-named headers and parameters carry only the placeholder', () => {
  const leaks: string[] = [];
  for (const name of names) {
    const text = readFileSync(`${CASSETTE_DIR}${name}.har`, 'utf8');
    for (const value of Object.values(SANDBOX_DEFAULT_CREDENTIALS)) if (text.includes(value)) leaks.push(`${name}: a sandbox credential`);
    for (const [i, e] of readCassette(`${CASSETTE_DIR}${name}.har`).log.entries.entries()) {
      for (const p of [...e.request.headers, ...e.request.queryString, ...e.response.headers]) {
        if (isSecretName(p.name) && p.value !== REDACTED) leaks.push(`${name} entry ${i}: ${p.name}`);
      }
      const query = new URL(e.request.url).searchParams;
      for (const [k, v] of query) if (isSecretName(k) && v !== REDACTED) leaks.push(`${name} entry ${i}: url ${k}`);
    }
  }
  expect(leaks).toEqual([]);
});

test('every cassette is played by at least one test', () => {
  expect(names.filter((n) => !testSources.includes(`'${n}'`))).toEqual([]);
});
