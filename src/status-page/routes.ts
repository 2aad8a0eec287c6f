// The status page's routes on the monitor's own server (src/monitor/http-server.ts), beside /metrics and
// /healthz: `/` (the page), `/api/status.json` and `/badge/{uptime,latency,status}.svg`. Each answer has
// an ETag (a hash of its bytes; If-None-Match answers 304) and a Cache-Control: badges may be cached for
// a minute (README images are fetched through caches), the page and JSON are revalidated on every load.
// GET and HEAD only; anything else on these paths is 405. Rendering reads the history in memory, never
// the network, and the page asks for nothing but its badges (a Content-Security-Policy says so).
import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CanaryHistory } from './history.ts';
import { PAGE_CSP } from './page.ts';
import { renderSite } from './site.ts';
import type { MaintenanceWindow } from './state.ts';
import type { MonitorInfo } from './status-data.ts';

export interface StatusSource {
  history: Pick<CanaryHistory, 'entries' | 'hours' | 'drift'>;
  info: MonitorInfo;
  now?: () => number;
  maintenance?: () => readonly MaintenanceWindow[];
}

const PATHS: Record<string, string> = {
  '/': 'index.html',
  '/index.html': 'index.html',
  '/api/status.json': 'api/status.json',
  '/badge/uptime.svg': 'badge/uptime.svg',
  '/badge/latency.svg': 'badge/latency.svg',
  '/badge/status.svg': 'badge/status.svg',
};

/** The handler: true when it answered the request (one of its paths), false to let the server go on. */
export function statusRoutes(source: StatusSource): (req: IncomingMessage, res: ServerResponse, path: string) => boolean {
  return (req, res, path) => {
    const file = PATHS[path];
    if (!file) return false;
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain' });
      res.end('method not allowed\n');
      return true;
    }
    const site = renderSite(source.history, source.info, (source.now ?? Date.now)(), source.maintenance?.() ?? []);
    const found = site.find((f) => f.path === file)!;
    const etag = `"${createHash('sha256').update(found.body).digest('base64url').slice(0, 27)}"`;
    const headers: Record<string, string> = {
      'content-type': found.contentType,
      etag,
      'cache-control': file.startsWith('badge/') ? 'public, max-age=60' : 'no-cache',
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'content-security-policy': file === 'index.html' ? PAGE_CSP : "default-src 'none'; style-src 'unsafe-inline'",
    };
    const inm = req.headers['if-none-match'];
    if (inm?.split(',').some((t) => t.trim() === etag || t.trim() === `W/${etag}`)) {
      res.writeHead(304, headers);
      res.end();
      return true;
    }
    res.writeHead(200, { ...headers, 'content-length': String(Buffer.byteLength(found.body)) });
    res.end(req.method === 'HEAD' ? undefined : found.body);
    return true;
  };
}
