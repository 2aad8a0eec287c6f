// How `load` finds k6: LSQ_K6_BINARY (K6_BIN as its alias), the project's tools folder, PATH; and a
// missing k6 as a bad setting naming LSQ_K6_BINARY, raised before the run starts anything.
import { execFile } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { ConfigError } from '../../src/config/errors.ts';
import { K6_VERSION, k6Binary } from '../../src/k6/k6-binary.ts';
import { cliEnv } from '../support/cli-env.ts';

const dir = mkdtempSync(join(tmpdir(), 'lsq-k6-binary-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(path: string, mode: number): string {
  const full = join(dir, path);
  mkdirSync(dirname(full), { recursive: true });
  writeFileSync(full, '#!/bin/sh\nexit 0\n');
  chmodSync(full, mode);
  return full;
}

const setK6 = file('set/k6', 0o755);
const aliasK6 = file('alias/k6', 0o755);
const pathK6 = file('bin/k6', 0o755);
const notExecutable = file('plain/k6', 0o644);
const emptyRoot = join(dir, 'empty-root');
const toolsRoot = join(dir, 'tools-root');
const toolsK6 = file(`tools-root/.tools/k6-${K6_VERSION}/k6`, 0o755);
mkdirSync(emptyRoot, { recursive: true });

function settingError(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (e) {
    if (e instanceof ConfigError) return e;
    throw e;
  }
  throw new Error('no ConfigError was thrown');
}

test('LSQ_K6_BINARY names the k6 to run', () => {
  expect(k6Binary({ LSQ_K6_BINARY: setK6, PATH: dirname(pathK6) }, toolsRoot)).toBe(setK6);
});

test('LSQ_K6_BINARY wins over its alias K6_BIN', () => {
  expect(k6Binary({ LSQ_K6_BINARY: setK6, K6_BIN: aliasK6 }, emptyRoot)).toBe(setK6);
});

test('K6_BIN still works alone, as the bootstrap sets it', () => {
  expect(k6Binary({ K6_BIN: aliasK6, PATH: dirname(pathK6) }, toolsRoot)).toBe(aliasK6);
});

test('a bare name in LSQ_K6_BINARY is looked up on PATH', () => {
  expect(k6Binary({ LSQ_K6_BINARY: 'k6', PATH: `/nonexistent:${dirname(pathK6)}` }, emptyRoot)).toBe(pathK6);
});

test('a relative LSQ_K6_BINARY is taken from the current folder, not from where k6 will run', () => {
  // Any executable file will do: vitest's own, relative to the folder the tests run in.
  expect(k6Binary({ LSQ_K6_BINARY: './node_modules/.bin/vitest' }, emptyRoot)).toBe(join(process.cwd(), 'node_modules/.bin/vitest'));
});

test('a missing file in LSQ_K6_BINARY is a bad setting naming it, even when k6 is on PATH', () => {
  const e = settingError(() => k6Binary({ LSQ_K6_BINARY: join(dir, 'nope/k6'), PATH: dirname(pathK6) }, toolsRoot));
  expect(e.setting).toBe('LSQ_K6_BINARY');
  expect(e.message).toContain(join(dir, 'nope/k6'));
});

test('a file that is not executable is not a k6', () => {
  expect(settingError(() => k6Binary({ LSQ_K6_BINARY: notExecutable }, emptyRoot)).setting).toBe('LSQ_K6_BINARY');
  expect(k6Binary({ PATH: `${dirname(notExecutable)}:${dirname(pathK6)}` }, emptyRoot)).toBe(pathK6);
});

test('a missing file in K6_BIN is a bad setting naming K6_BIN', () => {
  expect(settingError(() => k6Binary({ K6_BIN: join(dir, 'nope/k6') }, emptyRoot)).setting).toBe('K6_BIN');
});

test("the project's tools folder comes before PATH", () => {
  expect(k6Binary({ PATH: dirname(pathK6) }, toolsRoot)).toBe(toolsK6);
});

test('with no setting and no tools folder, k6 on PATH is used', () => {
  expect(k6Binary({ PATH: `/nonexistent:${dirname(pathK6)}` }, emptyRoot)).toBe(pathK6);
});

test('no k6 anywhere is a bad setting naming LSQ_K6_BINARY and saying how to install k6', () => {
  const e = settingError(() => k6Binary({ PATH: `/nonexistent:${dirname(notExecutable)}` }, emptyRoot));
  expect(e.setting).toBe('LSQ_K6_BINARY');
  expect(e.message).toMatch(/install k6/);
  expect(e.message).toContain(`go.k6.io/k6@${K6_VERSION}`);
});

test('`load` with a missing LSQ_K6_BINARY exits 2 naming it, before it creates its reports folder', async () => {
  const out = join(dir, 'load-reports');
  const cli = new URL('../../bin/lsq-harness.js', import.meta.url).pathname;
  const r = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
    execFile(
      process.execPath,
      [cli, 'load', '--out', out],
      { env: cliEnv({ LSQ_K6_BINARY: join(dir, 'nope/k6') }), encoding: 'utf8', timeout: 30_000 },
      (error, _stdout, stderr) => resolve({ code: error ? ((error as { code?: number }).code ?? null) : 0, stderr }),
    );
  });
  expect(r.code).toBe(2);
  expect(r.stderr).toContain('LSQ_K6_BINARY');
  expect(existsSync(out)).toBe(false);
});
