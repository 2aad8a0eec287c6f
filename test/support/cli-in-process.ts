// The CLI's main(argv) run in the test's own worker instead of a new Node process: for tests about what
// a command decides (a bad setting's exit 2 and message, the help text), where starting Node and loading
// the CLI again (~0.3-0.6 s of CPU a process) is most of the cost. What a real process adds — the exit
// code as the shell sees it, signals, stdout of a process — stays with at least one real-process test
// per command (test/unit/cli.test.ts, test/reliability/bad-config.test.ts, test/monitor/monitor-cli.test.ts).
//
// Nothing leaks between runs or into the test: runs go one at a time (process.env and the output
// streams are the process's own), each sees exactly the environment a spawned CLI would get (cliEnv),
// its stdout and stderr are captured, and the environment, the streams and the secrets redact() knows
// are put back afterwards. Only for commands that end on their own without leaving anything running
// (servers, timers, signal handlers): a long-running command belongs in a real process.
import { main } from '../../src/cli/main.ts';
import { restoreSecrets, secretsSnapshot } from '../../src/client/redact.ts';
import { cliEnv } from './cli-env.ts';

export interface InProcessRun {
  code: number;
  stdout: string;
  stderr: string;
}

let queue: Promise<unknown> = Promise.resolve();

/** main(args) with cliEnv(env) as the whole environment; runs one at a time. */
export function runCliInProcess(args: string[], env: Record<string, string | undefined> = {}): Promise<InProcessRun> {
  const run = queue.then(() => runOnce(args, env));
  queue = run.catch(() => undefined);
  return run;
}

async function runOnce(args: string[], env: Record<string, string | undefined>): Promise<InProcessRun> {
  const savedEnv = { ...process.env };
  const secrets = secretsSnapshot();
  const writeOut = process.stdout.write;
  const writeErr = process.stderr.write;
  let stdout = '';
  let stderr = '';
  const capture =
    (append: (text: string) => void) =>
    (chunk: string | Uint8Array, encodingOrDone?: BufferEncoding | ((err?: Error | null) => void), done?: (err?: Error | null) => void): boolean => {
      append(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
      const callback = typeof encodingOrDone === 'function' ? encodingOrDone : done;
      if (callback) queueMicrotask(() => callback());
      return true;
    };
  const runEnv = cliEnv(env);
  try {
    replaceEnv(runEnv);
    process.stdout.write = capture((t) => (stdout += t)) as typeof process.stdout.write;
    process.stderr.write = capture((t) => (stderr += t)) as typeof process.stderr.write;
    const code = await main(args);
    return { code, stdout, stderr };
  } finally {
    process.stdout.write = writeOut;
    process.stderr.write = writeErr;
    replaceEnv(savedEnv);
    restoreSecrets(secrets);
  }
}

/** Makes process.env hold exactly these variables (the object itself stays: Node reads it by reference). */
function replaceEnv(env: Record<string, string | undefined>): void {
  for (const name of Object.keys(process.env)) if (!(name in env)) delete process.env[name];
  for (const [name, value] of Object.entries(env)) if (value !== undefined) process.env[name] = value;
}
