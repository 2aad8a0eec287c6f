// The fault campaign, process part: real `lsq-harness sandbox` and `lsq-harness monitor` processes,
// killed with SIGKILL (no chance to clean up) and started again.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import type { CanaryRecord } from '../../src/monitor/record.ts';
import { monitorFor, sample, sumBy } from '../support/monitor.ts';
import { expectAccounted } from './support/accounting.ts';
import { startCli, startSandboxProcess, type CliProcess } from './support/cli-process.ts';
import { RELIABILITY_CREDENTIALS } from './secret-values.ts';

const CANARY = '6a22455b-213e-4450-a960-3deef72b5eec';
const ENV = {
  LSQ_ACCESS_KEY: RELIABILITY_CREDENTIALS.accessKey,
  LSQ_SECRET_KEY: RELIABILITY_CREDENTIALS.secretKey,
  LSQ_API_KEY: RELIABILITY_CREDENTIALS.apiKey,
  LSQ_CANARY_OPPORTUNITY_ID: CANARY,
};
const started: CliProcess[] = [];
afterAll(async () => {
  for (const p of started) await p.kill('SIGKILL');
});

const ledgerFile = () => join(mkdtempSync(join(tmpdir(), 'lsq-proc-ledger-')), 'ledger.json');
const patch = (url: string, body: unknown) =>
  fetch(`${url}/__sandbox/settings`, { method: 'PATCH', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

test('the sandbox process killed and restarted: the canary in flight and those while it is down end as http_error, then success', async () => {
  let sb = await startSandboxProcess(ENV);
  started.push(sb.proc);
  await patch(sb.url, { latency: { kind: 'fixed', ms: 1500 }, rateLimit: { limit: 0 } });
  const ledgerPath = ledgerFile();
  // The in-process monitor, with the reliability credentials the sandbox process accepts.
  const keys = {
    LSQ_ACCESS_KEY: RELIABILITY_CREDENTIALS.accessKey,
    LSQ_SECRET_KEY: RELIABILITY_CREDENTIALS.secretKey,
    LSQ_API_KEY: RELIABILITY_CREDENTIALS.apiKey,
  };
  // No re-check: one canary per cycle, so each cycle's record is the one the accounting counts.
  const { monitor } = monitorFor(sb.url, { ledgerPath, deadlineMs: 8000, budget: 500, env: keys, recheck: false });
  const results: CanaryRecord[] = [(await monitor.cycle())!];

  const inFlight = monitor.cycle();
  await new Promise((r) => setTimeout(r, 300)); // submitted, polling
  expect(await sb.proc.kill('SIGKILL')).toBe(-1);
  results.push((await monitor.cycle())!); // nothing listens now
  sb = await startSandboxProcess(ENV, sb.port);
  started.push(sb.proc);
  await patch(sb.url, { latency: { kind: 'fixed', ms: 200 }, rateLimit: { limit: 0 } });
  results.splice(1, 0, (await inFlight)!); // its RequestID died with the old process
  results.push((await monitor.cycle())!);

  expect(await expectAccounted({ monitor, results, ledgerPath, sandboxUrl: sb.url })).toEqual(['success', 'http_error', 'http_error', 'success']);
  expect(results[1]!.reason).toMatch(/RequestID|MXInvalidRequestIdException|fetch failed|ECONNREFUSED/);
  expect(results[2]!.reason).toMatch(/fetch failed|ECONNREFUSED|connect/i);
});

test('the monitor process SIGKILLed mid-canary and restarted with its ledger resumes the canary and settles it', async () => {
  const sb = await startSandboxProcess(ENV);
  started.push(sb.proc);
  await patch(sb.url, { latency: { kind: 'fixed', ms: 2500 } });
  const ledgerPath = ledgerFile();
  const args = ['monitor', '--host', sb.url, '--ledger', ledgerPath, '--listen', '127.0.0.1:0', '--interval', '1h', '--deadline', '30s'];

  const first = startCli(args, ENV);
  started.push(first);
  await first.waitFor(/^schedule:/m);
  const until = Date.now() + 10_000;
  let onDisk: { unsettled: Array<{ phase: string; requestId: string | null }> } = { unsettled: [] };
  while (Date.now() < until) {
    try {
      onDisk = JSON.parse(readFileSync(ledgerPath, 'utf8'));
      if (onDisk.unsettled[0]?.phase === 'submitted') break;
    } catch {
      /* not written yet */
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  expect(await first.kill('SIGKILL')).toBe(-1);
  expect(first.output()).not.toMatch(/^canary /m); // killed before the canary settled
  const killedRequest = onDisk.unsettled[0]!.requestId!;
  expect(JSON.parse(readFileSync(ledgerPath, 'utf8')).unsettled).toHaveLength(1); // the atomic write left a whole file

  const second = startCli(args, ENV);
  started.push(second);
  const metricsUrl = (await second.waitFor(/^metrics: (\S+)/m))[1]!;
  await second.waitFor(/^canary success.*\(resumed\)$/m);
  await second.waitFor(/^canary success(?!.*resumed).*$/m); // and its own first cycle
  const exposition = await (await fetch(metricsUrl)).text();
  expect(sumBy(exposition, 'lsq_canary_runs_total', 'outcome').by).toMatchObject({ success: 2, timeout: 0, http_error: 0 });
  expect(sample(exposition, 'lsq_canary_ledger_unsettled')).toBe(0);
  expect(await second.kill('SIGTERM')).toBe(0);

  const ledger = JSON.parse(readFileSync(ledgerPath, 'utf8'));
  expect(ledger.unsettled).toEqual([]);
  expect(ledger.recent.find((e: { requestId: string }) => e.requestId === killedRequest)).toMatchObject({ outcome: 'success' });
  const tasks = (await (await fetch(`${sb.url}/__sandbox/requests`)).json()) as Array<{ requestId: string; completedAt: number | null }>;
  expect(tasks).toHaveLength(2);
  for (const t of tasks) expect(ledger.recent.map((e: { requestId: string }) => e.requestId)).toContain(t.requestId);
});
