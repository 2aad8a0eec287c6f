// Reads a request body up to a limit. Past the limit it stops reading and says so, so the caller can
// answer 413 instead of buffering an unbounded upload.
import type { IncomingMessage } from 'node:http';

export type BodyRead = { ok: true; text: string; bytes: number } | { ok: false; reason: 'too-large' | 'aborted' };

/**
 * Calls `done` once with the body (or why there is none). A callback, not a promise: the update
 * endpoint reads a body per call, and its promises were a measurable share of its time (BENCHMARKS.md P1).
 */
export function readBodyThen(req: IncomingMessage, maxBytes: number, done: (read: BodyRead) => void): void {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) {
    done({ ok: false, reason: 'too-large' });
    return;
  }
  const chunks: Buffer[] = [];
  let size = 0;
  let finished = false;
  const finish = (r: BodyRead) => {
    if (!finished) {
      finished = true;
      done(r);
    }
  };
  req.on('data', (chunk: Buffer) => {
    size += chunk.length;
    if (size > maxBytes) {
      req.pause();
      finish({ ok: false, reason: 'too-large' });
      return;
    }
    chunks.push(chunk);
  });
  // One chunk (every small body) is decoded as it is, without Buffer.concat's copy.
  req.on('end', () => finish({ ok: true, text: (chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)).toString('utf8'), bytes: size }));
  req.on('error', () => finish({ ok: false, reason: 'aborted' }));
  req.on('close', () => finish({ ok: false, reason: 'aborted' }));
}

export function readBody(req: IncomingMessage, maxBytes: number): Promise<BodyRead> {
  return new Promise((resolve) => readBodyThen(req, maxBytes, resolve));
}
