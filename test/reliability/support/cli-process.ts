// Real `lsq-harness` child processes for the fault campaign: start one, wait for a line it prints,
// kill it (SIGKILL, as the OOM killer or a node failure would) or stop it, and read what it printed.
import { spawn, type ChildProcess } from 'node:child_process';
import { cliEnv } from '../../support/cli-env.ts';

const CLI = new URL('../../../src/cli/main.ts', import.meta.url).pathname;

export interface CliProcess {
  child: ChildProcess;
  output(): string;
  /** Resolves with the first match of `pattern` in stdout+stderr; rejects after `timeoutMs` or on exit. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  kill(signal: NodeJS.Signals): Promise<number | null>;
}

export function startCli(args: string[], env: Record<string, string>): CliProcess {
  const child = spawn(process.execPath, [CLI, ...args], { env: cliEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
  let text = '';
  child.stdout!.on('data', (d) => (text += d));
  child.stderr!.on('data', (d) => (text += d));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code, signal) => resolve(code ?? (signal ? -1 : null))));
  return {
    child,
    output: () => text,
    waitFor(pattern, timeoutMs = 20_000) {
      return new Promise((resolve, reject) => {
        const until = Date.now() + timeoutMs;
        const check = setInterval(() => {
          const m = text.match(pattern);
          if (m) {
            clearInterval(check);
            resolve(m);
          } else if (child.exitCode !== null || Date.now() > until) {
            clearInterval(check);
            reject(new Error(`${pattern} not seen (exit ${child.exitCode}); output:\n${text.slice(-2000)}`));
          }
        }, 25);
      });
    },
    async kill(signal) {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}

/** Starts `lsq-harness sandbox` and returns its base URL once it listens. */
export async function startSandboxProcess(env: Record<string, string>, port = 0): Promise<{ proc: CliProcess; url: string; port: number }> {
  const proc = startCli(['sandbox', '--port', String(port), '--seed', String(1000 + port)], env);
  const m = await proc.waitFor(/listening on (http:\/\/127\.0\.0\.1:(\d+))/);
  return { proc, url: m[1]!, port: Number(m[2]) };
}
