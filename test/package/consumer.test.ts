// A TypeScript user of the installed package: consumer/consumer.ts imports lsq-harness,
// lsq-harness/sandbox, lsq-harness/pact and lsq-harness/msw. It must type-check with the project's tsc
// (strict, module nodenext; its .d.ts checked too) and run with node — a broken export, a
// .d.ts that does not resolve, or a runtime dependency missing from the package turns this red.
import { execFile } from 'node:child_process';
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, expect, inject, test } from 'vitest';
import { ROOT, userEnv } from './pack-install.ts';

const pkg = inject('pkg');
const HERE = new URL('./consumer/', import.meta.url).pathname;

function run(command: string, args: string[], timeoutMs: number): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    execFile(command, args, { cwd: pkg.project, env: userEnv(), encoding: 'utf8', timeout: timeoutMs }, (error, stdout, stderr) =>
      resolve({ code: error ? ((error as { code?: number }).code ?? null) : 0, output: `${stdout}${stderr}` }),
    );
  });
}

beforeAll(() => {
  for (const f of ['consumer.ts', 'tsconfig.json', 'tsconfig.libcheck.json']) copyFileSync(join(HERE, f), join(pkg.project, f));
});

// tsc in one thread: the same diagnostics as its default of four checkers, each of which binds and checks
// the shared declarations again (the libcheck run: 4.3 s of CPU instead of 6.3, and sooner on 2 cores).
const TSC = join(ROOT, 'node_modules/.bin/tsc');

test('a strict nodenext TypeScript project importing every export type-checks', async () => {
  const r = await run(TSC, ['-p', 'tsconfig.json', '--singleThreaded'], 60_000);
  expect(r.code, r.output).toBe(0);
});

test("with every declaration file checked, none of lsq-harness's own has an error", async () => {
  const r = await run(TSC, ['-p', 'tsconfig.libcheck.json', '--singleThreaded'], 60_000);
  // Errors start a line with their file; other packages' declarations are theirs to fix.
  const ours = r.output.split('\n').filter((l) => /^(node_modules\/lsq-harness\/|consumer\.ts)/.test(l));
  expect(ours).toEqual([]);
  expect(r.output).not.toMatch(/error TS\d+: Cannot find module 'lsq-harness/);
});

test('run with node, it starts a sandbox, waits for an update, runs a Pact interaction and replays a cassette', async () => {
  const r = await run(process.execPath, ['consumer.ts'], 90_000);
  expect(r.code, r.output).toBe(0);
  expect(r.output).not.toMatch(/^FAIL/m);
  expect(r.output.match(/^ok /gm)?.length).toBe(7);
});
