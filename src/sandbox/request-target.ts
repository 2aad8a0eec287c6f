// The request line's target, read as a path and a query and nothing else. `new URL(req.url, base)`
// alone reads `//host/…` and `/\host/…` as an authority (so `//x/__sandbox/settings` reached the admin
// API), throws on `//[` (a 500), and takes the path out of an absolute-form `http://a/…`. Here only
// origin-form is accepted — one `/`, then anything but `/` or `\` — and then parsed against a fixed
// base, so what routes is the path the client wrote, with its dot segments resolved.
export interface ParsedTarget {
  pathname: string;
  searchParams: URLSearchParams;
}
export type RequestTarget = ({ ok: true } & ParsedTarget) | { ok: false; reason: string };

const BASE = 'http://sandbox.invalid';

export function parseRequestTarget(raw: string | undefined): RequestTarget {
  const target = raw ?? '';
  // WHATWG URL treats `\` like `/` in http URLs: `/\evil` would be `//evil`, an authority.
  if (!target.startsWith('/') || target[1] === '/' || target[1] === '\\') {
    return { ok: false, reason: 'The request target must be a path starting with a single /' };
  }
  try {
    const url = new URL(target, BASE);
    // Dot segments resolved from a single-slash start can only ever leave a path on the same origin;
    // checked anyway, so a parser change cannot turn a path into another host.
    if (url.origin !== BASE) return { ok: false, reason: 'The request target must be a path on this host' };
    return { ok: true, pathname: url.pathname, searchParams: url.searchParams };
  } catch {
    return { ok: false, reason: 'The request target is not a valid path' };
  }
}
