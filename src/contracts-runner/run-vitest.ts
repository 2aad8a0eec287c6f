// Runs one vitest call as a child process (the consumer project, or the provider verification with
// its own config), its output going to the terminal redacted a line at a time: vitest echoes what the
// tests print, and the Pact verifier at debug level prints the requests it replays, credentials
// included. Asynchronous, and bounded in time.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Writable } from 'node:stream';
import { registerChildSecrets } from './child-secrets.ts';
import { runRedacted } from './redacted-child.ts';

const VITEST_BIN = join(dirname(createRequire(import.meta.url).resolve('vitest/package.json')), 'vitest.mjs');

export interface VitestRun {
  args: string[];
  cwd: string;
  env?: Record<string, string>;
  /** A JUnit XML report of this run goes here. */
  junitFile?: string | undefined;
  timeoutMs?: number;
  /** Where the redacted output goes (tests); our own stdout and stderr by default. */
  stdout?: Writable;
  stderr?: Writable;
}

export function runVitest(run: VitestRun): Promise<number> {
  const reporters = run.junitFile ? ['--reporter=default', '--reporter=junit', `--outputFile.junit=${run.junitFile}`] : [];
  const env: NodeJS.ProcessEnv = { ...process.env, SCARF_ANALYTICS: 'false', ...run.env };
  // Through a pipe vitest would drop its colours; keep them when a person is watching.
  if (process.stdout.isTTY && env.FORCE_COLOR === undefined && env.NO_COLOR === undefined) env.FORCE_COLOR = '1';
  registerChildSecrets(env);
  return runRedacted(process.execPath, [VITEST_BIN, 'run', ...run.args, ...reporters], {
    cwd: run.cwd,
    env,
    timeoutMs: run.timeoutMs ?? 300_000,
    ...(run.stdout ? { stdout: run.stdout } : {}),
    ...(run.stderr ? { stderr: run.stderr } : {}),
  });
}
