// Cassettes are HAR 1.2 files (http://www.softwareishard.com/blog/har-12-spec/): a standard that
// browsers, proxies and HTTP tools read and write, so a cassette can be opened in a HAR viewer or
// captured with any of them. This file holds the subset of the format we read and write, validated
// with zod so that a hand-edited cassette with a typo fails with the path of the typo.
//
// Two custom fields (HAR allows fields starting with "_"):
// - `response._error`: the exchange ended without an answer (Chrome writes e.g.
//   "net::ERR_CONNECTION_RESET" with status 0 here); replay answers with a network error.
// - `log._scenario`: the cassette's name, as given to the recorder.
import { readFileSync, writeFileSync } from 'node:fs';
import { z } from 'zod';

const NameValue = z.looseObject({ name: z.string(), value: z.string(), comment: z.string().optional() });

const HarRequest = z.looseObject({
  method: z.string().min(1),
  url: z.url(),
  httpVersion: z.string(),
  cookies: z.array(z.unknown()),
  headers: z.array(NameValue),
  queryString: z.array(NameValue),
  postData: z.looseObject({ mimeType: z.string(), text: z.string() }).optional(),
  headersSize: z.number(),
  bodySize: z.number(),
});

const HarResponse = z.looseObject({
  status: z.number().int().min(0).max(599),
  statusText: z.string(),
  httpVersion: z.string(),
  cookies: z.array(z.unknown()),
  headers: z.array(NameValue),
  content: z.looseObject({
    size: z.number(),
    mimeType: z.string(),
    text: z.string().optional(),
    encoding: z.literal('base64').optional(),
  }),
  redirectURL: z.string(),
  headersSize: z.number(),
  bodySize: z.number(),
  _error: z.string().optional(),
});

const HarEntry = z.looseObject({
  startedDateTime: z.string(),
  time: z.number().min(0),
  request: HarRequest,
  response: HarResponse,
  cache: z.looseObject({}),
  timings: z.looseObject({ send: z.number(), wait: z.number(), receive: z.number() }),
  comment: z.string().optional(),
});

export const HarSchema = z.looseObject({
  log: z.looseObject({
    version: z.literal('1.2'),
    creator: z.looseObject({ name: z.string(), version: z.string() }),
    entries: z.array(HarEntry).min(1, 'a cassette holds at least one exchange'),
    comment: z.string().optional(),
    _scenario: z.string().optional(),
  }),
});

export type Har = z.infer<typeof HarSchema>;
export type HarEntry = z.infer<typeof HarEntry>;
export type HarNameValue = z.infer<typeof NameValue>;

export class CassetteError extends Error {
  constructor(source: string, problem: string) {
    super(`cassette ${source}: ${problem}`);
    this.name = 'CassetteError';
  }
}

export function parseCassette(text: string, source = '(text)'): Har {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new CassetteError(source, `not JSON (${(err as Error).message})`);
  }
  const checked = HarSchema.safeParse(json);
  if (!checked.success) {
    const first = checked.error.issues.slice(0, 5).map((i) => `${i.path.join('.') || '$'}: ${i.message}`);
    throw new CassetteError(source, `not a HAR 1.2 log: ${first.join('; ')}`);
  }
  return checked.data;
}

export function readCassette(path: string): Har {
  return parseCassette(readFileSync(path, 'utf8'), path);
}

export function writeCassette(path: string, har: Har): void {
  writeFileSync(path, `${JSON.stringify(har, null, 2)}\n`);
}

/** The cassette's one-line description of the edge case it holds. */
export function describeCassette(har: Har): string {
  return har.log.comment ?? '';
}

/** The body of a recorded response as bytes (HAR keeps it as text, or base64 for binary). */
export function responseBytes(entry: HarEntry): Uint8Array {
  const { text, encoding } = entry.response.content;
  if (text === undefined) return new Uint8Array();
  return encoding === 'base64' ? Buffer.from(text, 'base64') : Buffer.from(text, 'utf8');
}

export function headerValue(headers: readonly HarNameValue[], name: string): string | undefined {
  return headers.find((h) => h.name.toLowerCase() === name.toLowerCase())?.value;
}
