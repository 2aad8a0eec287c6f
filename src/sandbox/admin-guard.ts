// Who may use the admin endpoint. A loopback peer is not enough: a browser on this machine is a
// loopback peer too, and any page it opens can send requests to 127.0.0.1. Two attacks follow:
// - cross-site request forgery: a page's `fetch(…, {method: 'POST', body, mode: 'no-cors'})` with a
//   text/plain body is a "simple" request, sent without a CORS preflight; it injected a fault;
// - DNS rebinding: a name the attacker controls resolves to 127.0.0.1, and the page then reads the
//   admin answers as same-origin, with `Host: evil.example`.
// So, besides the peer address: the Host must name loopback, an Origin (sent by browsers, never by
// the project's callers) must be this very origin, and every write must say application/json —
// a type a browser only sends cross-origin after a preflight, which this endpoint never grants.
import type { IncomingMessage } from 'node:http';

/** `127.x.y.z`, `[::1]` or `localhost`, each with an optional port; nothing else (no `localhost.`). */
export function isLoopbackHost(host: string | undefined): boolean {
  if (!host) return false;
  const m = /^(?:(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})|\[::1\]|localhost)(?::(\d{1,5}))?$/i.exec(host);
  if (!m) return false;
  if (m[1] !== undefined && (m[1] !== '127' || [m[2], m[3], m[4]].some((o) => Number(o) > 255))) return false;
  return m[5] === undefined || Number(m[5]) <= 65535;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Why an admin request is refused (a sentence for the envelope), or null when it may go on. */
export function adminRefusal(req: IncomingMessage): string | null {
  const host = req.headers.host;
  if (!isLoopbackHost(host)) return `the admin endpoint answers only Host 127.x.x.x, [::1] or localhost, got ${JSON.stringify((host ?? '').slice(0, 100))}`;
  const origin = req.headers.origin;
  // `null` is what a sandboxed iframe or a file: page sends: never this endpoint's own origin.
  if (origin !== undefined && origin.toLowerCase() !== `http://${host!.toLowerCase()}`) {
    return `the admin endpoint refuses requests from another origin, got Origin ${JSON.stringify(origin.slice(0, 100))}`;
  }
  if (!SAFE_METHODS.has(req.method ?? '')) {
    const type = req.headers['content-type'] ?? '';
    if (!/^application\/json\s*(?:;|$)/i.test(type)) {
      return `admin writes (${req.method}) need content-type: application/json, got ${type ? JSON.stringify(type.slice(0, 100)) : 'none'}`;
    }
  }
  return null;
}
