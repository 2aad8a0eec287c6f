// Sends bytes to a server over a plain socket and reads back whatever comes: the fuzz suite needs
// requests that no HTTP client would agree to build (bad request lines, broken headers, lying lengths).
import { connect } from 'node:net';

export interface RawAnswer {
  /** HTTP status, or null when the server closed without answering. */
  status: number | null;
  headers: Record<string, string>;
  body: string;
}

export function sendRaw(port: number, request: Buffer, timeoutMs = 5000): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no answer within ${timeoutMs} ms`));
    }, timeoutMs);
    socket.on('connect', () => socket.write(request));
    socket.on('data', (d) => chunks.push(d));
    socket.on('error', () => {}); // a reset after the answer is fine; 'close' decides
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(parseAnswer(Buffer.concat(chunks).toString('utf8')));
    });
  });
}

function parseAnswer(raw: string): RawAnswer {
  const text = raw.replace(/^HTTP\/1\.1 100 Continue\r\n\r\n/, ''); // an interim answer to expect: 100-continue
  const m = /^HTTP\/1\.[01] (\d{3})/.exec(text);
  if (!m) return { status: null, headers: {}, body: text };
  const split = text.indexOf('\r\n\r\n');
  const headers: Record<string, string> = {};
  for (const line of text.slice(0, split).split('\r\n').slice(1)) {
    const colon = line.indexOf(':');
    headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  let body = text.slice(split + 4);
  const length = Number(headers['content-length']);
  if (Number.isFinite(length)) body = Buffer.from(body).subarray(0, length).toString('utf8');
  return { status: Number(m[1]), headers, body };
}
