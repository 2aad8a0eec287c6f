// A child process's output reaches us in pipe chunks (64 KiB) cut at any byte. Redacting chunk by chunk
// let a secret cut by a chunk edge through in two halves, and decoding chunk by chunk broke a UTF-8
// character cut there. So output is decoded as a stream and redacted a complete line at a time; the
// last line, without its newline, when the output ends. Use LineRedactor where the output is handled
// chunk by chunk, lineRedactorStream() where it is piped.
import { Transform } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { maxSecretFormLength, redact } from './redact.ts';

/**
 * A line longer than this (1 Mi characters) is passed on before its end, so that a child printing
 * without newlines cannot grow our memory. Such a line is redacted whole so far, and the tail where a
 * secret could be starting is held back. (Only a credential masked by name could then lose its name
 * to the part already passed on; registered secrets are masked either way.)
 */
export const MAX_LINE_CHARS = 1 << 20;

export class LineRedactor {
  private readonly decoder = new StringDecoder('utf8');
  private pending = '';

  /** Characters held back, waiting for the end of their line (bounded: see the constructor). */
  get buffered(): number {
    return this.pending.length;
  }
  private readonly maxLineChars: number;

  constructor(maxLineChars = MAX_LINE_CHARS) {
    this.maxLineChars = maxLineChars;
  }

  /** Takes a chunk; returns the lines it completed, redacted, each with its newline ('' when none). */
  push(chunk: Buffer | string): string {
    this.pending += typeof chunk === 'string' ? chunk : this.decoder.write(chunk);
    let out = '';
    const end = this.pending.lastIndexOf('\n') + 1;
    if (end > 0) {
      out = redact(this.pending.slice(0, end));
      this.pending = this.pending.slice(end);
    }
    if (this.pending.length > this.maxLineChars) {
      const redacted = redact(this.pending);
      const held = Math.min(redacted.length, maxSecretFormLength());
      out += redacted.slice(0, redacted.length - held);
      this.pending = redacted.slice(redacted.length - held);
    }
    return out;
  }

  /** The output ended: the last line (and any incomplete UTF-8 sequence), redacted. */
  end(): string {
    const rest = this.pending + this.decoder.end();
    this.pending = '';
    return rest ? redact(rest) : '';
  }
}

/** The same as a stream: bytes in, redacted text out, a line at a time. */
export function lineRedactorStream(maxLineChars = MAX_LINE_CHARS): Transform {
  const lines = new LineRedactor(maxLineChars);
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      const out = lines.push(chunk);
      done(null, out === '' ? undefined : out);
    },
    flush(done) {
      const out = lines.end();
      done(null, out === '' ? undefined : out);
    },
  });
}
