// Every log line, error message and artefact the harness writes passes through redact(): secret values
// are registered once (when settings are read) and replaced wherever they appear — raw, URL-encoded or
// JSON-escaped — and the credential parameters/headers are masked by name even when their value was
// never registered (e.g. a cassette recorded with somebody else's key).

export const REDACTED = '[REDACTED]';

const secrets = new Set<string>();

/** Names whose values are secrets, in query strings, headers and JSON bodies (case-insensitive). */
export const SECRET_NAMES = ['accessKey', 'secretKey', 'x-api-key', 'x-LSQ-AccessKey', 'x-LSQ-SecretKey'] as const;
const SECRET_NAME_SET = new Set(SECRET_NAMES.map((n) => n.toLowerCase()));

export function isSecretName(name: string): boolean {
  return SECRET_NAME_SET.has(name.toLowerCase());
}

/** Registers a secret value; values shorter than 4 characters are refused as too likely to collide. */
export function registerSecret(value: string | undefined | null): void {
  if (!value || value.length < 4) return;
  secrets.add(value);
  secrets.add(encodeURIComponent(value));
  secrets.add(JSON.stringify(value).slice(1, -1));
}

export function registeredSecretCount(): number {
  return secrets.size;
}

/** For tests: forget every registered secret. */
export function clearSecrets(): void {
  secrets.clear();
}

const QUERY_PARAM = /([?&](?:accessKey|secretKey)=)[^&#\s"']*/gi;
const HEADER_LINE = /((?:x-api-key|x-LSQ-AccessKey|x-LSQ-SecretKey)"?\s*[:=]\s*"?)[^"\s,}]+/gi;

export function redact(text: string): string {
  let out = text;
  // Longest first, so that a secret containing another is replaced whole.
  for (const secret of [...secrets].sort((a, b) => b.length - a.length)) {
    if (out.includes(secret)) out = out.split(secret).join(REDACTED);
  }
  return out.replace(QUERY_PARAM, `$1${REDACTED}`).replace(HEADER_LINE, `$1${REDACTED}`);
}

/** Redacts a URL's credential parameters, keeping the rest readable. */
export function redactUrl(url: string | URL): string {
  return redact(String(url));
}
