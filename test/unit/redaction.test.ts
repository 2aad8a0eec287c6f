import { afterEach, expect, test } from 'vitest';
import { LsqClient, redact, registerSecret, REDACTED } from '../../src/client/index.ts';
import type { Sandbox } from '../../src/sandbox/index.ts';
import { admin, sandboxFor, TEST_CREDENTIALS, update } from './helpers.ts';

let sandbox: Sandbox;
afterEach(async () => sandbox?.stop());

const SECRETS = Object.values(TEST_CREDENTIALS);
const leaks = (text: string) => SECRETS.filter((s) => text.includes(s) || text.includes(encodeURIComponent(s)));

test('redact() replaces registered values raw, URL-encoded and JSON-escaped', () => {
  registerSecret('p@ss/"word"+1');
  const text = `a p@ss/"word"+1 b ${encodeURIComponent('p@ss/"word"+1')} c ${JSON.stringify('p@ss/"word"+1')}`;
  expect(redact(text)).not.toMatch(/p@ss|p%40ss|word/);
});

test('credential parameters and headers are masked by name even when never registered', () => {
  expect(redact('GET /x?accessKey=abc123&secretKey=def456&RequestID=1')).toBe(`GET /x?accessKey=${REDACTED}&secretKey=${REDACTED}&RequestID=1`);
  expect(redact('x-api-key: zzz999')).toBe(`x-api-key: ${REDACTED}`);
  expect(redact('{"x-api-key":"zzz999"}')).toBe(`{"x-api-key":"${REDACTED}"}`);
});

test('no error text carries a secret value, whatever went wrong', async () => {
  sandbox = await sandboxFor({ rateLimit: { limit: 1 } });
  const client = new LsqClient({ baseUrl: sandbox.url, credentials: TEST_CREDENTIALS, rateLimit: null });
  // A short timeout only for the call meant to time out: on a busy machine 200 ms also timed out the
  // first, successful call (5 errors instead of 4).
  const impatient = new LsqClient({ baseUrl: sandbox.url, credentials: TEST_CREDENTIALS, rateLimit: null, timeoutMs: 200 });
  const wrong = new LsqClient({ baseUrl: sandbox.url, credentials: { ...TEST_CREDENTIALS, secretKey: 'never-registered-secret' }, rateLimit: null });
  const errors: unknown[] = [];
  const catchAll = (p: Promise<unknown>) => p.catch((e) => errors.push(e));
  await catchAll(client.submitUpdate(update()));
  await catchAll(client.submitUpdate(update())); // 429
  await admin(sandbox, 'POST', '/reset');
  await catchAll(wrong.submitUpdate(update())); // 401
  await admin(sandbox, 'POST', '/faults', { kind: 'hang', count: 1 });
  await catchAll(impatient.submitUpdate(update())); // timeout
  await sandbox.stop();
  await catchAll(client.submitUpdate(update())); // refused
  expect(errors.length).toBe(4);
  for (const e of errors) {
    const text = `${(e as Error).message} ${JSON.stringify(e)} ${(e as Error).stack}`;
    expect(leaks(text)).toEqual([]);
    expect(text).not.toContain('never-registered-secret');
  }
});
