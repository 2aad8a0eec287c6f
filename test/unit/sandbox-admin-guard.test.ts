// The admin endpoint against a browser on the same machine: a cross-origin text/plain POST (CSRF)
// injected a fault, and a page reached through DNS rebinding (`Host: evil.example`) read the settings.
// Both are refused now (403 with the envelope), and the project's own way of calling it still works.
import { connect } from 'node:net';
import { afterEach, expect, test } from 'vitest';
import { isLoopbackHost } from '../../src/sandbox/admin-guard.ts';
import type { Sandbox } from '../../src/sandbox/index.ts';
import { admin, sandboxFor } from './helpers.ts';

let sandbox: Sandbox;
afterEach(async () => sandbox?.stop());

/** A request written byte for byte to the sandbox on 127.0.0.1, so Host and Origin are ours to choose. */
function raw(head: string, body = ''): Promise<{ status: number; body: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const length = body ? `content-length: ${Buffer.byteLength(body)}\r\n` : '';
    const s = connect(sandbox.port, '127.0.0.1', () => s.write(`${head}\r\nconnection: close\r\n${length}\r\n${body}`));
    let data = '';
    s.on('data', (d) => (data += d));
    s.on('error', reject);
    s.on('close', () => resolve({ status: Number(/^HTTP\/1\.[01] (\d{3})/.exec(data)?.[1]), body: JSON.parse(data.slice(data.indexOf('\r\n\r\n') + 4)) }));
  });
}

const REFUSED = {
  status: 403,
  body: expect.objectContaining({ Status: 'Error', ExceptionType: 'MXAccessDeniedException', ExceptionMessage: expect.any(String) }),
};
const FAULT = '{"kind":"http-5xx"}';

test('a cross-origin text/plain POST (what a page can send without a preflight) injects no fault', async () => {
  sandbox = await sandboxFor();
  const here = `127.0.0.1:${sandbox.port}`;
  expect(await raw(`POST /__sandbox/faults HTTP/1.1\r\nhost: ${here}\r\norigin: http://evil.example\r\ncontent-type: text/plain;charset=UTF-8`, FAULT)).toEqual(
    REFUSED,
  );
  // The same without an Origin (a browser may omit it) is still refused for its content type.
  expect(await raw(`POST /__sandbox/faults HTTP/1.1\r\nhost: ${here}\r\ncontent-type: text/plain`, FAULT)).toEqual(REFUSED);
  expect(await raw(`POST /__sandbox/faults HTTP/1.1\r\nhost: ${here}\r\ncontent-type: application/x-www-form-urlencoded`, 'kind=hang')).toEqual(REFUSED);
  expect(sandbox.faults.list()).toEqual([]);
});

test('a bodiless write without content-type is refused too: reset keeps the tasks, DELETE keeps the faults', async () => {
  sandbox = await sandboxFor();
  await admin(sandbox, 'POST', '/faults', { kind: 'latency', ms: 1 });
  await admin(sandbox, 'POST', '/states', { state: 'an update request succeeded' });
  const here = `127.0.0.1:${sandbox.port}`;
  expect(await raw(`POST /__sandbox/reset HTTP/1.1\r\nhost: ${here}`)).toEqual(REFUSED);
  expect(await raw(`DELETE /__sandbox/faults HTTP/1.1\r\nhost: ${here}`)).toEqual(REFUSED);
  expect([sandbox.tasks.size, sandbox.faults.list().length]).toEqual([1, 1]);
  expect(await raw(`POST /__sandbox/reset HTTP/1.1\r\nhost: ${here}\r\ncontent-type: application/json`)).toMatchObject({ status: 200 });
  expect(sandbox.tasks.size).toBe(0);
});

test.each([
  'evil.example',
  `evil.example:80`,
  '127.0.0.1.evil.example',
  'localhost.',
  'localhost.evil.example',
  '256.0.0.1',
  '10.0.0.1',
  '[::ffff:127.0.0.1]',
  '127.0.0.1:99999',
  '',
])('Host %j (DNS rebinding) cannot read the settings', async (host) => {
  sandbox = await sandboxFor();
  expect(await raw(`GET /__sandbox/settings HTTP/1.1\r\nhost: ${host}`)).toEqual(REFUSED);
});

test('HTTP/1.0 without a Host is refused', async () => {
  sandbox = await sandboxFor();
  expect(await raw('GET /__sandbox/settings HTTP/1.0')).toEqual(REFUSED);
});

test.each(['null', 'http://evil.example', 'http://127.0.0.1:1', 'https://127.0.0.1'])('an Origin of %s is refused, even on a read', async (origin) => {
  sandbox = await sandboxFor();
  expect(await raw(`GET /__sandbox/settings HTTP/1.1\r\nhost: 127.0.0.1:${sandbox.port}\r\norigin: ${origin}`)).toEqual(REFUSED);
});

test('loopback Hosts, the same origin and application/json writes are served', async () => {
  sandbox = await sandboxFor();
  const p = sandbox.port;
  for (const host of [`127.0.0.1:${p}`, '127.0.0.1', `127.10.20.30:${p}`, `localhost:${p}`, `LOCALHOST:${p}`, `[::1]:${p}`]) {
    expect(await raw(`GET /__sandbox/health HTTP/1.1\r\nhost: ${host}`), host).toMatchObject({ status: 200, body: { ok: true } });
  }
  expect(await raw(`GET /__sandbox/health HTTP/1.1\r\nhost: localhost:${p}\r\norigin: http://localhost:${p}`)).toMatchObject({ status: 200 });
  expect(await raw(`POST /__sandbox/faults HTTP/1.1\r\nhost: 127.0.0.1:${p}\r\ncontent-type: application/json; charset=utf-8`, FAULT)).toMatchObject({
    status: 201,
  });
  expect((await admin(sandbox, 'DELETE', '/faults')).status).toBe(200);
  expect(sandbox.faults.list()).toEqual([]);
});

test('the LeadSquared API paths keep answering any Host: only the admin endpoint checks it', async () => {
  sandbox = await sandboxFor();
  expect(await raw('GET /opportunity/update/status?RequestID=x HTTP/1.1\r\nhost: asyncapi-in21.leadsquared.com')).toMatchObject({ status: 401 });
});

test('isLoopbackHost reads dotted quads, not prefixes', () => {
  expect(['127.0.0.1', '127.255.255.255:1', '[::1]', 'localhost:0'].every(isLoopbackHost)).toBe(true);
  expect(['127.0.0.1a', '127.0.0', '1127.0.0.1', '127.0.0.256', '::1', '[::1]x', undefined].some((h) => isLoopbackHost(h))).toBe(false);
});
