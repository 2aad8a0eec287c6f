// Every recorded answer in cassettes/*.har is judged against the committed OpenAPI document. Those that
// break it on purpose (the drift and gateway edge cases the replay suite exists for) are listed in
// ./off-contract.ts, each with why; a listed cassette that starts to validate fails too, so the list cannot go stale.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { expect, test } from 'vitest';
import { OFF_CONTRACT } from './off-contract.ts';
import { responseValidator } from './response-validator.ts';

const ROOT = new URL('../../', import.meta.url).pathname;
const DOC = parse(readFileSync(join(ROOT, 'contracts/openapi/lsq-async-api.yaml'), 'utf8'));
const CASSETTES = join(ROOT, 'cassettes');

const problemsOf = responseValidator(DOC);

interface Entry {
  request: { method: string; url: string };
  response: { status: number; content: { mimeType?: string; text?: string } };
}

function judge(file: string): string[] {
  const har = JSON.parse(readFileSync(join(CASSETTES, file), 'utf8')) as { log: { entries: Entry[] } };
  return har.log.entries.flatMap((e, i) => {
    const path = new URL(e.request.url).pathname;
    return problemsOf(path, e.request.method, e.response.status, e.response.content.mimeType ?? '', e.response.content.text ?? '').map(
      (p) => `answer ${i + 1} (${e.response.status}): ${p}`,
    );
  });
}

const files = readdirSync(CASSETTES)
  .filter((f) => f.endsWith('.har'))
  .sort();

test('there are cassettes to judge, and every listed exception names an existing one', () => {
  expect(files.length).toBeGreaterThanOrEqual(40);
  const names = files.map((f) => f.replace(/\.har$/, ''));
  expect(Object.keys(OFF_CONTRACT).filter((n) => !names.includes(n))).toEqual([]);
});

test.each(files)('%s: its answers validate against the document, or it is a listed edge case that does not', (file) => {
  const name = file.replace(/\.har$/, '');
  const problems = judge(file);
  if (OFF_CONTRACT[name]) expect(problems.length, `${name} is listed as off-contract but validates`).toBeGreaterThan(0);
  else expect(problems).toEqual([]);
});
