// The request line's target, read as a path and a query and nothing else. `new URL(req.url, base)`
// alone reads `//host/…` and `/\host/…` as an authority (so `//x/__sandbox/settings` reached the admin
// API), throws on `//[` (a 500), and takes the path out of an absolute-form `http://a/…`. Here only
// origin-form is accepted — one `/`, then anything but `/` or `\` — and then parsed against a fixed
// base, so what routes is the path the client wrote, with its dot segments resolved. A target made only
// of characters that URL parsing leaves as they are (no dot, percent sign or backslash in the path; no
// fragment) skips the URL parser: it would return the very same path and query (the benchmarks'
// hot path, BENCHMARKS.md P1).
export interface ParsedTarget {
  pathname: string;
  searchParams: URLSearchParams;
}
export type RequestTarget = ({ ok: true } & ParsedTarget) | { ok: false; reason: string };

const BASE = 'http://sandbox.invalid';
/** Path of letters, digits, `-`, `_`, `~` and `/`; an optional query of unreserved characters, `=`, `&`, `%` and `+`. */
const PLAIN_TARGET = /^\/[A-Za-z0-9\-_~/]*(?:\?[A-Za-z0-9\-._~=&%+]*)?$/;

export function parseRequestTarget(raw: string | undefined): RequestTarget {
  const target = raw ?? '';
  // WHATWG URL treats `\` like `/` in http URLs: `/\evil` would be `//evil`, an authority.
  if (!target.startsWith('/') || target[1] === '/' || target[1] === '\\') {
    return { ok: false, reason: 'The request target must be a path starting with a single /' };
  }
  if (PLAIN_TARGET.test(target)) {
    const q = target.indexOf('?');
    return q < 0
      ? { ok: true, pathname: target, searchParams: new URLSearchParams() }
      : { ok: true, pathname: target.slice(0, q), searchParams: new URLSearchParams(target.slice(q + 1)) };
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
