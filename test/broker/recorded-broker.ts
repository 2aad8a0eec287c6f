// A loopback stand-in for a Pact Broker that replays recorded HTTP exchanges and keeps every request it
// received, so tests can assert what the pact CLI and the verifier sent (no broker server can run on
// these machines). A request with no recorded exchange gets a 599 and is kept in `unmatched`. Several
// exchanges for one request are answered in their order, the last one repeating (a broker whose answer
// changes between polls, as can-i-deploy's matrix does while a verification is still running).
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedExchange {
  /** e.g. "GET /" or "POST /contracts/publish"; the query string is not part of the match. */
  request: string;
  /**
   * A body with a "$file" key serves that file (relative to the repository root) with the body's other
   * keys added: the broker serves our own committed pact, plus its HAL links.
   */
  response: { status: number; headers?: Record<string, string>; body?: unknown };
}

const REPO_ROOT = new URL('../../', import.meta.url);

function bodyText(body: unknown, base: string): string {
  if (body === undefined) return '';
  let value = body;
  if (value && typeof value === 'object' && '$file' in value) {
    const { $file, ...rest } = value as { $file: string };
    value = { ...(JSON.parse(readFileSync(new URL($file, REPO_ROOT), 'utf8')) as object), ...rest };
  }
  return JSON.stringify(value).replaceAll('{{base}}', base);
}

export interface ReceivedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

export interface RecordedBroker {
  url: string;
  received: ReceivedRequest[];
  unmatched: ReceivedRequest[];
  stop(): Promise<void>;
}

export function loadCassette(file: string | URL): RecordedExchange[] {
  return JSON.parse(readFileSync(file, 'utf8')) as RecordedExchange[];
}

/** Serves the exchanges; `{{base}}` in a response body becomes this server's URL (HAL links are absolute). */
export async function startRecordedBroker(exchanges: RecordedExchange[]): Promise<RecordedBroker> {
  const received: ReceivedRequest[] = [];
  const unmatched: ReceivedRequest[] = [];
  let base = '';
  const asked = new Map<string, number>();
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', base);
      const got: ReceivedRequest = {
        method: req.method ?? '',
        path: url.pathname,
        query: url.searchParams,
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      received.push(got);
      const key = `${got.method} ${got.path}`;
      const candidates = exchanges.filter((e) => e.request === key);
      const times = asked.get(key) ?? 0;
      asked.set(key, times + 1);
      const hit = candidates[Math.min(times, candidates.length - 1)];
      if (!hit) {
        unmatched.push(got);
        res.writeHead(599, { 'content-type': 'application/json' });
        return res.end(JSON.stringify({ error: `no recorded exchange for ${got.method} ${got.path}` }));
      }
      const text = bodyText(hit.response.body, base);
      res.writeHead(hit.response.status, { 'content-type': 'application/hal+json;charset=utf-8', ...hit.response.headers });
      res.end(text);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: base,
    received,
    unmatched,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
