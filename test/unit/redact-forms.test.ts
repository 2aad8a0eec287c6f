// redact() masks a secret in every form an artefact may hold it — percent-encoded in either case,
// JSON-escaped, base64 — and masks credential-named fields whose value was never registered, in JSON
// (plain or inside a JSON string) and in header lines of any letter case.
import { afterEach, expect, test } from 'vitest';
import { REDACTED, clearSecrets, redact, registerSecret } from '../../src/client/redact.ts';

afterEach(() => clearSecrets());

const SECRET = 'Ab/cd+ef=gh?ij';

test('a registered secret percent-encoded in lower case is masked', () => {
  registerSecret(SECRET);
  const lower = encodeURIComponent(SECRET).replace(/%[0-9A-F]{2}/g, (e) => e.toLowerCase());
  expect(lower).toContain('%2f');
  expect(redact(`GET /x?token=${lower}&y=1`)).toBe(`GET /x?token=${REDACTED}&y=1`);
});

test('a registered secret with only some characters encoded, in mixed case, is masked', () => {
  registerSecret(SECRET);
  expect(redact('v=Ab/cd%2bef%3Dgh%3fij;')).toBe(`v=${REDACTED};`);
  expect(redact('v=Ab%2Fcd+ef=gh?ij;')).toBe(`v=${REDACTED};`);
});

test('a registered secret written by URLSearchParams (space as +) is masked', () => {
  registerSecret('pass word!(x)');
  const query = new URLSearchParams({ k: 'pass word!(x)' }).toString();
  expect(redact(query)).toBe(`k=${REDACTED}`);
});

test('a registered secret JSON-escaped with \\/ or \\u escapes is masked', () => {
  registerSecret('p"a/ss\\wörd');
  expect(redact('{"k":"p\\"a\\/ss\\\\w\\u00f6rd"}')).toBe(`{"k":"${REDACTED}"}`);
  expect(redact(JSON.stringify({ k: 'p"a/ss\\wörd' }))).toBe(`{"k":"${REDACTED}"}`);
});

test('a registered secret in base64 is masked', () => {
  registerSecret(SECRET);
  expect(redact(`token ${Buffer.from(SECRET).toString('base64')} end`)).toBe(`token ${REDACTED} end`);
  expect(redact(`token ${Buffer.from(SECRET).toString('base64url')} end`)).toBe(`token ${REDACTED} end`);
});

test('a registered secret is still matched case-sensitively where it is not encoded', () => {
  registerSecret('CaseSensitiveKey');
  expect(redact('casesensitivekey')).toBe('casesensitivekey');
  expect(redact('CaseSensitiveKey')).toBe(REDACTED);
});

test('JSON members accessKey and secretKey are masked by name, whatever their value', () => {
  expect(redact('{"accessKey":"never-seen-1","secretKey": "never seen, 2","Note":"kept"}')).toBe(
    `{"accessKey":"${REDACTED}","secretKey": "${REDACTED}","Note":"kept"}`,
  );
  expect(redact('{"AccessKey" : "v1\\"x"}')).toBe(`{"AccessKey" : "${REDACTED}"}`);
});

test('credential members inside a JSON-encoded string are masked by name', () => {
  const inner = JSON.stringify({ accessKey: 'unregistered-a', 'x-api-key': 'unregistered-b', Note: 'kept' });
  const outer = JSON.stringify({ RequestBody: inner });
  const out = redact(outer);
  expect(out).not.toMatch(/unregistered/);
  expect(JSON.parse(JSON.parse(out).RequestBody)).toEqual({ accessKey: REDACTED, 'x-api-key': REDACTED, Note: 'kept' });
});

test('credential headers are masked by name in any letter case and quoting', () => {
  for (const name of ['x-api-key', 'X-API-KEY', 'X-Api-Key', 'x-LSQ-AccessKey', 'X-LSQ-ACCESSKEY', 'x-lsq-secretkey', 'X-Lsq-SecretKey']) {
    expect(redact(`${name}: hidden-value-1`)).toBe(`${name}: ${REDACTED}`);
    expect(redact(`{"${name}":"hidden-value-2"}`)).toBe(`{"${name}":"${REDACTED}"}`);
    expect(redact(`{ '${name}': 'hidden-value-3' }`)).toBe(`{ '${name}': '${REDACTED}' }`);
  }
});

test('query parameters accessKey and secretKey are masked in any letter case', () => {
  expect(redact('/u?ACCESSKEY=a1b2&SecretKey=c3d4#f')).toBe(`/u?ACCESSKEY=${REDACTED}&SecretKey=${REDACTED}#f`);
});

test('text that only names a credential is left alone', () => {
  const prose = 'set LSQ_ACCESS_KEY; accessKey and secretKey go in the query or x-LSQ-AccessKey / x-LSQ-SecretKey headers';
  expect(redact(prose)).toBe(prose);
});
