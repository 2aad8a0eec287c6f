// Runs one of our own commands (or a tool from node_modules/.bin) as a child process, logging its
// output, redacted, to a file in the gate's report folder. Redacted a line at a time (LineRedactor):
// per pipe chunk, a secret cut by a 64 KiB chunk edge reached the log whole in two halves.
import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { getPriority, setPriority } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LineRedactor } from '../client/line-redactor.ts';
import { redact } from '../client/redact.ts';

export const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const CLI = join(PROJECT_ROOT, 'bin/lsq-harness.js');

export interface ChildResult {
  code: number | null;
  /** The last 64 KB of stdout, redacted. */
  stdout: string;
  timedOut: boolean;
  logFile: string;
}

export function runChild(
  command: string,
  args: string[],
  o: { env: NodeJS.ProcessEnv; logFile: string; timeoutMs: number; signal?: AbortSignal; lowPriority?: boolean },
): Promise<ChildResult> {
  return new Promise((resolve) => {
    const log = createWriteStream(o.logFile);
    log.write(`$ ${redact([command, ...args].join(' '))}\n`);
    // In the user's working directory, as if they had run the command themselves: what a stage looks up
    // there (the git commit the broker records, a relative setting) is theirs, not the package's folder
    // (under node_modules, or npx's cache, where no git repository is).
    const child = spawn(command, args, { cwd: process.cwd(), env: o.env, stdio: ['ignore', 'pipe', 'pipe'] });
    if (o.lowPriority && child.pid !== undefined) lowerPriority(child.pid);
    let stdout = '';
    let timedOut = false;
    const toLog = (text: string) => {
      if (text) log.write(text);
    };
    const keep = (text: string) => {
      stdout = (stdout + text).slice(-65_536);
      toLog(text);
    };
    // One per stream: each holds its own unfinished line. The last is flushed when the stream ends,
    // which is before the child's 'close' below ends the log.
    const outLines = new LineRedactor();
    const errLines = new LineRedactor();
    child.stdout.on('data', (d: Buffer) => keep(outLines.push(d)));
    child.stdout.on('end', () => keep(outLines.end()));
    child.stderr.on('data', (d: Buffer) => toLog(errLines.push(d)));
    child.stderr.on('end', () => toLog(errLines.end()));
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), 5000).unref();
    }, o.timeoutMs);
    const onAbort = () => child.kill('SIGTERM');
    o.signal?.addEventListener('abort', onAbort, { once: true });
    let settled = false;
    const settle = (code: number | null) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      o.signal?.removeEventListener('abort', onAbort);
      // Resolve once the log is on disk: whoever reads it next (the gate's summary, a test) gets all of it.
      log.end(`\n[exit ${code}${timedOut ? ', timed out' : ''}]\n`, () => resolve({ code, stdout, timedOut, logFile: o.logFile }));
    };
    // A program that cannot start (missing, not executable) emits 'error' and no 'close': without this
    // listener the event would throw in the gate's process. The stage fails with the reason in its log.
    child.on('error', (err) => {
      toLog(`could not start ${redact(command)}: ${redact(err.message)}\n`);
      settle(null);
    });
    child.on('close', (code) => settle(code));
  });
}

/**
 * Nice 10 for a child that only computes beside the stages that pace calls at the rate limit: on a busy
 * machine the kernel then runs k6, the budget forwarder and an embedded sandbox first, and the child's
 * work fills the time they leave. Lowering one's own child's priority needs no privilege; where it fails
 * anyway (a platform without nice values) the child runs as it would have.
 */
function lowerPriority(pid: number): void {
  try {
    setPriority(pid, Math.max(getPriority(pid), 10));
  } catch {
    /* no priorities here: run at the usual one */
  }
}

export function cliArgs(...args: string[]): [string, string[]] {
  return [process.execPath, [CLI, ...args]];
}

export function logPath(out: string, stage: string): string {
  return join(out, `${stage}.log`);
}
