// The release gate end to end: green on the default sandbox, red — naming the stage — for a drifted
// sandbox, a sandbox with the wrong limit and a failing canary. Every run has its own sandbox, so all
// of them go concurrently (vitest runs five at a time). The two drift tests read one gate run
// (contracts and canary against one drifted sandbox): each asserts its own stage. The green run is a
// process of its own (the command as a user runs it, exit code as the shell sees it); the red runs,
// what only decides (a bad setting's exit 2, --strict turning a skip into a failure) run main() in
// this worker (test/support/cli-in-process.ts, one at a time), not a Node process each loading the
// CLI (~0.6 s of CPU): their stages still run in child processes of their own, as in any gate. One
// bad-setting case stays a real process too.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { startSandbox, type Sandbox, type SandboxSettingsPatch } from '../../src/sandbox/index.ts';
import { cliEnv } from '../support/cli-env.ts';
import { runCliInProcess } from '../support/cli-in-process.ts';

const CLI = new URL('../../src/cli/main.ts', import.meta.url).pathname;
const sandboxes: Sandbox[] = [];
afterAll(async () => Promise.all(sandboxes.map((s) => s.stop())));

interface Run {
  code: number | null;
  stderr: string;
  out: string;
  summary: string;
  junit: string;
}

function gate(args: string[], env: Record<string, string> = {}): Promise<Run> {
  const out = mkdtempSync(join(tmpdir(), 'lsq-gate-'));
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [CLI, 'gate', '--out', out, ...args],
      { env: cliEnv({ SCARF_ANALYTICS: 'false', ...env }), encoding: 'utf8', timeout: 290_000 },
      (error, _stdout, stderr) => resolve(withReports(error ? ((error as { code?: number }).code ?? null) : 0, stderr, out)),
    );
  });
}

/** The same gate run as main() in this worker: for runs that only decide, and end on their own. */
async function gateInProcess(args: string[], env: Record<string, string> = {}): Promise<Run> {
  const out = mkdtempSync(join(tmpdir(), 'lsq-gate-'));
  const r = await runCliInProcess(['gate', '--out', out, ...args], { SCARF_ANALYTICS: 'false', ...env });
  return withReports(r.code, r.stderr, out);
}

function withReports(code: number | null, stderr: string, out: string): Run {
  const read = (f: string) => {
    try {
      return readFileSync(join(out, f), 'utf8');
    } catch {
      return '';
    }
  };
  return { code, stderr, out, summary: read('summary.md'), junit: read('junit.xml') };
}

async function sandboxWith(settings: SandboxSettingsPatch): Promise<string> {
  const sb = await startSandbox({ settings });
  sandboxes.push(sb);
  return sb.url;
}

const SANDBOX_CREDS = {
  LSQ_ACCESS_KEY: 'sandbox-access-key',
  LSQ_SECRET_KEY: 'sandbox-secret-key',
  LSQ_API_KEY: 'sandbox-api-key',
  LSQ_CANARY_OPPORTUNITY_ID: '6a22455b-213e-4450-a960-3deef72b5eec',
};

test.concurrent('green on the default sandbox: every stage held, reports written', async () => {
  const r = await gate([]);
  expect(r.code, r.stderr).toBe(0);
  expect(r.stderr).toMatch(/\[gate\] PASSED/);
  for (const stage of ['contracts', 'replay', 'load', 'canary']) expect(r.stderr).toMatch(new RegExp(`\\] ${stage}: PASSED`));
  expect(r.stderr).toMatch(/can-i-deploy: SKIPPED .*PACT_BROKER_BASE_URL/);
  expect(r.summary).toMatch(/^## lsq-harness gate: PASSED/);
  expect(r.summary).toMatch(/429s at the limit: \*\*0\*\*/);
  expect(r.summary).toMatch(/contract violations: \*\*0\*\*/);
  expect(r.summary).toMatch(/cassettes replayed: \*\*\d{2,}\*\*/);
  expect(r.summary).toMatch(/completion latency: \*\*\d+\.\d\ds\*\*/);
  expect(r.junit.match(/<testsuite /g)).toHaveLength(5);
  expect(r.junit).not.toMatch(/<failure/);
});

test.concurrent('a sandbox with the wrong limit fails the load stage, by name', async () => {
  const url = await sandboxWith({ rateLimit: { limit: 20 } });
  const r = await gateInProcess(['--host', url, '--stages', 'load'], SANDBOX_CREDS);
  expect(r.code).toBe(1);
  expect(r.stderr).toMatch(/\] load: FAILED .*thresholds broken/);
  expect(r.stderr).toMatch(/\[gate\] FAILED .* failed: load/);
  expect(r.summary).toMatch(/k6 at the 25-per-5-s limit \| ❌ failed/);
});

// One gate run against one drifted sandbox, read by the two tests below (started once, by the first).
let driftedRun: Promise<Run> | undefined;
const drifted = () =>
  (driftedRun ??= sandboxWith({ drift: ['message-object'] }).then((url) => gateInProcess(['--host', url, '--stages', 'contracts,canary'], SANDBOX_CREDS)));

/** The JUnit <testsuite> of one stage. */
const junitSuite = (junit: string, stage: string) => new RegExp(`<testsuite name="gate\\.${stage}"[\\s\\S]*?</testsuite>`).exec(junit)?.[0] ?? '';

test.concurrent('a drifted sandbox fails the contracts stage, by name', async () => {
  const r = await drifted();
  expect(r.code).toBe(1);
  expect(r.stderr).toMatch(/\] contracts: FAILED/);
  expect(r.summary).toMatch(/Pact provider verification \| ❌ failed/);
  expect(r.stderr).toMatch(/\] contracts: FAILED .*1 interaction\(s\) broke the contract: a status request for a successful update/);
  // One JUnit case per interaction: the broken one carries the failure.
  const contracts = junitSuite(r.junit, 'contracts');
  expect(contracts).toMatch(/name="a status request for a successful update">\s*<failure/);
  expect(contracts.match(/<failure/g)).toHaveLength(1);
});

test.concurrent('a drifted sandbox fails the canary too, as a contract violation', async () => {
  const r = await drifted();
  expect(r.code).toBe(1);
  expect(r.stderr).toMatch(/\] canary: FAILED .*contract_violation: status\.message\.object/);
});

test.concurrent('a failing canary fails the canary stage, by name', async () => {
  const r = await gateInProcess(['--stages', 'canary'], { LSQ_CANARY_OPPORTUNITY_ID: '00000000-0000-0000-0000-000000000001' });
  expect(r.code).toBe(1);
  expect(r.stderr).toMatch(/\] canary: FAILED .*failure/);
  expect(r.summary).toMatch(/outcome: \*\*failure\*\*/);
});

test.concurrent('--strict makes a skipped stage a failure', async () => {
  const relaxed = await gateInProcess(['--stages', 'can-i-deploy']);
  expect(relaxed.code).toBe(0);
  const strict = await gateInProcess(['--strict', '--stages', 'can-i-deploy']);
  expect(strict.code).toBe(1);
  expect(strict.stderr).toMatch(/can-i-deploy: FAILED .*--strict/);
});

test.concurrent.each([
  [['--stages', 'everything'], {}, '--stages', gate],
  [['--profile', 'huge'], {}, '--profile', gateInProcess],
  [[], { PACT_BROKER_BASE_URL: 'ftp://broker' }, 'PACT_BROKER_BASE_URL', gateInProcess],
  [
    ['--host', 'https://asyncapi.example'],
    { LSQ_ACCESS_KEY: 'a-key-value', LSQ_SECRET_KEY: 's-key-value', LSQ_API_KEY: 'x-key-value' },
    'LSQ_CANARY_OPPORTUNITY_ID',
    gateInProcess,
  ],
  [[], { LSQ_RATE_LIMIT: 'lots' }, 'LSQ_RATE_LIMIT', gateInProcess],
] as const)('gate %j (case %#) exits 2 naming the setting', async (args, env, setting, run) => {
  const r = await run([...args], { ...env });
  expect(r.code).toBe(2);
  expect(r.stderr).toContain(setting);
});
