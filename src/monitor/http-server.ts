// The monitor's own endpoints: /metrics for Prometheus and /healthz for liveness probes, and the extra
// routes it is given (the status page: `/`, `/api/status.json`, `/badge/*.svg`, src/status-page).
// A server error after start (EMFILE when descriptors run out, a failed accept) is logged and the server
// keeps serving: it must not take the monitor down, and it can happen any number of times. Only a
// failure to start listening is fatal (the CLI reports it as a bad --listen).
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from '../metrics/prom-client-parts.ts';

// Not a value import from 'node:http': an ESM import of a built-in reads every export, and node:http's
// WebSocket getter loads undici (~3 MB more of the monitor's resident memory, which the client's
// transport avoids too: src/client/node-http.ts). getBuiltinModule reads none of them.
const { createServer } = process.getBuiltinModule('node:http');

export interface Health {
  ok: boolean;
  cycles: number;
  inFlight: number;
  lastOutcome: string | null;
  target: string;
}

/**
 * More GET routes beside /metrics and /healthz (the status page, wired by the CLI: the monitor knows
 * nothing of it). Answers and returns true for its own paths, false to let the server answer 404.
 */
export type ExtraRoutes = (req: IncomingMessage, res: ServerResponse, path: string) => boolean | Promise<boolean>;

export async function startMonitorServer(
  host: string,
  port: number,
  registry: Registry,
  health: () => Health,
  log: (line: string) => void = (l) => process.stderr.write(`${l}\n`),
  routes?: ExtraRoutes,
): Promise<{ server: Server; url: string }> {
  const server = createServer(async (req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method === 'GET' && path === '/metrics') {
      const body = await registry.metrics();
      res.writeHead(200, { 'content-type': registry.contentType });
      return res.end(body);
    }
    if (req.method === 'GET' && path === '/healthz') {
      const h = health();
      res.writeHead(h.ok ? 200 : 503, { 'content-type': 'application/json' });
      return res.end(JSON.stringify(h));
    }
    if (routes) {
      try {
        if (await routes(req, res, path ?? '/')) return;
      } catch (err) {
        log(`status page error: ${(err as Error).message}`);
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
        return res.end('internal error\n');
      }
    }
    res.writeHead(404, { 'content-type': 'text/plain' });
    res.end(`not found: try ${routes ? '/, ' : ''}/metrics or /healthz\n`);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  // Every runtime error, not just the first (a `once` here let the second EMFILE crash the process).
  server.on('error', (err: NodeJS.ErrnoException) => log(`metrics server error (still serving): ${err.code ?? err.message}`));
  const addr = server.address() as AddressInfo;
  // An IPv6 address goes in brackets in a URL (RFC 3986): `http://::1:9464` is not one.
  const urlHost = host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
  return { server, url: `http://${urlHost}:${addr.port}` };
}
