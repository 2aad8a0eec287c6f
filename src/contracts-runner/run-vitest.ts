// Runs one vitest call as a child process (the consumer project, or the provider verification with
// its own config), its output going straight to the terminal. Asynchronous, and bounded in time.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const VITEST_BIN = join(dirname(createRequire(import.meta.url).resolve('vitest/package.json')), 'vitest.mjs');

export interface VitestRun {
  args: string[];
  cwd: string;
  env?: Record<string, string>;
  /** A JUnit XML report of this run goes here. */
  junitFile?: string | undefined;
  timeoutMs?: number;
}

export function runVitest(run: VitestRun): Promise<number> {
  const reporters = run.junitFile ? ['--reporter=default', '--reporter=junit', `--outputFile.junit=${run.junitFile}`] : [];
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [VITEST_BIN, 'run', ...run.args, ...reporters], {
      cwd: run.cwd,
      env: { ...process.env, SCARF_ANALYTICS: 'false', ...run.env },
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    const timer = setTimeout(() => child.kill('SIGTERM'), run.timeoutMs ?? 300_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve(code ?? 1);
    });
    child.on('error', () => {
      clearTimeout(timer);
      resolve(1);
    });
  });
}
