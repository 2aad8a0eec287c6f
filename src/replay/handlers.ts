// HAR cassette → msw request handlers. Written here rather than taken from @mswjs/source: its latest
// release (0.5) declares a peer dependency on msw 2 and does not install beside msw 3, and what we
// need is small — ordered replay per request, recorded delays, and network errors.
//
// Matching: method + URL without its credential parameters (accessKey/secretKey differ between the
// recording and the replay; RequestID does not). Entries with the same key replay in recorded order,
// so a polling timeline (In-Queue → processing → Success) plays back as it happened; once a key's
// entries are used up, its last one answers again, as a finished task keeps answering Success.
// A request whose path is in the cassette but whose method or query is not is reported to
// `onUnmatched` and answered with a network error — never passed through to the real network.
import { HttpResponse, delay, http, type HttpHandler } from 'msw';
import { isSecretName } from '../client/redact.ts';
import { responseBytes, type Har, type HarEntry } from './har.ts';

export interface ReplayOptions {
  /** Serve the cassette at this origin instead of the recorded one (e.g. a recording from a sandbox on a random port). */
  origin?: string;
  /** Multiplies each entry's recorded wait (`timings.wait`); 0 replays without delays. Default 1. */
  delayScale?: number;
  /** Called for a request to a recorded path that matches no entry. */
  onUnmatched?: (request: Request) => void;
}

export interface PlayedEntry {
  key: string;
  /** Index of the entry in the cassette. */
  entry: number;
  status: number;
}

export interface Replay {
  handlers: HttpHandler[];
  /** Every answer given so far, in order. */
  played(): PlayedEntry[];
}

/** Drops the hop-by-hop and encoding headers: the body is replayed decoded, at its own length. */
const SKIPPED_HEADERS = new Set(['content-length', 'transfer-encoding', 'content-encoding', 'connection', 'keep-alive']);

/** `GET https://host/path?RequestID=…` without credential parameters, query sorted. */
export function requestKey(method: string, url: string | URL, origin?: string): string {
  const u = new URL(url);
  const query = [...u.searchParams].filter(([name]) => !isSecretName(name)).sort(([a], [b]) => a.localeCompare(b));
  const search = query.length ? `?${new URLSearchParams(query).toString()}` : '';
  return `${method.toUpperCase()} ${origin ?? u.origin}${u.pathname}${search}`;
}

export function cassetteHandlers(har: Har, options: ReplayOptions = {}): Replay {
  const scale = options.delayScale ?? 1;
  const queues = new Map<string, { indexes: number[]; next: number }>();
  const paths = new Set<string>();
  har.log.entries.forEach((entry, index) => {
    const url = new URL(entry.request.url);
    const origin = options.origin ?? url.origin;
    const key = requestKey(entry.request.method, url, origin);
    const queue = queues.get(key) ?? { indexes: [], next: 0 };
    queue.indexes.push(index);
    queues.set(key, queue);
    paths.add(origin + url.pathname);
  });

  const played: PlayedEntry[] = [];
  const handlers = [...paths].map((path) =>
    http.all(path, async ({ request }) => {
      const key = requestKey(request.method, request.url, options.origin);
      const queue = queues.get(key);
      if (!queue) {
        options.onUnmatched?.(request);
        return HttpResponse.error();
      }
      const index = queue.indexes[Math.min(queue.next, queue.indexes.length - 1)]!;
      queue.next++;
      const entry = har.log.entries[index]!;
      played.push({ key, entry: index, status: entry.response.status });
      if (scale > 0 && entry.timings.wait > 0) await delay(entry.timings.wait * scale);
      return responseFor(entry);
    }),
  );
  return { handlers, played: () => [...played] };
}

function responseFor(entry: HarEntry): Response {
  const r = entry.response;
  if (r._error !== undefined || r.status === 0) return HttpResponse.error();
  const headers = new Headers();
  for (const h of r.headers) if (!SKIPPED_HEADERS.has(h.name.toLowerCase())) headers.append(h.name, h.value);
  // Bytes, not a string: a string body would make Response add `text/plain` when the recording had
  // no Content-Type, and the missing header is itself an edge case worth replaying.
  const body = responseBytes(entry);
  return new HttpResponse(body.byteLength ? body : null, { status: r.status, statusText: r.statusText, headers });
}
