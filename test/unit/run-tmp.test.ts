// The test command's temp folder (scripts/lib/run-tmp.sh): everything the suites' processes make in
// their temp folder lands in one folder of the run, and the run removes it when it ends, however it
// ends. Before it, every run left hundreds of lsq-* folders in the system's temp folder (kept for
// inspection, or left by a test a timeout cut short).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, test } from 'vitest';
import { cliEnv } from '../support/cli-env.ts';

const RUN_TMP = new URL('../../scripts/lib/run-tmp.sh', import.meta.url).pathname;
let outer = '';
beforeEach(() => {
  outer = mkdtempSync(join(tmpdir(), 'lsq-run-tmp-'));
});
afterEach(() => rmSync(outer, { recursive: true, force: true }));

/** Runs `script` in bash with run-tmp.sh sourced and TMPDIR set to the test's own folder; its stdout. */
function bash(script: string, env: Record<string, string> = {}): string {
  return execFileSync('bash', ['-c', `set -u\n. "${RUN_TMP}"\n${script}`], {
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', TMPDIR: outer, ...env },
  });
}

test("a child process's temp folders land in the run's folder, and the run's end removes them all", () => {
  // A "suite" that leaks: it makes a temp folder and a file in it and never removes them; its TMPDIR
  // and the folder it made are printed for the checks below.
  const out = bash(`run_tmp_begin\ntrap run_tmp_end EXIT\nleaked=$(bash -c 'd=$(mktemp -d); touch "$d/report"; echo "$d"')\necho "$TMPDIR $leaked"`);
  const [runTmp, leaked] = out.trim().split(' ');
  expect(runTmp).toMatch(new RegExp(`^${outer}/lsq-test-run-`));
  expect(leaked!.startsWith(`${runTmp}/`)).toBe(true);
  expect(existsSync(runTmp!)).toBe(false);
  expect(readdirSync(outer)).toEqual([]);
});

test('a run that fails still removes its folder', () => {
  let code = 0;
  try {
    bash('run_tmp_begin\ntrap run_tmp_end EXIT\nmktemp -d >/dev/null\nexit 3');
  } catch (err) {
    code = (err as { status: number }).status;
  }
  expect(code).toBe(3);
  expect(readdirSync(outer)).toEqual([]);
});

test('LSQ_KEEP_TEST_TMP=1 keeps the folder and says where it is', () => {
  const out = bash('run_tmp_begin\ntrap run_tmp_end EXIT\nmktemp -d >/dev/null', { LSQ_KEEP_TEST_TMP: '1' });
  const kept = readdirSync(outer);
  expect(kept).toHaveLength(1);
  expect(kept[0]).toMatch(/^lsq-test-run-/);
  expect(out).toContain(`kept in ${join(outer, kept[0]!)}`);
  expect(readdirSync(join(outer, kept[0]!))).toHaveLength(1);
});

test("the CLI processes the tests start keep the run's TMPDIR (and nothing else of the test's environment)", () => {
  const before = process.env.TMPDIR;
  process.env.TMPDIR = outer;
  try {
    const env = cliEnv({ LSQ_ASYNC_HOST: 'http://127.0.0.1:1' });
    expect(env.TMPDIR).toBe(outer);
    expect(env.LSQ_ASYNC_HOST).toBe('http://127.0.0.1:1');
    expect(Object.keys(env).sort()).toEqual(['LSQ_ASYNC_HOST', 'PATH', 'TMPDIR', ...(process.env.NODE_COMPILE_CACHE ? ['NODE_COMPILE_CACHE'] : [])].sort());
  } finally {
    if (before === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = before;
  }
});

test("a process the run left running with a file of the run's folder on its command line is stopped at the end", () => {
  // Like a Prometheus whose test a timeout killed: its data folder is in the run's folder.
  const out = bash(
    `run_tmp_begin\ntrap run_tmp_end EXIT\n'${process.execPath}' -e 'setTimeout(() => {}, 30000)' "$TMPDIR/server-data" > /dev/null 2>&1 &\necho $!`,
  );
  const pid = Number(out.trim().split('\n').at(-1));
  expect(out).toMatch(/stopping 1 process\(es\) the run left running/);
  let alive = true;
  for (let i = 0; i < 50 && alive; i++) {
    try {
      process.kill(pid, 0);
      execFileSync('sleep', ['0.1']);
    } catch {
      alive = false;
    }
  }
  expect(alive).toBe(false);
  expect(readdirSync(outer)).toEqual([]);
});
