// The installed bin, command by command, against a sandbox the installed package itself serves: what a
// user of `npm i -D lsq-harness` runs. One sandbox for the file; the tests run in order (contracts last:
// one of its provider states spends the sandbox's whole rate budget).
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, expect, inject, test } from 'vitest';
import { CONSUMER_VERSION } from './pack-install.ts';
import { PKG_CREDENTIALS, runBin, startSandboxProcess, type BackgroundSandbox, type BinResult } from './run-bin.ts';

const pkg = inject('pkg');
const OPPORTUNITY = '5ca5b042-51ea-4699-b6f0-84c40ab12770';
let sandbox: BackgroundSandbox;
let target: Record<string, string>;
let requestId = '';
const outputs: BinResult[] = [];

async function run(args: string[], env: Record<string, string> = {}, timeoutMs = 60_000): Promise<BinResult> {
  const r = await runBin(pkg, args, env, { timeoutMs });
  outputs.push(r);
  return r;
}
const explain = (r: BinResult) => `exit ${r.code}\nstdout:\n${r.stdout.slice(-3000)}\nstderr:\n${r.stderr.slice(-3000)}`;

beforeAll(async () => {
  sandbox = await startSandboxProcess(pkg, [], { ...PKG_CREDENTIALS });
  target = { LSQ_ASYNC_HOST: sandbox.url, ...PKG_CREDENTIALS };
});
afterAll(async () => {
  await sandbox?.stop();
});

test('--version prints the version of the installed package, not of the project that runs it', async () => {
  const r = await run(['--version']);
  expect(r.code, explain(r)).toBe(0);
  expect(r.stdout.trim()).toBe(pkg.version);
  // npx runs the bin with the project's npm_package_* variables set.
  const npx = await runBin(pkg, ['--no-install', 'lsq-harness', '--version'], {}, { command: 'npx' });
  expect(npx.code, explain(npx)).toBe(0);
  expect(npx.stdout.trim()).toBe(pkg.version);
  expect(npx.stdout.trim()).not.toBe(CONSUMER_VERSION);
});

test('status --help prints the usage of the status command', async () => {
  const r = await run(['status', '--help']);
  expect(r.code, explain(r)).toBe(0);
  expect(r.stdout).toContain('Usage: lsq-harness status');
});

test('the bin runs the compiled dist/, and the package ships no CLI sources to run instead', () => {
  expect(existsSync(join(pkg.installed, 'dist/cli/main.js'))).toBe(true);
  expect(existsSync(join(pkg.installed, 'src/cli/main.ts'))).toBe(false);
});

test('sandbox serves on a free loopback port and says where', () => {
  expect(sandbox.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
});

test('update --wait against the sandbox succeeds and prints the RequestID', async () => {
  const r = await run(['update', '--opportunity', OPPORTUNITY, '--field', 'mx_Custom_6=200,000', '--wait', '--json'], target);
  expect(r.code, explain(r)).toBe(0);
  const result = JSON.parse(r.stdout) as { requestId: string; state: string; violations: unknown[] };
  expect(result.state).toBe('succeeded');
  expect(result.violations).toEqual([]);
  requestId = result.requestId;
});

test('status ID --json reads that request back as succeeded', async () => {
  expect(requestId).not.toBe('');
  const r = await run(['status', requestId, '--json'], target);
  expect(r.code, explain(r)).toBe(0);
  const status = JSON.parse(r.stdout) as { requestId: string; state: string; status: string };
  expect(status).toMatchObject({ requestId, state: 'succeeded', status: 'Success' });
});

test('monitor --once runs one canary against the sandbox and exits 0', async () => {
  const r = await run(['monitor', '--once', '--listen', '127.0.0.1:0', '--ledger', join(pkg.work, 'canary-ledger.json')], {
    ...target,
    LSQ_CANARY_OPPORTUNITY_ID: OPPORTUNITY,
  });
  expect(r.code, explain(r)).toBe(0);
  expect(r.stdout).toMatch(/canary success/);
});

test('record --scenario writes a cassette into the project, not into the package', async () => {
  const r = await run(['record', '--scenario', 'x', '--host', sandbox.url, '--opportunity', OPPORTUNITY, '--field', 'mx_Custom_6=1'], PKG_CREDENTIALS, 90_000);
  expect(r.code, explain(r)).toBe(0);
  const written = /wrote (\S+?): /.exec(r.stdout)?.[1];
  expect(written, r.stdout).toBeDefined();
  const path = resolve(pkg.project, written!);
  expect(path.startsWith(`${pkg.project}/`) && !path.includes('node_modules'), path).toBe(true);
  const har = readFileSync(path, 'utf8');
  for (const secret of Object.values(PKG_CREDENTIALS)) expect(har).not.toContain(secret);
});

test('contracts --provider-url verifies the pact that ships in the package, every interaction holding', async () => {
  const r = await run(['contracts', '--provider-url', sandbox.url, '--json'], PKG_CREDENTIALS, 120_000);
  expect(r.code, explain(r)).toBe(0);
  const report = JSON.parse(r.stdout) as { ok: boolean; pact: string; counts: { passed: number; failed: number } };
  expect(report.ok).toBe(true);
  expect(report.counts.failed).toBe(0);
  expect(report.counts.passed).toBeGreaterThan(0);
  expect(report.pact).toContain(join(pkg.installed, 'contracts/pacts/'));
});

test('no credential value reached any output of the commands above', () => {
  expect(outputs.length).toBeGreaterThan(5);
  for (const r of outputs) for (const secret of Object.values(PKG_CREDENTIALS)) expect(r.stdout + r.stderr).not.toContain(secret);
});

// On this kind of machine the system's own Node is older (20): the check must run on it, not crash.
const oldNode = ['/usr/bin/node', '/usr/local/bin/node'].find((p) => {
  try {
    return Number(execFileSync(p, ['-p', 'process.versions.node.split(".")[0]'], { encoding: 'utf8' }).trim()) < 24;
  } catch {
    return false;
  }
});
test.skipIf(!oldNode)('on a Node older than 24 the bin exits 2 saying it needs Node 24', async () => {
  const r = await runBin(pkg, [join(pkg.installed, 'bin/lsq-harness.js'), '--version'], {}, { command: oldNode! });
  expect(r.code, explain(r)).toBe(2);
  expect(r.stderr).toMatch(/lsq-harness needs Node 24 \(found v\d+/);
  // Installed, there is no scripts/lsq-harness to point at.
  expect(r.stderr).not.toContain('scripts/lsq-harness');
});
