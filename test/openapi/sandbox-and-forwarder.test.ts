// The sandbox serves its own copy of the document, and the conformance run's forwarder keeps a run
// within a rate budget: a 429 from the target is waited out and the call sent again, never passed on.
import { parse } from 'yaml';
import { afterEach, expect, test } from 'vitest';
import { startPacedForwarder, type PacedForwarder } from '../../src/conformance/paced-forwarder.ts';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.ts';
import { buildOpenApiDocument } from '../../src/openapi/index.ts';

const open: Array<Sandbox | PacedForwarder> = [];
afterEach(async () => {
  for (const x of open.splice(0)) await ('stop' in x ? x.stop() : x.close());
});

test("GET /__sandbox/openapi.yaml is the generated document with the sandbox's own paths and URL", async () => {
  const sb = await startSandbox({ settings: { statusPath: '/custom/status' } });
  open.push(sb);
  const res = await fetch(`${sb.url}/__sandbox/openapi.yaml`);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^application\/yaml/);
  const doc = parse(await res.text());
  expect(doc.servers).toEqual([{ url: sb.url, description: 'this lsq-harness sandbox' }]);
  expect(Object.keys(doc.paths)).toEqual(['/opportunity/update', '/custom/status']);
  const json = await (await fetch(`${sb.url}/__sandbox/openapi.json`)).json();
  expect(json).toEqual(buildOpenApiDocument({ statusPath: '/custom/status', servers: [{ url: sb.url, description: 'this lsq-harness sandbox' }] }));
});

test("the forwarder waits out the target's 429s: a burst over the limit gets no 429", async () => {
  // The target allows 3 calls a second; the forwarder is told 6, so the target refuses some.
  const sb = await startSandbox({ settings: { rateLimit: { limit: 3, windowMs: 1000 } } });
  open.push(sb);
  const fwd = await startPacedForwarder({ target: sb.url, rateLimit: { limit: 6, windowMs: 1000, kind: 'sliding' }, guardMs: 50 });
  open.push(fwd);
  const started = Date.now();
  const answers = await Promise.all(
    Array.from({ length: 8 }, () =>
      fetch(`${fwd.url}/opportunity/update/status?RequestID=x`, { headers: { 'x-api-key': 'sandbox-api-key' } }).then((r) => r.status),
    ),
  );
  expect(answers).toEqual(Array(8).fill(400)); // unknown RequestID, every one answered past the limiter
  expect(fwd.waitedOut429s).toBeGreaterThan(0);
  expect(fwd.calls).toBe(8 + fwd.waitedOut429s);
  expect(Date.now() - started).toBeGreaterThanOrEqual(900);
});

test('the forwarder passes a 429 on after its retries run out, so a run cannot hang', async () => {
  const sb = await startSandbox({ settings: { rateLimit: { limit: 1, windowMs: 60_000 } } });
  open.push(sb);
  const fwd = await startPacedForwarder({ target: sb.url, rateLimit: { limit: 0, windowMs: 100, kind: 'sliding' }, guardMs: 0, max429Retries: 2 });
  open.push(fwd);
  const call = () => fetch(`${fwd.url}/opportunity/update/status?RequestID=x`, { headers: { 'x-api-key': 'sandbox-api-key' } });
  expect((await call()).status).toBe(400);
  const refused = await call();
  expect(refused.status).toBe(429);
  expect(await refused.json()).toMatchObject({ ExceptionMessage: 'API calls exceeded the limit of 1 in 60 second(s)' });
  expect(fwd.waitedOut429s).toBe(2);
});

test('the forwarder passes methods fetch refuses (TRACE) through to the target', async () => {
  const sb = await startSandbox();
  open.push(sb);
  const fwd = await startPacedForwarder({ target: sb.url, rateLimit: { limit: 0, windowMs: 1000, kind: 'sliding' } });
  open.push(fwd);
  const { request } = await import('node:http');
  const status = await new Promise<number>((resolve, reject) => {
    const r = request(`${fwd.url}/opportunity/update`, { method: 'TRACE' }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    r.on('error', reject);
    r.end();
  });
  expect(status).toBe(405);
});
