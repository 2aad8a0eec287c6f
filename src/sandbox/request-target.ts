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
  /** The query, parsed on first use. */
  readonly searchParams: URLSearchParams;
  /**
   * The first value of the query parameter `name` (named in any case when `anyCase`), exactly as
   * searchParams would give it; null when there is none.
   */
  param(name: string, anyCase?: boolean): string | null;
}
export type RequestTarget = ({ ok: true } & ParsedTarget) | { ok: false; reason: string };

const BASE = 'http://sandbox.invalid';
/** Path of letters, digits, `-`, `_`, `~` and `/`; an optional query of unreserved characters, `=`, `&`, `%` and `+`. */
const PLAIN_TARGET = /^\/[A-Za-z0-9\-_~/]*(?:\?[A-Za-z0-9\-._~=&%+]*)?$/;

/**
 * A parsed target. A plain query with nothing to decode (no `%`, no `+`) is read where it lies: no
 * URLSearchParams is built for the status and update calls, which only ask for one or two values
 * (BENCHMARKS.md P1).
 */
class Target {
  readonly ok = true as const;
  readonly pathname: string;
  private readonly query: string;
  private params: URLSearchParams | undefined;

  constructor(pathname: string, query: string, params?: URLSearchParams) {
    this.pathname = pathname;
    this.query = query;
    this.params = params;
  }

  get searchParams(): URLSearchParams {
    this.params ??= new URLSearchParams(this.query);
    return this.params;
  }

  param(name: string, anyCase = false): string | null {
    if (this.params || this.query.includes('%') || this.query.includes('+')) return paramOf(this.searchParams, name, anyCase);
    return plainParam(this.query, name, anyCase);
  }
}

function paramOf(params: URLSearchParams, name: string, anyCase: boolean): string | null {
  if (!anyCase) return params.get(name);
  const lower = name.toLowerCase();
  for (const [k, v] of params) if (k.toLowerCase() === lower) return v;
  return null;
}

/**
 * URLSearchParams' reading of a query with nothing to decode: `&`-separated pairs, empty ones
 * skipped, the name up to the first `=`, the value after it ('' without one).
 */
function plainParam(query: string, name: string, anyCase: boolean): string | null {
  const wanted = anyCase ? name.toLowerCase() : name;
  for (let start = 0; start < query.length; ) {
    let end = query.indexOf('&', start);
    if (end < 0) end = query.length;
    const eq = query.indexOf('=', start);
    const nameEnd = eq >= 0 && eq < end ? eq : end;
    if (nameEnd - start === wanted.length) {
      const key = query.slice(start, nameEnd);
      if ((anyCase ? key.toLowerCase() : key) === wanted) return nameEnd < end ? query.slice(nameEnd + 1, end) : '';
    }
    start = end + 1;
  }
  return null;
}

export function parseRequestTarget(raw: string | undefined): RequestTarget {
  const target = raw ?? '';
  // WHATWG URL treats `\` like `/` in http URLs: `/\evil` would be `//evil`, an authority.
  if (!target.startsWith('/') || target[1] === '/' || target[1] === '\\') {
    return { ok: false, reason: 'The request target must be a path starting with a single /' };
  }
  if (PLAIN_TARGET.test(target)) {
    const q = target.indexOf('?');
    return q < 0 ? new Target(target, '') : new Target(target.slice(0, q), target.slice(q + 1));
  }
  try {
    const url = new URL(target, BASE);
    // Dot segments resolved from a single-slash start can only ever leave a path on the same origin;
    // checked anyway, so a parser change cannot turn a path into another host.
    if (url.origin !== BASE) return { ok: false, reason: 'The request target must be a path on this host' };
    return new Target(url.pathname, '', url.searchParams);
  } catch {
    return { ok: false, reason: 'The request target is not a valid path' };
  }
}
