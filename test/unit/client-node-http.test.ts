// The client's own transport (src/client/node-http.ts): node:http instead of fetch, which loaded
// undici (~17 MB resident) into every monitor (BENCHMARKS.md, P5). What callers and hosts saw of fetch
// stays: its default request headers, compressed bodies decoded, repeated header fields joined, the
// size cap on decoded bytes, a cut-off body an error. Each case against a raw node:http server.
import { spawnSync } from 'node:child_process';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { afterEach, expect, test } from 'vitest';
import { LsqClient } from '../../src/client/client.ts';
import { ContractViolationError, LsqHttpError, NetworkError } from '../../src/client/errors.ts';
import { exampleStatusSuccess, exampleUpdateAccepted } from '../../src/contract/examples.ts';
import { TEST_CREDENTIALS } from './helpers.ts';

const REQUEST_ID = exampleStatusSuccess.RequestID;
const STATUS_BODY = JSON.stringify(exampleStatusSuccess);

let server: Server | undefined;
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((r) => server?.close(r) ?? r(undefined));
  server = undefined;
});

/** A loopback server answering every request with `answer`; the requests it saw are kept. */
async function serve(answer: (req: IncomingMessage, res: ServerResponse) => void): Promise<{ client: LsqClient; seen: IncomingMessage[] }> {
  const seen: IncomingMessage[] = [];
  server = createServer((req, res) => {
    seen.push(req);
    answer(req, res);
  });
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return { client: new LsqClient({ baseUrl: `http://127.0.0.1:${port}`, credentials: TEST_CREDENTIALS, rateLimit: null, timeoutMs: 5000 }), seen };
}

test("requests carry fetch's default headers, the caller's own winning", async () => {
  const { client, seen } = await serve((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(STATUS_BODY));
  await client.getStatus(REQUEST_ID);
  const headers = seen[0]!.headers;
  expect(headers).toMatchObject({ accept: '*/*', 'accept-language': '*', 'user-agent': 'node', 'accept-encoding': 'gzip, deflate' });
  expect(headers['x-api-key']).toBe(TEST_CREDENTIALS.apiKey);
});

test('an update sends its JSON body with its length', async () => {
  let body = '';
  const { client, seen } = await serve((req, res) => {
    req.setEncoding('utf8');
    req.on('data', (c: string) => (body += c));
    req.on('end', () => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(exampleUpdateAccepted)));
  });
  const request = { ProspectOpportunityId: '6a22455b-213e-4450-a960-3deef72b5eec', Fields: [{ SchemaName: 'mx_Custom_1', Value: 'é' }] };
  const r = await client.submitUpdate(request);
  expect(r.requestId).toBe(exampleUpdateAccepted.RequestID);
  expect(JSON.parse(body)).toEqual(request);
  expect(seen[0]!.headers['content-length']).toBe(String(Buffer.byteLength(body)));
  expect(seen[0]!.method).toBe('POST');
});

test('a gzip-encoded answer is decoded, as fetch decoded it', async () => {
  const { client } = await serve((_req, res) =>
    res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' }).end(gzipSync(STATUS_BODY)),
  );
  const s = await client.getStatus(REQUEST_ID);
  expect(s.state).toBe('succeeded');
  expect(s.opportunityId).toBe('6a22455b-213e-4450-a960-3deef72b5eec');
});

test('the size cap counts decoded bytes: a small gzip body that inflates past it is cut', async () => {
  const { port } = await serve(() => {}).then(() => server!.address() as AddressInfo);
  server!.removeAllListeners('request');
  server!.on('request', (_req: IncomingMessage, res: ServerResponse) =>
    res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' }).end(gzipSync(`"${'a'.repeat(200_000)}"`)),
  );
  const client = new LsqClient({ baseUrl: `http://127.0.0.1:${port}`, credentials: TEST_CREDENTIALS, rateLimit: null, maxBodyBytes: 10_000 });
  const e = await client.getStatus(REQUEST_ID).catch((x: unknown) => x);
  expect(e).toBeInstanceOf(ContractViolationError);
  expect((e as ContractViolationError).violations.map((v) => v.rule)).toEqual(['body.too-large']);
});

test('repeated header fields are read as one value joined by ", " (fetch kept both Content-Types)', async () => {
  const { client } = await serve((_req, res) => {
    res.setHeader('content-type', ['text/plain', 'application/json']);
    res.writeHead(200).end(STATUS_BODY);
  });
  const s = await client.getStatus(REQUEST_ID);
  const contentType = s.violations.filter((v) => v.rule === 'content-type.not-json');
  expect(contentType.map((v) => v.detail)).toEqual(['Content-Type is "text/plain, application/json"']);
});

test('a body cut off before its Content-Length is a NetworkError, not a short body', async () => {
  const { client } = await serve((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': '1000' });
    res.write(STATUS_BODY.slice(0, 20));
    setTimeout(() => res.socket?.destroy(), 20);
  });
  await expect(client.getStatus(REQUEST_ID)).rejects.toBeInstanceOf(NetworkError);
});

test('a redirect is the HTTP answer it is: not followed, so x-api-key goes nowhere else', async () => {
  const { client, seen } = await serve((_req, res) => res.writeHead(307, { location: 'http://127.0.0.1:1/elsewhere' }).end());
  const e = await client.getStatus(REQUEST_ID).catch((x: unknown) => x);
  expect(e).toBeInstanceOf(LsqHttpError);
  expect((e as LsqHttpError).status).toBe(307);
  expect(seen).toHaveLength(1);
});

test("a client's calls do not load Node's fetch (undici): checked in a fresh process", () => {
  const child = `
    // Not an ESM import of node:http: that alone loads undici (see src/client/node-http.ts).
    const { createServer } = process.getBuiltinModule('node:http');
    const { LsqClient } = await import(process.argv[1]);
    const server = createServer((req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(${JSON.stringify(STATUS_BODY)}));
    await new Promise((r) => server.listen(0, '127.0.0.1', r));
    const client = new LsqClient({ baseUrl: 'http://127.0.0.1:' + server.address().port, credentials: ${JSON.stringify(TEST_CREDENTIALS)}, rateLimit: null });
    const s = await client.getStatus(${JSON.stringify(REQUEST_ID)});
    server.close();
    process.stdout.write(JSON.stringify({ state: s.state, undici: process.moduleLoadList.filter((m) => m.includes('undici')) }));
  `;
  const r = spawnSync(process.execPath, ['--input-type=module', '--no-warnings', '-e', child, new URL('../../src/client/index.ts', import.meta.url).href], {
    encoding: 'utf8',
    timeout: 30_000,
  });
  expect(r.status, r.stderr).toBe(0);
  expect(JSON.parse(r.stdout)).toEqual({ state: 'succeeded', undici: [] });
});
