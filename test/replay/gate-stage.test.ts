// The gate's replay stage runs the cassettes in its own process, without a test runner: vitest is a
// devDependency and is absent where lsq-harness is installed. Here the stage runs in a plain Node
// process in which resolving vitest throws; and `gate --cassettes DIR` replays a user's folder, with a
// JUnit case per cassette, and refuses a folder it cannot use (exit 2, naming --cassettes).
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, expect, test } from 'vitest';
import { SHIPPED_CASSETTES_DIR, listCassettes } from '../../src/replay/run-cassettes.ts';
import { cliEnv } from '../support/cli-env.ts';
import { runCliInProcess } from '../support/cli-in-process.ts';

const ROOT = new URL('../../', import.meta.url).pathname;
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

// Guards loaded with `--import` into a fresh Node process. NO_VITEST: module resolution refuses vitest
// (and its parts) and no child process can start (so no vitest binary either): what an installed package
// without devDependencies offers. NO_MSW: msw cannot be loaded (processes may start).
const refuse = (pattern: string, what: string) => `
import { registerHooks } from 'node:module';
registerHooks({
  resolve(specifier, context, next) {
    if (${pattern}.test(specifier)) throw new Error('${what} was imported: ' + specifier);
    return next(specifier, context);
  },
});
`;
const NO_VITEST = `${refuse('/^(vitest|@vitest\\/|vite$|vite\\/)/', 'vitest')}
import childProcess from 'node:child_process';
import { syncBuiltinESMExports } from 'node:module';
for (const fn of ['spawn', 'spawnSync', 'exec', 'execSync', 'execFile', 'execFileSync', 'fork']) {
  childProcess[fn] = () => { throw new Error('the replay started a process (' + fn + ')'); };
}
syncBuiltinESMExports();
`;
const NO_MSW = refuse('/^(msw|@mswjs\\/|vitest|@vitest\\/)/', 'msw or vitest');

function guards(): { noVitest: string; noMsw: string } {
  const dir = tempDir();
  writeFileSync(join(dir, 'no-vitest.mjs'), NO_VITEST);
  writeFileSync(join(dir, 'no-msw.mjs'), NO_MSW);
  return { noVitest: pathToFileURL(join(dir, 'no-vitest.mjs')).href, noMsw: pathToFileURL(join(dir, 'no-msw.mjs')).href };
}

// Runs the stage in a process guarded by NO_MSW, whose replay child (given NODE_OPTIONS through the
// stage's environment) is guarded by NO_VITEST.
const RUN_STAGE = `
const { replayStage } = await import(process.env.STAGE);
const env = { PATH: process.env.PATH, NODE_OPTIONS: '--import ' + process.env.CHILD_GUARD };
const outcome = await replayStage.run({ target: { url: 'http://127.0.0.1:9', isSandbox: true, embedded: true, describe: 'none' }, allow: { budgetExhaustion: false, writes: false }, profile: 'smoke', out: process.env.OUT, env });
console.log(JSON.stringify(outcome));
`;
const STAGE = join(ROOT, 'src/gate/stages/replay.ts');

test('the gate replay stage replays every shipped cassette in a child process: msw never loads in the gate, vitest in neither', async () => {
  const out = tempDir();
  const { noVitest, noMsw } = guards();
  const r = await node(['--import', noMsw, '--input-type=module', '-e', RUN_STAGE], { STAGE, OUT: out, CHILD_GUARD: noVitest });
  expect(r.code, r.stderr).toBe(0);
  const outcome = JSON.parse(r.stdout) as { verdict: string; figures: Record<string, number>; cases: { name: string; failure?: string }[] };
  const shipped = listCassettes(SHIPPED_CASSETTES_DIR).length;
  expect(outcome.verdict).toBe('passed');
  expect(outcome.figures).toEqual({ 'cassettes replayed': shipped, 'cassettes failed': 0 });
  expect(outcome.cases).toHaveLength(shipped);
  expect(outcome.cases.filter((c) => c.failure)).toEqual([]);
  const log = readFileSync(join(out, 'replay.log'), 'utf8');
  expect(log).toMatch(/^✓ rate-limited-with-retry-after \(\d+ ms\): wait: RateLimitedError → succeeded, no violation$/m);
  expect(log).toMatch(/^▶ rate-limited-with-retry-after$/m);
}, 60_000);

test('the guards bite: vitest or a process under NO_VITEST, msw under NO_MSW', async () => {
  const { noVitest, noMsw } = guards();
  const importing = await node(['--import', noVitest, '--input-type=module', '-e', "await import('vitest')"]);
  expect(importing.code).not.toBe(0);
  expect(importing.stderr).toContain('vitest was imported: vitest');
  const spawning = await node(['--import', noVitest, '--input-type=module', '-e', "(await import('node:child_process')).spawn('true')"]);
  expect(spawning.code).not.toBe(0);
  expect(spawning.stderr).toContain('the replay started a process (spawn)');
  const msw = await node(['--import', noMsw, '--input-type=module', '-e', 'await import(process.env.RUNNER)'], {
    RUNNER: join(ROOT, 'src/replay/run-cassettes.ts'),
  });
  expect(msw.code).not.toBe(0);
  expect(msw.stderr).toContain('msw or vitest was imported: msw/node');
});

test('a replay process that dies fails the stage with its exit code, not the gate', async () => {
  const out = tempDir();
  const { noMsw } = guards();
  // A guard that kills the replay process as it starts: the stage must report it, not crash or hang.
  const dir = tempDir();
  writeFileSync(join(dir, 'die.mjs'), 'process.exit(7);\n');
  const r = await node(['--import', noMsw, '--input-type=module', '-e', RUN_STAGE], { STAGE, OUT: out, CHILD_GUARD: pathToFileURL(join(dir, 'die.mjs')).href });
  expect(r.code, r.stderr).toBe(0);
  const outcome = JSON.parse(r.stdout) as { verdict: string; reason: string };
  expect(outcome).toMatchObject({ verdict: 'failed', reason: expect.stringContaining('exit 7') });
}, 60_000);

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

// The gate commands below run in this worker (test/support/cli-in-process.ts): what is tested is what the
// gate reports and writes, and the replay stage still replays in a child process of its own.
test('gate --cassettes DIR replays that folder: a JUnit case per cassette, the wrong one failed by name', async () => {
  const out = tempDir();
  const r = await runCliInProcess(['gate', '--stages', 'replay', '--cassettes', userFolder(), '--out', out], { SCARF_ANALYTICS: 'false' });
  expect(r.code, r.stderr).toBe(1);
  expect(r.stderr).toMatch(/\] replay: FAILED .*1 of 2 cassettes failed: status-word-queued/);
  const summary = readFileSync(join(out, 'summary.md'), 'utf8');
  expect(summary).toMatch(/cassettes replayed: \*\*2\*\*<br>cassettes failed: \*\*1\*\*/);
  const junit = readFileSync(join(out, 'junit.xml'), 'utf8');
  expect(junit).toMatch(/<testcase classname="gate.replay" name="seed-status-success-verbatim"[^>]*\/>/);
  expect(junit).toMatch(/<testcase classname="gate.replay" name="status-word-queued"[^>]*>\s*<failure message="state: expected processing, got queued"/);
}, 60_000);

test('gate --cassettes with a missing folder, or one without a .har file, exits 2 naming --cassettes', async () => {
  const missing = await runCliInProcess(['gate', '--stages', 'replay', '--cassettes', '/nonexistent/cassettes', '--out', tempDir()], {
    SCARF_ANALYTICS: 'false',
  });
  expect([missing.code, missing.stderr.trim()]).toEqual([2, 'lsq-harness: bad setting --cassettes: /nonexistent/cassettes: no such folder']);
  const empty = tempDir();
  writeFileSync(join(empty, 'notes.txt'), 'no cassette here');
  const none = await runCliInProcess(['gate', '--stages', 'replay', '--cassettes', empty, '--out', tempDir()], { SCARF_ANALYTICS: 'false' });
  expect(none.code).toBe(2);
  expect(none.stderr).toMatch(/bad setting --cassettes: .* holds no \.har cassette/);
}, 60_000);
