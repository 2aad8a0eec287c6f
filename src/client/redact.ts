// Every log line, error message and artefact the harness writes passes through redact(): secret values
// are registered once (when settings are read) and replaced wherever they appear — raw, percent-encoded
// (either hex case, wholly or in part), JSON-escaped or base64 — and the credential parameters, headers
// and JSON members are masked by name even when their value was never registered (e.g. a cassette
// recorded with somebody else's key).
//
// redact() works on whole text: a secret cut in two (by a pipe chunk, or by an excerpt's length) is no
// longer recognisable, so callers redact complete lines (line-redactor.ts) and cut only after redacting.

export const REDACTED = '[REDACTED]';

const secrets = new Set<string>();
/** One pattern matching every registered secret in every form; rebuilt after a registration. */
let matcher: RegExp | null = null;

/** Names whose values are secrets, in query strings, headers and JSON bodies (case-insensitive). */
export const SECRET_NAMES = ['accessKey', 'secretKey', 'x-api-key', 'x-LSQ-AccessKey', 'x-LSQ-SecretKey'] as const;
const SECRET_NAME_SET = new Set(SECRET_NAMES.map((n) => n.toLowerCase()));

export function isSecretName(name: string): boolean {
  return SECRET_NAME_SET.has(name.toLowerCase());
}

/** Registers a secret value; values shorter than 4 characters are refused as too likely to collide. */
export function registerSecret(value: string | undefined | null): void {
  if (!value || value.length < 4 || secrets.has(value)) return;
  secrets.add(value);
  matcher = null;
}

export function registeredSecretCount(): number {
  return secrets.size;
}

/** For tests: forget every registered secret. */
export function clearSecrets(): void {
  secrets.clear();
  matcher = null;
}

/** For tests: the registered secrets, to put back with restoreSecrets() after code that registers more. */
export function secretsSnapshot(): string[] {
  return [...secrets];
}

/** For tests: exactly these secrets registered again (a snapshot from secretsSnapshot()). */
export function restoreSecrets(values: readonly string[]): void {
  secrets.clear();
  for (const value of values) secrets.add(value);
  matcher = null;
}

/**
 * The longest text one registered secret can occupy in any of its forms. Text cut at an arbitrary
 * point can hold the start of a secret only within this many characters of the cut.
 */
export function maxSecretFormLength(): number {
  let longest = 0;
  for (const s of secrets) longest = Math.max(longest, formLength(s));
  return longest;
}

/** A letter or digit is always itself; another character is at most \uXXXX per UTF-16 unit or %XX per byte. */
function formLength(value: string): number {
  let n = 0;
  for (const ch of value) n += /^[A-Za-z0-9]$/.test(ch) ? 1 : Math.max(6 * ch.length, 3 * Buffer.byteLength(ch));
  return Math.max(n, Math.ceil(Buffer.byteLength(value) / 3) * 4);
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
/** Hex digits that match in either case: percent-encoders differ (%2F from encodeURIComponent, %2f elsewhere). */
const anyCaseHex = (n: number, width: number) =>
  n
    .toString(16)
    .toUpperCase()
    .padStart(width, '0')
    .replace(/[A-F]/g, (c) => `[${c}${c.toLowerCase()}]`);

/** Every way one character of a secret may be written: itself, percent-encoded, JSON-escaped, + for a space. */
function characterPattern(ch: string): string {
  if (/^[A-Za-z0-9]$/.test(ch)) return ch;
  const forms = [escapeRegExp(ch)];
  forms.push([...Buffer.from(ch, 'utf8')].map((b) => `%${anyCaseHex(b, 2)}`).join(''));
  forms.push([...Array(ch.length).keys()].map((i) => `\\\\u${anyCaseHex(ch.charCodeAt(i), 4)}`).join(''));
  const json = JSON.stringify(ch).slice(1, -1);
  if (json !== ch) forms.push(escapeRegExp(json));
  if (ch === '/') forms.push('\\\\/');
  if (ch === ' ') forms.push('\\+');
  return `(?:${forms.join('|')})`;
}

/** One secret, character by character in any mix of forms, or whole in base64 (padding optional). */
function secretPattern(value: string): string {
  const chars = [...value].map(characterPattern).join('');
  const base64 = new Set([Buffer.from(value).toString('base64').replace(/=+$/, ''), Buffer.from(value).toString('base64url')]);
  return [chars, ...[...base64].map((b) => `${escapeRegExp(b)}=*`)].join('|');
}

function secretMatcher(): RegExp | null {
  if (secrets.size === 0) return null;
  // Longest first: where two secrets start at one place, the one containing the other is replaced whole.
  matcher ??= new RegExp(
    [...secrets]
      .sort((a, b) => b.length - a.length)
      .map(secretPattern)
      .join('|'),
    'g',
  );
  return matcher;
}

const NAMES = SECRET_NAMES.map(escapeRegExp).join('|');
// No pattern reaches past the end of a line ([^\S\n] is a space that is not a newline): text redacted a
// line at a time (line-redactor.ts) comes out the same however the lines were grouped.
/** ?accessKey=… or &secretKey=… in a URL, up to the next parameter. */
const QUERY_PARAM = /([?&](?:accessKey|secretKey)=)[^&#\s"']*/gi;
/** "accessKey": "…" — a JSON member; its value runs to the closing quote, escapes included. */
const JSON_MEMBER = new RegExp(`("(?:${NAMES})"[^\\S\\n]*:[^\\S\\n]*")(?:[^"\\\\\\n]|\\\\.)*`, 'gi');
/** \"accessKey\":\"…\" — the same member inside a JSON-encoded string (a stringified RequestBody). */
const ESCAPED_JSON_MEMBER = new RegExp(`(\\\\"(?:${NAMES})\\\\"[^\\S\\n]*:[^\\S\\n]*\\\\")(?:[^"\\\\\\n]|\\\\[^"\\n])*`, 'gi');
/** x-api-key: … · 'x-LSQ-AccessKey': '…' · 'x-lsq-secretkey' => '…' · accessKey=… (a header line, a printed object); not a query parameter, done above. */
const NAMED_VALUE = new RegExp(`((?<![?&])(?:${NAMES})["']?[^\\S\\n]*(?:[:=]|=>)[^\\S\\n]*["']?)[^\\s"',;}&\\\\]+`, 'gi');

export function redact(text: string): string {
  const known = secretMatcher();
  const out = known ? text.replace(known, REDACTED) : text;
  return out
    .replace(QUERY_PARAM, `$1${REDACTED}`)
    .replace(JSON_MEMBER, `$1${REDACTED}`)
    .replace(ESCAPED_JSON_MEMBER, `$1${REDACTED}`)
    .replace(NAMED_VALUE, `$1${REDACTED}`);
}

/**
 * Redacts text that was cut at an arbitrary point (a body read up to a size cap): a secret cut there
 * is no longer recognisable, so the tail where its start could be is dropped as well.
 */
export function redactTruncated(text: string): string {
  const redacted = redact(text);
  return redacted.slice(0, Math.max(0, redacted.length - maxSecretFormLength()));
}

/** Redacts a URL's credential parameters, keeping the rest readable. */
export function redactUrl(url: string | URL): string {
  return redact(String(url));
}
