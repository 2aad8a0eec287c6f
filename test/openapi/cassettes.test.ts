// Every recorded answer in cassettes/*.har is judged against the committed OpenAPI document. Those that
// break it on purpose (the drift and gateway edge cases the replay suite exists for) are listed here,
// each with why; a listed cassette that starts to validate fails too, so the list cannot go stale.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { expect, test } from 'vitest';
import { responseValidator } from './response-validator.ts';

const ROOT = new URL('../../', import.meta.url).pathname;
const DOC = parse(readFileSync(join(ROOT, 'contracts/openapi/lsq-async-api.yaml'), 'utf8'));
const CASSETTES = join(ROOT, 'cassettes');

/** Off the document on purpose: cassette → why. Only the first answer that breaks it is named. */
export const OFF_CONTRACT: Record<string, string> = {
  'bad-gateway-html-then-success': 'a gateway 502 in HTML: no status LeadSquared documents',
  'connection-reset-then-success': 'no HTTP answer at all (status 0)',
  'content-type-missing': 'drift: a 200 without Content-Type (content-type.not-json)',
  'empty-body': 'drift: a 200 with no body',
  'message-double-encoded': 'drift: Message encoded twice (status.message.double-encoded)',
  'message-empty-string': 'drift: Success with an empty Message (status.message.missing-on-success)',
  'message-not-json-text': 'drift: Message is text, not JSON (status.message.not-json)',
  'message-plain-object': 'drift: Message as an object, as the page claims (status.message.object)',
  'not-found': 'a 404 from the host\'s framework ({"Message":…}), not the envelope; read as NotFoundError',
  'request-body-with-bom': 'tolerated: RequestBody starts with a byte order mark; the decoder strips it, JSON does not allow it',
  'status-body-with-bom': 'tolerated: the whole body starts with a byte order mark; the client strips it',
  'status-word-failed': 'drift: an undocumented status word (decision 005)',
  'status-word-missing': 'drift: no status word (status.status.missing)',
  'status-word-processing': 'drift: an undocumented status word (decision 005)',
  'status-word-queued': 'drift: an undocumented status word (decision 005)',
  'status-word-unknown': 'drift: an unknown status word',
  'status-word-upper-success': "tolerated: SUCCESS, a documented word in another letter case; the enum holds the page's spelling",
  'task-status-missing': 'drift: no TaskStatus',
  'truncated-json': 'a body cut off mid-JSON',
  'unauthorized-html-gateway': 'a gateway 401 in HTML, not the envelope',
  'update-accepted-without-request-id': 'drift: accepted without a RequestID',
  'wrong-content-type': 'drift: a 200 in text/html',
};

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
