// The gate against a correct provider that looks exactly like a real host (the sandbox behind a proxy
// that hides /__sandbox): no reset, no provider states, one budget for every stage. A right provider
// gives a green gate, a wrong one a red gate naming the stage. The load command's refusal to exhaust a
// real host's budget without the opt-in is here too: it must come before a single call.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { STAND_IN_CREDENTIALS, startRealHostStandIn, type StandIn } from './support/real-host-stand-in.ts';
import { cliEnv } from '../support/cli-env.ts';
import { runCliInProcess } from '../support/cli-in-process.ts';

const CLI = new URL('../../src/cli/main.ts', import.meta.url).pathname;
const standIns: StandIn[] = [];
afterAll(async () => Promise.all(standIns.map((s) => s.stop())));

const REAL_HOST_ENV = { ...STAND_IN_CREDENTIALS, LSQ_CANARY_OPPORTUNITY_ID: '6a22455b-213e-4450-a960-3deef72b5eec' };
const OPT_INS = ['--allow-budget-exhaustion', '--allow-writes'];

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  summary: string;
}

function cli(args: string[], env: Record<string, string>, out?: string): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [CLI, ...args],
      { env: cliEnv({ SCARF_ANALYTICS: 'false', ...env }), encoding: 'utf8', timeout: 290_000 },
      (error, stdout, stderr) => {
        let summary = '';
        try {
          if (out) summary = readFileSync(join(out, 'summary.md'), 'utf8');
        } catch {
          /* no summary written */
        }
        resolve({ code: error ? ((error as { code?: number }).code ?? null) : 0, stdout, stderr, summary });
      },
    );
  });
}

/** A gate against a new stand-in: a process of its own, or main() in this worker (cli-in-process.ts) for a run that only has to decide. */
async function gateAgainst(
  settings: Parameters<typeof startRealHostStandIn>[0],
  extra: string[] = OPT_INS,
  where: 'process' | 'in-process' = 'process',
): Promise<Run & { standIn: StandIn }> {
  const standIn = await startRealHostStandIn(settings);
  standIns.push(standIn);
  const out = mkdtempSync(join(tmpdir(), 'lsq-gate-real-'));
  const args = ['gate', '--host', standIn.url, '--out', out, ...extra];
  if (where === 'in-process') {
    const r = await runCliInProcess(args, { SCARF_ANALYTICS: 'false', ...REAL_HOST_ENV });
    return { ...r, summary: '', standIn };
  }
  const r = await cli(args, REAL_HOST_ENV, out);
  return { ...r, standIn };
}

const failedStages = (stderr: string) => /\[gate\] FAILED .* — failed: (.*);/.exec(stderr)?.[1]?.split(', ') ?? [];

test.concurrent('a correct provider behind a real-host face gives a green gate, with the budget planned and never reset', async () => {
  const r = await gateAgainst({});
  expect(r.code, r.stderr).toBe(0);
  for (const stage of ['contracts', 'replay', 'load', 'canary']) expect(r.stderr).toMatch(new RegExp(`\\] ${stage}: PASSED`));
  // The plan: load first (the whole budget), then what spends nothing, then the canary and verification.
  expect(r.stderr).toMatch(/1\. load: needs the whole budget/);
  expect(r.stderr.indexOf('] load: PASSED')).toBeLessThan(r.stderr.indexOf('] canary: PASSED'));
  expect(r.summary).toMatch(/### Budget plan \(25 per 5 s, sliding; one budget for every stage, never reset\)/);
  expect(r.summary).toMatch(/\| load \| needs the whole budget.* \| \d+\.\d s \| \d{3,} \|/);
  // Nothing but the probe ever asked for the admin API: no reset reached the provider.
  expect(r.standIn.calls.filter((c) => c.path.startsWith('/__sandbox') && c.path !== '/__sandbox/health')).toEqual([]);
});

test.concurrent('the same provider with a limit of 20 per 5 s gives a red gate naming the load stage', async () => {
  // Every stage that calls the provider (its canary and verification pass at a limit of 20); not the
  // replay, which never calls it (~1.4 s of CPU that says nothing of the provider; the green run has it).
  const r = await gateAgainst({ rateLimit: { limit: 20 } }, [...OPT_INS, '--stages', 'contracts,load,canary']);
  expect(r.code).toBe(1);
  expect(failedStages(r.stderr)).toEqual(['load']);
  expect(r.stderr).toMatch(/\] load: FAILED .*thresholds broken/);
});

test.concurrent('the same provider with Message drifted to an object gives a red gate naming contracts and the canary', async () => {
  // The two stages this test names, no more: the load stage (k6 at the limit, ~20 s) and the replay (which
  // never calls the target) add ~2.5 s of CPU and nothing it asserts; the green run above has them all.
  const r = await gateAgainst({ drift: ['message-object'] }, [...OPT_INS, '--stages', 'contracts,canary']);
  expect(r.code).toBe(1);
  const failed = failedStages(r.stderr);
  expect(failed).toContain('contracts');
  expect(failed).toContain('canary');
  expect(r.stderr).toMatch(/\] canary: FAILED .*contract_violation/);
});

test.concurrent('without the opt-ins the load stage is skipped and verification reduced, each with its reason; --strict fails both', async () => {
  const relaxed = await gateAgainst({}, ['--stages', 'load,contracts']);
  expect(relaxed.code, relaxed.stderr).toBe(0);
  expect(relaxed.stderr).toMatch(/\] load: SKIPPED .*--allow-budget-exhaustion/);
  expect(relaxed.stderr).toMatch(/\] contracts: PASSED .*--allow-writes/);
  // Nothing was written: the load run was skipped, and verification sent only an update with wrong keys.
  expect(relaxed.standIn.calls.filter((c) => c.method === 'POST' && c.status === 200)).toEqual([]);
  expect(relaxed.standIn.sandbox.tasks.size).toBe(0);
  // The same run with --strict only turns the two verdicts: decided in this worker, not a new process.
  const strict = await gateAgainst({}, ['--stages', 'load,contracts', '--strict'], 'in-process');
  expect(strict.code).toBe(1);
  expect(failedStages(strict.stderr).sort()).toEqual(['contracts', 'load']);
});

test.concurrent('load against a real host without --allow-budget-exhaustion exits 2 naming it, before a single call', async () => {
  const standIn = await startRealHostStandIn({});
  standIns.push(standIn);
  // The two runs against the stand-in only decide (probe, refuse): main() in this worker
  // (cli-in-process.ts), not a Node process each; the remote one below stays a real process.
  for (const extra of [[], ['--characterise']]) {
    const r = await runCliInProcess(['load', '--host', standIn.url, '--out', mkdtempSync(join(tmpdir(), 'lsq-load-')), ...extra], {
      SCARF_ANALYTICS: 'false',
      ...REAL_HOST_ENV,
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--allow-budget-exhaustion');
  }
  // The only calls were the probes of whether it is a sandbox (loopback only): none spent its budget.
  expect(standIn.calls.filter((c) => !c.path.startsWith('/__sandbox'))).toEqual([]);
  const remote = await cli(['load', '--host', 'https://asyncapi.example.invalid'], REAL_HOST_ENV);
  expect(remote.code).toBe(2);
  expect(remote.stderr).toContain('--allow-budget-exhaustion');
});
