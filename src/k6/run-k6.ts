// Runs one k6 process: arguments and environment in, exit code and the script's JSON summary out.
// Secrets reach k6 only through its environment (never argv, which `ps` shows), and every line k6
// prints passes through redact() on its way to our output: k6's own warnings quote request URLs, and
// the update URL carries accessKey and secretKey.
import { spawn } from 'node:child_process';
import type { Plan } from './totals.ts';
import { readFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { redact } from '../client/redact.ts';
import { ConfigError } from '../config/errors.ts';

export interface K6Run {
  binary: string;
  args: string[];
  env: Record<string, string>;
  cwd: string;
  /** Each line k6 prints, already redacted. */
  onLine?: (line: string, stream: 'stdout' | 'stderr') => void;
  signal?: AbortSignal;
}

export interface K6Result {
  exitCode: number;
  /** Last lines of stderr, for an error message. */
  stderrTail: string[];
}

/** k6's exit codes (go.k6.io/k6/errext/exitcodes) that mean "the script or its settings are wrong". */
export const K6_EXIT = { ok: 0, thresholdsFailed: 99, setupTimeout: 100, invalidConfig: 104, scriptException: 107, scriptAborted: 108 } as const;

export function runK6(run: K6Run): { child: ReturnType<typeof spawn>; done: Promise<K6Result> } {
  const child = spawn(run.binary, run.args, {
    cwd: run.cwd,
    // Only what k6 needs: PATH/HOME plus our settings. k6 copies the environment into __ENV.
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', K6_NO_USAGE_REPORT: 'true', ...run.env },
    stdio: ['ignore', 'pipe', 'pipe'],
    ...(run.signal ? { signal: run.signal } : {}),
  });
  const stderrTail: string[] = [];
  const pipe = (stream: NodeJS.ReadableStream, name: 'stdout' | 'stderr') =>
    new Promise<void>((resolve) => {
      const rl = createInterface({ input: stream });
      rl.on('line', (raw) => {
        const line = redact(raw);
        if (name === 'stderr') {
          stderrTail.push(line);
          if (stderrTail.length > 20) stderrTail.shift();
        }
        run.onLine?.(line, name);
      });
      rl.on('close', () => resolve());
    });
  const piped = Promise.all([pipe(child.stdout!, 'stdout'), pipe(child.stderr!, 'stderr')]);
  const done = new Promise<K6Result>((resolve, reject) => {
    // No k6 binary is a setting problem (exit 2): the bootstrap builds it, K6_BIN points at another.
    child.once('error', (err) =>
      reject(
        new ConfigError('K6_BIN', `cannot start k6 (${run.binary}): ${(err as NodeJS.ErrnoException).code ?? err.message}; scripts/bootstrap.sh builds it`),
      ),
    );
    child.once('exit', (code, sig) => {
      void piped.then(() => resolve({ exitCode: code ?? (sig ? 128 : 1), stderrTail }));
    });
  });
  return { child, done };
}

export async function readSummary(path: string): Promise<SummaryReport | null> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as SummaryReport;
  } catch {
    return null;
  }
}

/** The part of a script's JSON summary (load/lib/summary.ts) the runner reads. */
export interface SummaryReport {
  script: string;
  ok: boolean;
  thresholds: Array<{ metric: string; threshold: string; ok: boolean; value: string }>;
  totals?: Record<string, Record<string, number>>;
  /** The rate-limit script's plan, with the expectations of every check (load/lib/plan.ts). */
  plan?: Plan;
  measured?: Record<string, unknown>;
}
