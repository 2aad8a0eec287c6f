// Runs a child process of the contracts command (the Pact verifier, whose native code prints straight
// to the process's stdout, past anything this process could redact, and whose debug log quotes request
// URLs and headers) with its output passed on a line at a time through redact(): the credentials the
// child is given must not reach the terminal, or a CI log, through it.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { Transform, type Readable, type Writable } from 'node:stream';
import { stripVTControlCharacters } from 'node:util';
import { lineRedactorStream } from '../client/line-redactor.ts';

export interface RedactedRun {
  cwd: string;
  env: NodeJS.ProcessEnv;
  timeoutMs: number;
  /** Where the child's output goes, redacted: our own stdout and stderr unless told otherwise. */
  stdout?: Writable;
  stderr?: Writable;
  /** Drop colour codes (the verifier colours its output even into a pipe): for a log file or CI. */
  plain?: boolean;
}

/** Resolves with the child's exit code (1 when it could not start or was killed), once its output is out. */
export function runRedacted(command: string, args: string[], run: RedactedRun): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: run.cwd, env: run.env, stdio: ['ignore', 'pipe', 'pipe'] });
    const plain = run.plain ?? false;
    const flushed = Promise.all([forward(child.stdout, run.stdout ?? process.stdout, plain), forward(child.stderr, run.stderr ?? process.stderr, plain)]);
    const timer = setTimeout(() => child.kill('SIGTERM'), run.timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      // The last lines may still be in the redactors: the exit code goes back once they are written.
      void flushed.finally(() => resolve(code ?? 1));
    });
    child.on('error', () => {
      clearTimeout(timer);
      resolve(1);
    });
  });
}

/** Our stream stays open (the command prints more after this child): write to it, never end it. */
function forward(from: Readable, to: Writable, plain: boolean): Promise<unknown> {
  const lines = from.pipe(lineRedactorStream());
  const shown = plain ? lines.pipe(new Transform({ transform: (text: Buffer, _e, done) => done(null, stripVTControlCharacters(text.toString())) })) : lines;
  shown.on('data', (text: Buffer) => to.write(text));
  // A pipe torn down without an end (the child killed) still flushes its last line.
  from.once('close', () => {
    if (!lines.writableEnded) lines.end();
  });
  return once(shown, 'end').catch(() => undefined);
}
