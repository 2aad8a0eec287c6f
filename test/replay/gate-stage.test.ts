// The gate's replay stage runs the cassettes in its own process, without a test runner: vitest is a
// devDependency and is absent where lsq-harness is installed. Here the stage runs in a plain Node
// process in which resolving vitest throws; and `gate --cassettes DIR` replays a user's folder, with a
// JUnit case per cassette, and refuses a folder it cannot use (exit 2, naming --cassettes).
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, test } from 'vitest';
import { SHIPPED_CASSETTES_DIR, listCassettes } from '../../src/replay/run-cassettes.ts';
import { cliEnv } from '../support/cli-env.ts';

const ROOT = new URL('../../', import.meta.url).pathname;
const CLI = join(ROOT, 'src/cli/main.ts');
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'lsq-gate-replay-'));
  dirs.push(d);
  return d;
}

function node(args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      args,
      { cwd: ROOT, env: cliEnv({ SCARF_ANALYTICS: 'false', ...env }), encoding: 'utf8', timeout: 60_000 },
      (error, stdout, stderr) => {
        resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
      },
    );
  });
}

// Runs the stage in a fresh Node process whose module resolution refuses vitest (and its parts) and
// that cannot start a child process (so no vitest binary either: the stage must work in-process).
const WITHOUT_VITEST = `
import childProcess from 'node:child_process';
import { registerHooks, syncBuiltinESMExports } from 'node:module';
for (const fn of ['spawn', 'spawnSync', 'exec', 'execSync', 'execFile', 'execFileSync', 'fork']) {
  childProcess[fn] = () => { throw new Error('the stage started a process (' + fn + ')'); };
}
syncBuiltinESMExports();
registerHooks({
  resolve(specifier, context, next) {
    if (/^(vitest|@vitest\\/|vite$|vite\\/)/.test(specifier)) throw new Error('vitest was imported: ' + specifier);
    return next(specifier, context);
  },
});
const { replayStage } = await import(process.env.STAGE);
const outcome = await replayStage.run({ target: { url: 'http://127.0.0.1:9', isSandbox: true, embedded: true, describe: 'none' }, allow: { budgetExhaustion: false, writes: false }, profile: 'smoke', out: process.env.OUT, env: {} });
console.log(JSON.stringify(outcome));
`;

test('the gate replay stage runs every shipped cassette in a process where vitest cannot be imported', async () => {
  const out = tempDir();
  const r = await node(['--input-type=module', '-e', WITHOUT_VITEST], { STAGE: join(ROOT, 'src/gate/stages/replay.ts'), OUT: out });
  expect(r.code, r.stderr).toBe(0);
  const outcome = JSON.parse(r.stdout) as { verdict: string; figures: Record<string, number>; cases: { name: string; failure?: string }[] };
  const shipped = listCassettes(SHIPPED_CASSETTES_DIR).length;
  expect(outcome.verdict).toBe('passed');
  expect(outcome.figures).toEqual({ 'cassettes replayed': shipped, 'cassettes failed': 0 });
  expect(outcome.cases).toHaveLength(shipped);
  expect(outcome.cases.filter((c) => c.failure)).toEqual([]);
  expect(readFileSync(join(out, 'replay.log'), 'utf8')).toMatch(
    /^✓ rate-limited-with-retry-after \(\d+ ms\): wait: RateLimitedError → succeeded, no violation$/m,
  );
}, 60_000);

test('the guard itself bites: importing vitest, or starting a process, under it fails', async () => {
  const importing = WITHOUT_VITEST.replace('await import(process.env.STAGE)', "await import('vitest').then(() => import(process.env.STAGE))");
  const imported = await node(['--input-type=module', '-e', importing], { STAGE: join(ROOT, 'src/gate/stages/replay.ts'), OUT: tempDir() });
  expect(imported.code).not.toBe(0);
  expect(imported.stderr).toContain('vitest was imported: vitest');
  const spawning = WITHOUT_VITEST.replace('const outcome =', "(await import('node:child_process')).spawn('true');\nconst outcome =");
  const spawned = await node(['--input-type=module', '-e', spawning], { STAGE: join(ROOT, 'src/gate/stages/replay.ts'), OUT: tempDir() });
  expect(spawned.code).not.toBe(0);
  expect(spawned.stderr).toContain('the stage started a process (spawn)');
});

/** A folder with two shipped cassettes, the second given a wrong expectation. */
function userFolder(): string {
  const dir = tempDir();
  for (const [name, state] of [
    ['seed-status-success-verbatim', null],
    ['status-word-queued', 'processing'],
  ] as const) {
    const har = JSON.parse(readFileSync(join(SHIPPED_CASSETTES_DIR, `${name}.har`), 'utf8'));
    if (state) har.log._lsqExpect.state = state;
    writeFileSync(join(dir, `${name}.har`), JSON.stringify(har));
  }
  return dir;
}

test('gate --cassettes DIR replays that folder: a JUnit case per cassette, the wrong one failed by name', async () => {
  const out = tempDir();
  const r = await node([CLI, 'gate', '--stages', 'replay', '--cassettes', userFolder(), '--out', out]);
  expect(r.code, r.stderr).toBe(1);
  expect(r.stderr).toMatch(/\] replay: FAILED .*1 of 2 cassettes failed: status-word-queued/);
  const summary = readFileSync(join(out, 'summary.md'), 'utf8');
  expect(summary).toMatch(/cassettes replayed: \*\*2\*\*<br>cassettes failed: \*\*1\*\*/);
  const junit = readFileSync(join(out, 'junit.xml'), 'utf8');
  expect(junit).toMatch(/<testcase classname="gate.replay" name="seed-status-success-verbatim"[^>]*\/>/);
  expect(junit).toMatch(/<testcase classname="gate.replay" name="status-word-queued"[^>]*>\s*<failure message="state: expected processing, got queued"/);
}, 60_000);

test('gate --cassettes with a missing folder, or one without a .har file, exits 2 naming --cassettes', async () => {
  const missing = await node([CLI, 'gate', '--stages', 'replay', '--cassettes', '/nonexistent/cassettes', '--out', tempDir()]);
  expect([missing.code, missing.stderr.trim()]).toEqual([2, 'lsq-harness: bad setting --cassettes: /nonexistent/cassettes: no such folder']);
  const empty = tempDir();
  writeFileSync(join(empty, 'notes.txt'), 'no cassette here');
  const none = await node([CLI, 'gate', '--stages', 'replay', '--cassettes', empty, '--out', tempDir()]);
  expect(none.code).toBe(2);
  expect(none.stderr).toMatch(/bad setting --cassettes: .* holds no \.har cassette/);
}, 60_000);
