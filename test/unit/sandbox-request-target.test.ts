// Request lines that Node's HTTP parser accepts but a URL parser does not read as a path: each gets a
// 4xx with LeadSquared's envelope (they were 500s), and `//host/…` never reaches the route after the
// "host" (it read the admin settings).
import { connect } from 'node:net';
import { afterEach, expect, test } from 'vitest';
import type { Sandbox } from '../../src/sandbox/index.ts';
import { parseRequestTarget } from '../../src/sandbox/request-target.ts';
import { sandboxFor } from './helpers.ts';

let sandbox: Sandbox;
afterEach(async () => sandbox?.stop());

/** One request over a raw socket to the sandbox on 127.0.0.1: status and parsed body. */
function raw(requestLine: string): Promise<{ status: number; body: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const s = connect(sandbox.port, '127.0.0.1', () => s.write(`${requestLine}\r\nhost: 127.0.0.1\r\nconnection: close\r\n\r\n`));
    let data = '';
    s.on('data', (d) => (data += d));
    s.on('error', reject);
    s.on('close', () => resolve({ status: Number(/^HTTP\/1\.1 (\d{3})/.exec(data)?.[1]), body: JSON.parse(data.slice(data.indexOf('\r\n\r\n') + 4)) }));
  });
}

const ENVELOPE = { Status: 'Error', ExceptionType: expect.stringMatching(/^MX/), ExceptionMessage: expect.any(String) };

test.each([
  ['GET //[ HTTP/1.1', 400],
  ['GET /__sandbox/requests/%E0%A4%A HTTP/1.1', 400],
  ['GET //x/__sandbox/settings HTTP/1.1', 400],
  ['GET /\\x/__sandbox/settings HTTP/1.1', 400],
  ['GET http://127.0.0.1/__sandbox/health HTTP/1.1', 400],
  ['GET /..//x/__sandbox/settings HTTP/1.1', 404],
  ['GET /__sandbox/no-such-route HTTP/1.1', 404],
])('%s answers %i with the envelope', async (line, status) => {
  sandbox = await sandboxFor();
  const answer = await raw(line);
  expect(answer).toEqual({ status, body: expect.objectContaining(ENVELOPE) });
});

test('a path with one slash still reaches the admin endpoint, dot segments resolved', async () => {
  sandbox = await sandboxFor();
  expect(await raw('GET /x/../__sandbox/health HTTP/1.1')).toMatchObject({ status: 200, body: { ok: true } });
});

test('the parser keeps the path and query and refuses anything that is not one leading slash', () => {
  const ok = parseRequestTarget('/opportunity/update/status?RequestID=%zz&a=1');
  expect(ok.ok && [ok.pathname, ok.searchParams.get('RequestID')]).toEqual(['/opportunity/update/status', '%zz']);
  for (const bad of ['//[', '//x/y', '/\\x', '*', 'http://a/b', '', undefined]) expect(parseRequestTarget(bad).ok, String(bad)).toBe(false);
});

test('a query parameter is read exactly as URLSearchParams reads it, with or without the URL parser', () => {
  // The status and update calls read one or two parameters straight from a plain query (no
  // URLSearchParams built); every query below must give what URLSearchParams gives.
  const pieces = ['RequestID', 'requestid', 'REQUESTID', 'accessKey', 'a', '=', '==', '&', '&&', '%41', '%zz', '+', 'x+y', 'v1', '', '.', '~'];
  let seed = 7;
  const next = () => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed / 2 ** 31;
  };
  for (let i = 0; i < 5000; i++) {
    const query = Array.from({ length: Math.floor(next() * 8) }, () => pieces[Math.floor(next() * pieces.length)]).join('');
    for (const path of ['/opportunity/update/status', '/opportunity/./update/status']) {
      const target = parseRequestTarget(`${path}?${query}`);
      if (!target.ok) throw new Error(`refused ${query}`);
      const reference = new URLSearchParams(query);
      for (const name of ['RequestID', 'accessKey', 'a']) {
        expect(target.param(name), `${query} ${name}`).toBe(reference.get(name));
        const anyCase = [...reference].find(([k]) => k.toLowerCase() === name.toLowerCase())?.[1] ?? null;
        expect(target.param(name, true), `${query} ${name} any case`).toBe(anyCase);
      }
      expect([...target.searchParams]).toEqual([...reference]);
    }
  }
});
