// Runs the installed package's bin (node_modules/.bin/lsq-harness, a symlink npm made) from the temp
// project, with a user's environment (pack-install.ts), and a sandbox from it in the background.
import { spawn, type ChildProcess } from 'node:child_process';
import { userEnv, type PackageUnderTest } from './pack-install.ts';

export interface BinResult {
  code: number | null;
  stdout: string;
  stderr: string;
  seconds: number;
}

/** Credentials of unusual shape, so that a leak into any output can be found by value. */
export const PKG_CREDENTIALS = { LSQ_ACCESS_KEY: 'pkg-access-Qw31', LSQ_SECRET_KEY: 'pkg-secret-Ty84', LSQ_API_KEY: 'pkg-apikey-Hn52' } as const;

export function runBin(
  pkg: PackageUnderTest,
  args: string[],
  env: Record<string, string> = {},
  o: { timeoutMs?: number; command?: string; pathOverride?: string } = {},
): Promise<BinResult> {
  const started = Date.now();
  return new Promise((resolve) => {
    const baseEnv = userEnv(env);
    if (o.pathOverride !== undefined) baseEnv.PATH = o.pathOverride;
    const [command, argv] = o.command ? [o.command, args] : [pkg.bin, args];
    const child = spawn(command, argv, { cwd: pkg.project, env: baseEnv, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), o.timeoutMs ?? 60_000);
    child.on('error', (e) => {
      stderr += String(e);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, seconds: (Date.now() - started) / 1000 });
    });
  });
}

export interface BackgroundSandbox {
  url: string;
  stop(): Promise<void>;
}

/** `lsq-harness sandbox --port 0` from the installed package; resolves with the URL it prints. */
export function startSandboxProcess(pkg: PackageUnderTest, args: string[] = [], env: Record<string, string> = {}): Promise<BackgroundSandbox> {
  const child: ChildProcess = spawn(pkg.bin, ['sandbox', '--port', '0', ...args], { cwd: pkg.project, env: userEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('close', () => resolve());
      child.kill('SIGTERM');
    });
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => {
      void stop();
      reject(new Error(`the sandbox printed no "listening on" line within 15 s:\n${output}`));
    }, 15_000);
    const onData = (d: Buffer) => {
      output += d.toString();
      const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (m) {
        clearTimeout(timer);
        resolve({ url: m[1]!, stop });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('close', (code) => {
      clearTimeout(timer);
      reject(new Error(`the sandbox exited (${code}) before listening:\n${output}`));
    });
  });
}
