// `lsq-harness contracts`: the shipped pact verified by the Pact Verifier (no test runner at run time),
// a result per interaction for people, for CI (JUnit) and for programs (--json); bad settings exit 2
// before anything runs.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, test, vi } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { PACT_FILE } from '../../src/pact/pact-names.ts';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.ts';
import type { ContractsReport } from '../../src/verification/contracts-report.ts';
import { runCliInProcess } from '../support/cli-in-process.ts';
import { runCli } from './run-cli.ts';

const SHIPPED = (JSON.parse(readFileSync(PACT_FILE, 'utf8')) as { interactions: Array<{ description: string }> }).interactions.map((i) => i.description);
const sandboxes: Sandbox[] = [];
afterEach(async () => {
  await Promise.all(sandboxes.splice(0).map((s) => s.stop()));
});

async function run(args: string[]): Promise<{ code: number; stderr: string }> {
  const writes: string[] = [];
  const spy = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    writes.push(String(chunk));
    return true;
  });
  try {
    return { code: await main(['contracts', ...args]), stderr: writes.join('') };
  } finally {
    spy.mockRestore();
  }
}

const junitIn = () => join(mkdtempSync(join(tmpdir(), 'lsq-contracts-test-')), 'junit.xml');

test('a --provider-url that is not a loopback http or https URL exits 2 naming --provider-url', async () => {
  const r = await run(['--provider-url', 'ftp://example.invalid']);
  expect(r.code).toBe(2);
  expect(r.stderr).toContain('--provider-url');
});

test('--allow-writes without a real host exits 2', async () => {
  const saved = process.env.LSQ_ASYNC_HOST;
  delete process.env.LSQ_ASYNC_HOST;
  try {
    const r = await run(['--allow-writes']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--allow-writes');
  } finally {
    if (saved !== undefined) process.env.LSQ_ASYNC_HOST = saved;
  }
});

test('a --pact that does not exist, or is not a pact, exits 2 naming --pact', async () => {
  expect(await run(['--pact', '/nonexistent/pact.json'])).toMatchObject({ code: 2, stderr: expect.stringContaining('--pact') });
  expect(await run(['--pact', new URL('../../package.json', import.meta.url).pathname])).toMatchObject({
    code: 2,
    stderr: expect.stringMatching(/--pact: .*not a pact file/),
  });
});

test('--json verifies the shipped pact against the embedded sandbox without vitest or the pact CLI installed: every interaction passed, one JUnit case each', async () => {
  const junit = junitIn();
  const r = await runCli(['contracts', '--json', '--junit', junit], { hide: ['vitest', '@pact-foundation/pact-cli'] });
  expect(r.code, r.stderr).toBe(0);
  const report = JSON.parse(r.stdout) as ContractsReport;
  expect(report.ok).toBe(true);
  expect(report.pact).toBe(PACT_FILE);
  expect(report.target.kind).toBe('embedded-sandbox');
  expect(report.counts).toEqual({ passed: SHIPPED.length, failed: 0, skipped: 0 });
  expect(report.interactions.map((i) => i.description).sort()).toEqual([...SHIPPED].sort());
  expect(report.broker.map((s) => s.status)).toEqual(['skipped', 'skipped', 'skipped']);
  // The verifier's own report, per interaction, went to stderr as progress.
  expect(r.stderr).toContain('Verifying a pact between lsq-harness and leadsquared-async-api');
  const xml = readFileSync(junit, 'utf8');
  expect(xml.match(/<testcase /g)).toHaveLength(SHIPPED.length);
  expect(xml).not.toMatch(/<failure|<error/);
});

// The next two run the command in this worker (cli-in-process.ts), not a new Node process loading the
// CLI (~0.45 s of CPU each): they are about what it verifies and prints. The verifier still runs in its
// child process, as the command starts it; the test above keeps the command's real process.
test('a drifted sandbox at --provider-url exits 1 and names the broken interaction and what differed, on stdout and in JUnit', async () => {
  const sandbox = await startSandbox({ settings: { drift: ['message-object'] } });
  sandboxes.push(sandbox);
  const junit = junitIn();
  const r = await runCliInProcess(['contracts', '--provider-url', sandbox.url, '--junit', junit], { NO_COLOR: '1' });
  expect(r.code, r.stderr).toBe(1);
  expect(r.stdout).toMatch(/✗ a status request for a successful update.*\n\s+\$\.TaskStatus\.Message: /);
  expect(r.stdout).toMatch(/✓ a status request for a queued update/);
  expect(r.stdout).toMatch(/contracts: 1 of \d+ interactions broke the contract/);
  // No colour codes in a pipe.
  expect(r.stdout).not.toContain('\u001b[');
  const xml = readFileSync(junit, 'utf8');
  expect(xml.match(/<failure/g)).toHaveLength(1);
  expect(xml).toMatch(/name="a status request for a successful update"[^>]*>\s*<failure message="\$\.TaskStatus\.Message/);
});

test('against a real host only the interactions that need no state and write nothing are verified; the rest are reported skipped', async () => {
  const keys = { accessKey: 'contracts-cmd-access-7101', secretKey: 'contracts-cmd-secret-7202', apiKey: 'contracts-cmd-api-7303' };
  const host = await startSandbox({ settings: { credentials: keys } });
  sandboxes.push(host);
  const env = {
    NO_COLOR: '1',
    LSQ_ASYNC_HOST: host.url,
    LSQ_ACCESS_KEY: keys.accessKey,
    LSQ_SECRET_KEY: keys.secretKey,
    LSQ_API_KEY: keys.apiKey,
    LSQ_PACT_LOG_LEVEL: 'debug',
  };
  const r = await runCliInProcess(['contracts', '--json'], env);
  expect(r.code, r.stderr).toBe(0);
  const report = JSON.parse(r.stdout) as ContractsReport;
  expect(report.target.kind).toBe('real-host');
  expect(
    report.interactions
      .filter((i) => i.result === 'passed')
      .map((i) => i.description)
      .sort(),
  ).toEqual(['a status request for an unknown RequestID', 'an update with a wrong accessKey and secretKey']);
  expect(report.counts.skipped).toBe(SHIPPED.length - 2);
  expect(report.interactions.find((i) => i.result === 'skipped')?.problems[0]).toMatch(/--allow-writes/);
  expect(host.tasks.size).toBe(0);
  for (const key of Object.values(keys)) expect(r.stdout + r.stderr).not.toContain(key);
});
