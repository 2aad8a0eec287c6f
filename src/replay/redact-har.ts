// Takes every secret out of a cassette before it touches the disk: credential parameters and headers
// by name (isSecretName), credential keys inside JSON bodies by name, and then every configured secret
// value wherever it still appears (raw, URL-encoded, JSON-escaped, base64). The result is checked once
// more; if a value survived, writing fails rather than leaving a leak on disk.
import { REDACTED, isSecretName, redact } from '../client/redact.ts';
import type { Har, HarEntry, HarNameValue } from './har.ts';

/** The forms a secret value can take in a HAR file. */
export function secretForms(value: string): string[] {
  return [...new Set([value, encodeURIComponent(value), JSON.stringify(value).slice(1, -1), Buffer.from(value).toString('base64')])];
}

export class SecretLeftInCassetteError extends Error {
  constructor(where: string) {
    super(`a configured secret is still in the cassette (${where}); nothing was written`);
    this.name = 'SecretLeftInCassetteError';
  }
}

const pairs = (list: readonly HarNameValue[]): HarNameValue[] => list.map((p) => ({ ...p, value: isSecretName(p.name) ? REDACTED : redact(p.value) }));

function redactUrl(raw: string): string {
  const url = new URL(raw);
  // Rebuilt by hand: URLSearchParams would percent-encode the placeholder's brackets.
  const query = [...url.searchParams].map(([name, value]) => `${encodeURIComponent(name)}=${isSecretName(name) ? REDACTED : encodeURIComponent(value)}`);
  return redact(`${url.origin}${url.pathname}${query.length ? `?${query.join('&')}` : ''}`);
}

/** Replaces the values of credential-named keys anywhere in a JSON body; other text goes through redact(). */
export function redactBody(text: string): string {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return redact(text);
  }
  let changed = false;
  const walk = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(walk);
    if (value === null || typeof value !== 'object') return value;
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => {
        if (isSecretName(k) && typeof v === 'string') {
          changed = true;
          return [k, REDACTED];
        }
        return [k, walk(v)];
      }),
    );
  };
  const cleaned = walk(json);
  // Unchanged bodies keep their exact bytes (whitespace, key order, escapes are part of the case).
  return redact(changed ? JSON.stringify(cleaned) : text);
}

function redactEntry(entry: HarEntry): HarEntry {
  const { request, response } = entry;
  return {
    ...entry,
    request: {
      ...request,
      url: redactUrl(request.url),
      headers: pairs(request.headers),
      queryString: pairs(request.queryString),
      ...(request.postData ? { postData: { ...request.postData, text: redactBody(request.postData.text) } } : {}),
    },
    response: {
      ...response,
      headers: pairs(response.headers),
      content: {
        ...response.content,
        ...(response.content.text !== undefined && response.content.encoding === undefined ? { text: redactBody(response.content.text) } : {}),
      },
    },
  };
}

/** A copy of `har` with every secret replaced by the placeholder; throws if one would remain. */
export function redactHar(har: Har, secrets: readonly string[]): Har {
  const byName: Har = { ...har, log: { ...har.log, entries: har.log.entries.map(redactEntry) } };
  let text = JSON.stringify(byName);
  const forms = secrets
    .filter((s) => s.length >= 4)
    .flatMap(secretForms)
    .sort((a, b) => b.length - a.length);
  for (const form of forms) text = text.split(form).join(REDACTED);
  const result = JSON.parse(text) as Har;
  const left = findSecret(JSON.stringify(result, null, 2), secrets);
  if (left) throw new SecretLeftInCassetteError(left);
  return result;
}

/** Where a secret value (in any of its forms) appears in `text`: "line N", or null when clean. */
export function findSecret(text: string, secrets: readonly string[]): string | null {
  for (const secret of secrets.filter((s) => s.length >= 4)) {
    for (const form of secretForms(secret)) {
      const at = text.indexOf(form);
      if (at !== -1) return `line ${text.slice(0, at).split('\n').length}`;
    }
  }
  return null;
}
