// The gate's stages run as child processes (k6, the Pact verifier, the monitor), each with a client of
// its own, yet they spend one key's budget at the target. So the gate puts a loopback forwarder in
// front of the target and hands the stages its address: every call any stage makes passes through it
// and through the gate's own limiter (the one the client and monitor use), which paces the sharing
// stages and remembers when the last call went out. The forwarder changes nothing in a request or an
// answer (only Host), logs nothing (the query string carries the keys), and mirrors a target that
// cannot be reached by dropping the connection, as the target itself would.
import { createServer, request as httpRequest, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import { request as httpsRequest, Agent as HttpsAgent } from 'node:https';
import { Agent as HttpAgent } from 'node:http';
import type { AddressInfo } from 'node:net';
import { systemClock, type Clock } from '../timing/clock.ts';
import { RateLimiter, type RateLimitSettings } from '../timing/rate-limiter.ts';
import { SANDBOX_ADMIN_PREFIX } from '../config/sandbox-probe.ts';

/** pace: each call waits for the gate's limiter; pass: calls go at once (a stage measuring the limit). */
export type ProxyMode = 'pace' | 'pass';

export interface BudgetProxy {
  /** The address the stages talk to instead of the target. */
  readonly url: string;
  mode: ProxyMode;
  /** When the last budgeted call was forwarded (clock ms), null before the first. */
  readonly lastCallAt: number | null;
  /** Budgeted calls forwarded so far. */
  readonly calls: number;
  /** Records a call the gate made to the target itself, outside the forwarder (its probe). */
  noteCall(): void;
  /** Calls the gate's limiter would admit right now (Infinity when it is off). */
  room(): number;
  close(): Promise<void>;
}

export interface BudgetProxyOptions {
  target: string;
  /** The target answers the sandbox's admin API: its admin calls are free and are not counted. */
  targetIsSandbox: boolean;
  /** The budget to pace sharing stages by (the client's settings); a guard is added to the window. */
  rateLimit: RateLimitSettings;
  guardMs: number;
  clock?: Clock;
}

const HOP_BY_HOP = ['connection', 'keep-alive', 'proxy-connection', 'proxy-authorization', 'te', 'trailer', 'upgrade', 'host'];

function forwardable(headers: IncomingHttpHeaders): IncomingHttpHeaders {
  const out: IncomingHttpHeaders = {};
  for (const [k, v] of Object.entries(headers)) if (!HOP_BY_HOP.includes(k) && v !== undefined) out[k] = v;
  return out;
}

export async function startBudgetProxy(o: BudgetProxyOptions): Promise<BudgetProxy> {
  const clock = o.clock ?? systemClock;
  const target = new URL(o.target);
  const basePath = target.pathname.replace(/\/+$/, '');
  const secure = target.protocol === 'https:';
  const agent = secure ? new HttpsAgent({ keepAlive: true }) : new HttpAgent({ keepAlive: true });
  const send = secure ? httpsRequest : httpRequest;
  // A guard on the window, as the load profile has: the target sees our calls a little later than we
  // send them, so two calls a window apart here may be a hair less than a window apart there.
  const limiter = new RateLimiter({ ...o.rateLimit, windowMs: o.rateLimit.windowMs + o.guardMs }, clock);
  let lastCallAt: number | null = null;
  let calls = 0;

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const path = req.url ?? '/';
    const budgeted = !(o.targetIsSandbox && path.startsWith(SANDBOX_ADMIN_PREFIX));
    if (budgeted) {
      if (proxy.mode === 'pace' && limiter.enabled) await limiter.acquire();
      else limiter.tryAcquire();
      lastCallAt = clock.now();
      calls++;
    }
    const upstream = send(
      {
        protocol: target.protocol,
        hostname: target.hostname,
        port: target.port,
        method: req.method,
        path: basePath + path,
        headers: { ...forwardable(req.headers), host: target.host },
        agent,
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, forwardable(answer.headers));
        answer.pipe(res);
      },
    );
    upstream.on('error', () => res.destroy());
    res.on('close', () => {
      if (!res.writableFinished) upstream.destroy();
    });
    req.pipe(upstream);
  };

  const server = createServer((req, res) => {
    handle(req, res).catch(() => res.destroy());
  });
  server.keepAliveTimeout = 10_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  const proxy: BudgetProxy = {
    url: `http://127.0.0.1:${port}`,
    mode: 'pace',
    get lastCallAt() {
      return lastCallAt;
    },
    get calls() {
      return calls;
    },
    noteCall() {
      limiter.tryAcquire();
      lastCallAt = clock.now();
      calls++;
    },
    room() {
      return limiter.enabled ? Math.max(0, limiter.settings.limit - limiter.spent()) : Number.POSITIVE_INFINITY;
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      agent.destroy();
    },
  };
  return proxy;
}
