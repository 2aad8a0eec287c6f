// A loopback forwarder between Schemathesis and the target that keeps the run within the key's rate
// budget: every call waits for the harness' own limiter (src/timing), and a 429 that still comes back
// is waited out (Retry-After when sent, else a whole window) and the call sent again, at most
// `max429Retries` times, so a rate limit costs time, never a failed check. Schemathesis cannot do this
// by itself: its 'auto' mode needs a Retry-After, which LeadSquared does not document, and its rates
// are per second or minute, not "25 per 5 s". node:http, not fetch: fetch refuses methods such as
// TRACE, which Schemathesis sends on purpose. Nothing is logged (the query string carries keys).
import {
  Agent as HttpAgent,
  createServer,
  request as httpRequest,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type OutgoingHttpHeaders,
  type ServerResponse,
} from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { AddressInfo } from 'node:net';
import { systemClock, type Clock } from '../timing/clock.ts';
import { RateLimiter, type RateLimitSettings } from '../timing/rate-limiter.ts';

export interface PacedForwarder {
  readonly url: string;
  /** Calls sent to the target, retries included. */
  readonly calls: number;
  /** 429s the target sent that were waited out (not passed on). */
  readonly waitedOut429s: number;
  close(): Promise<void>;
}

export interface PacedForwarderOptions {
  target: string;
  /** limit 0: no pacing. */
  rateLimit: RateLimitSettings;
  /** Margin added to the window: the target sees our calls a little after we send them. */
  guardMs?: number;
  max429Retries?: number;
  clock?: Clock;
  /** Largest request body forwarded (it is held for a resend). */
  maxBodyBytes?: number;
}

const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'proxy-authorization',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'host',
  'content-length',
]);

function forwardable(headers: IncomingHttpHeaders): OutgoingHttpHeaders {
  const out: OutgoingHttpHeaders = {};
  for (const [k, v] of Object.entries(headers)) if (!HOP_BY_HOP.has(k) && v !== undefined) out[k] = v;
  return out;
}

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

async function readAll(req: IncomingMessage, max: number): Promise<Buffer | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > max) return null;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/** Seconds of a Retry-After header (delta form), capped; null when absent or a date. */
function retryAfterMs(value: string | null, capMs: number): number | null {
  if (value === null || !/^\d+$/.test(value.trim())) return null;
  return Math.min(capMs, Number(value.trim()) * 1000);
}

export async function startPacedForwarder(o: PacedForwarderOptions): Promise<PacedForwarder> {
  const clock = o.clock ?? systemClock;
  const guardMs = o.guardMs ?? 250;
  const windowMs = o.rateLimit.windowMs + guardMs;
  const limiter = new RateLimiter({ ...o.rateLimit, windowMs }, clock);
  const maxRetries = o.max429Retries ?? 5;
  const target = new URL(o.target);
  const basePath = target.pathname.replace(/\/+$/, '');
  const secure = target.protocol === 'https:';
  const agent = secure ? new HttpsAgent({ keepAlive: true }) : new HttpAgent({ keepAlive: true });
  const send = (method: string, path: string, headers: OutgoingHttpHeaders, body: Buffer): Promise<Answer> =>
    new Promise((resolve, reject) => {
      const call = (secure ? httpsRequest : httpRequest)(
        {
          protocol: target.protocol,
          hostname: target.hostname,
          port: target.port,
          method,
          path: basePath + path,
          agent,
          headers: { ...headers, host: target.host, ...(body.length ? { 'content-length': body.length } : {}) },
        },
        (answer) => {
          const chunks: Buffer[] = [];
          answer.on('data', (c: Buffer) => chunks.push(c));
          answer.on('end', () => resolve({ status: answer.statusCode ?? 502, headers: answer.headers, body: Buffer.concat(chunks) }));
          answer.on('error', reject);
        },
      );
      call.setTimeout(60_000, () => call.destroy(new Error('the target did not answer within 60 s')));
      call.on('error', reject);
      call.end(body);
    });
  let calls = 0;
  let waitedOut429s = 0;

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const body = await readAll(req, o.maxBodyBytes ?? 8 * 1024 * 1024);
    if (body === null) return void res.destroy();
    const headers = forwardable(req.headers);
    const method = req.method ?? 'GET';
    for (let attempt = 0; ; attempt++) {
      if (limiter.enabled) await limiter.acquire();
      calls++;
      const answer = await send(method, req.url ?? '/', headers, body);
      if (answer.status === 429 && attempt < maxRetries) {
        waitedOut429s++;
        const header = answer.headers['retry-after'];
        await clock.sleep(retryAfterMs(typeof header === 'string' ? header : null, 60_000) ?? windowMs);
        continue;
      }
      res.writeHead(answer.status, { ...forwardable(answer.headers), 'content-length': String(answer.body.length) });
      res.end(answer.body);
      return;
    }
  };

  const server = createServer((req, res) => {
    handle(req, res).catch(() => res.destroy());
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    get calls() {
      return calls;
    },
    get waitedOut429s() {
      return waitedOut429s;
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      agent.destroy();
    },
  };
}
