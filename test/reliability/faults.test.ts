// The fault campaign, in-process part: each provider fault the sandbox can inject, plus a refused
// connection. For each: two canaries while the fault is on end in the right outcome, the monitor keeps
// going, the next canary after it clears succeeds, and every canary is accounted for in the results,
// the ledger file, the metrics and the sandbox's ground truth. (Killing and restarting processes, and
// clock jumps, are in their own files.)
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import type { CanaryRecord } from '../../src/monitor/record.ts';
import type { Sandbox } from '../../src/sandbox/index.ts';
import { clearFaults, fault, freePort, monitorFor, sandbox } from '../support/monitor.ts';
import { expectAccounted } from './support/accounting.ts';

// Each case has its own sandbox and monitor, so they run concurrently; the budget is raised so that
// neither the client's own limiter nor the sandbox's delays or refuses a canary (limits are measured
// in bench/, not here).
const BUDGET = 500;
const running = new Set<Sandbox>();
afterAll(async () => {
  for (const s of running) await s.stop();
});
async function start(patch: Parameters<typeof sandbox>[0]): Promise<Sandbox> {
  const s = await sandbox(patch);
  running.add(s);
  return s;
}

const ledgerFile = () => join(mkdtempSync(join(tmpdir(), 'lsq-fault-ledger-')), 'ledger.json');

// The one table of provider faults and the outcome each ends a canary in (test/monitor has none of its own).
// [fault, the outcome a canary must end in while it is on, the sandbox's fault rule]
const FAULTS: Array<[string, string, Record<string, unknown>]> = [
  ['a 5xx storm', 'http_error', { kind: 'http-5xx', endpoint: 'any', status: 503 }],
  ['a gateway HTML 502 storm', 'http_error', { kind: 'html-5xx', endpoint: 'update' }],
  ['a gateway HTML 401', 'http_error', { kind: 'html-401', endpoint: 'update' }],
  ['a 429 storm', 'rate_limited', { kind: 'rate-limit-storm', endpoint: 'any' }],
  ['a hang past the timeout on update', 'http_error', { kind: 'hang', endpoint: 'update' }],
  ['a hang past the timeout on every status call', 'timeout', { kind: 'hang', endpoint: 'status' }],
  ['connection resets', 'http_error', { kind: 'reset', endpoint: 'update' }],
  ['malformed JSON', 'contract_violation', { kind: 'malformed', endpoint: 'status' }],
  ['a wrong content-type', 'contract_violation', { kind: 'wrong-content-type', endpoint: 'status' }],
  ['an empty body', 'contract_violation', { kind: 'empty', endpoint: 'status' }],
  ['a huge body', 'contract_violation', { kind: 'huge', endpoint: 'status', bytes: 6 * 1024 * 1024 }],
  ['a task stuck In-Queue', 'timeout', { kind: 'stuck', endpoint: 'update' }],
];

test.concurrent.each(FAULTS)('%s: canaries end as %s, the monitor goes on, every canary is accounted for', async (_name, outcome, rule) => {
  const sb = await start({ latency: { kind: 'fixed', ms: 100 }, rateLimit: { limit: 0 } });
  const ledgerPath = ledgerFile();
  // No re-check: this table is about how each fault is classified, one canary per cycle (the re-check
  // of a transport failure is tested in test/monitor/slo-signals.test.ts).
  const { monitor } = monitorFor(sb, { ledgerPath, budget: BUDGET, recheck: false });
  await fault(sb, rule);
  const results: CanaryRecord[] = [];
  for (let i = 0; i < 2; i++) results.push((await monitor.cycle())!);
  await clearFaults(sb);
  results.push((await monitor.cycle())!);
  expect(await expectAccounted({ monitor, results, ledgerPath, sandboxUrl: sb.url })).toEqual([outcome, outcome, 'success']);
  for (const r of results.slice(0, 2)) expect(r.reason).not.toBe('');
});

test.concurrent('connection refused: nothing listens on the port; canaries end as http_error, then succeed once it listens', async () => {
  const port = await freePort();
  const ledgerPath = ledgerFile();
  const { monitor } = monitorFor(`http://127.0.0.1:${port}`, { ledgerPath, budget: BUDGET, recheck: false });
  const results: CanaryRecord[] = [];
  for (let i = 0; i < 2; i++) results.push((await monitor.cycle())!);
  expect(results.map((r) => r.reason).join(' ')).toMatch(/ECONNREFUSED|fetch failed|connect/i);
  const sb = await start({ port, latency: { kind: 'fixed', ms: 100 }, rateLimit: { limit: 0 } });
  results.push((await monitor.cycle())!);
  expect(await expectAccounted({ monitor, results, ledgerPath, sandboxUrl: sb.url })).toEqual(['http_error', 'http_error', 'success']);
});
