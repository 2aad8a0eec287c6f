import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, test } from 'vitest';
import { Ledger } from '../../src/monitor/ledger.ts';
import type { StatusResponse } from '../../src/contract/schemas.ts';
import type { Sandbox } from '../../src/sandbox/index.ts';
import type { GroundTruth } from '../unit/helpers.ts';
import { CANARY, configure, fault, metricsOf, monitorFor, sample, sandbox, sumBy } from '../support/monitor.ts';

let sb: Sandbox | null = null;
afterEach(async () => {
  await sb?.stop();
  sb = null;
});

test('a cycle submits to the canary opportunity, polls to Success and records it', async () => {
  sb = await sandbox();
  const { monitor } = monitorFor(sb);
  const r = (await monitor.cycle())!;
  expect(r).toMatchObject({ outcome: 'success', violations: [] });
  // The sandbox's fixed 200 ms lies in the record's bracket. Not `completionMs >= 200`: that held while
  // the completion was the time to the first final status; it is the bracket's middle now, below 200
  // whenever the poll sent at 200 ms arrives after the task finished (bracket ~100-220 ms).
  expect(r.completionLowMs!).toBeLessThanOrEqual(200);
  expect(r.completionHighMs!).toBeGreaterThanOrEqual(200);
  const truth = (await (await fetch(`${sb.url}/__sandbox/requests/${r.requestId}`)).json()) as GroundTruth;
  expect(truth.opportunityId).toBe(CANARY);
  const metrics = await metricsOf(monitor);
  expect(sample(metrics, 'lsq_canary_runs_total', { outcome: 'success' })).toBe(1);
  expect(sample(metrics, 'lsq_canary_completion_seconds_count', { outcome: 'success' })).toBe(1);
  expect(sample(metrics, 'lsq_canary_last_success_timestamp_seconds')).toBeGreaterThan(1e9);
  expect(sample(metrics, 'lsq_canary_http_requests_total', { endpoint: 'update', code: '200' })).toBe(1);
});

test('the marker field carries the cycle timestamp', async () => {
  sb = await sandbox();
  const r = (await monitorFor(sb).monitor.cycle())!;
  const status = (await (
    await fetch(`${sb.url}/opportunity/update/status?RequestID=${r.requestId}`, { headers: { 'x-api-key': 'monitor-test-apikey' } })
  ).json()) as StatusResponse;
  const body = JSON.parse(status.TaskStatus.RequestBody as string);
  expect(body.Fields[0].SchemaName).toBe('mx_Custom_1');
  expect(Date.parse(body.Fields[0].Value)).toBeGreaterThan(Date.now() - 60_000);
});

test('the record lists every HTTP call of the canary, and the metrics count exactly those calls', async () => {
  sb = await sandbox();
  const { monitor, records } = monitorFor(sb);
  await fault(sb, { kind: 'http-5xx', endpoint: 'status', count: 1 });
  const r = (await monitor.cycle())!;
  expect(records).toEqual([r]); // the stream carries the same record the cycle returned
  const truth = (await (await fetch(`${sb.url}/__sandbox/requests/${r.requestId}`)).json()) as GroundTruth;
  expect(r.calls.map((c) => c.endpoint)).toEqual(['update', ...Array(r.polls).fill('status')]);
  expect(r.calls.map((c) => c.code)).toEqual([200, 500, ...Array(r.polls - 1).fill(200)]);
  expect(r.polls).toBe(truth.statusCalls + 1); // the 5xx never reached the task
  const metrics = await metricsOf(monitor);
  expect(sumBy(metrics, 'lsq_canary_http_requests_total', 'code').by).toMatchObject({ '200': r.calls.length - 1, '500': 1 });
  expect(sample(metrics, 'lsq_canary_status_call_duration_seconds_count', { code: '200' })).toBe(r.polls - 1);
  expect(sample(metrics, 'lsq_canary_submit_duration_seconds_count', { code: '200' })).toBe(1);
});

test('an opportunity that does not exist ends as failure', async () => {
  sb = await sandbox();
  const { monitor } = monitorFor(sb, { env: { LSQ_CANARY_OPPORTUNITY_ID: '00000000-0000-0000-0000-000000000001' } });
  expect((await monitor.cycle())!.outcome).toBe('failure');
});

// The faults and the outcome each ends in are one table, driven by test/reliability/faults.test.ts.

test('a 5xx on status calls is waited out and still ends in success', async () => {
  sb = await sandbox();
  // A deadline that waiting out two 5xx answers fits on a busy machine too: with the test default of
  // 1.5 s, a CPU-bound test run once ended this canary as a timeout before the third status call. What
  // is checked is the outcome (success, not http_error), not how fast.
  const { monitor } = monitorFor(sb, { deadlineMs: 15_000 });
  await fault(sb, { kind: 'http-5xx', endpoint: 'status', count: 2 });
  expect((await monitor.cycle())!.outcome).toBe('success');
});

test('drift is a contract violation counted by rule, even when the update succeeded', async () => {
  sb = await sandbox();
  const { monitor } = monitorFor(sb);
  await configure(sb, { drift: ['message-object'] });
  const r = (await monitor.cycle())!;
  expect(r.outcome).toBe('contract_violation');
  expect(r.violations.map((v) => v.rule)).toContain('status.message.object');
  const metrics = await metricsOf(monitor);
  expect(sample(metrics, 'lsq_contract_violations_total', { rule: 'status.message.object' })).toBeGreaterThanOrEqual(1);
});

test('a sandbox killed and restarted: refused while down, success after', async () => {
  sb = await sandbox();
  const port = sb.port;
  const { monitor } = monitorFor(sb);
  await sb.stop();
  expect((await monitor.cycle())!.outcome).toBe('http_error');
  sb = await sandbox({ port });
  expect((await monitor.cycle())!.outcome).toBe('success');
});

test('a restart resumes unsettled canaries from the ledger and settles them', async () => {
  sb = await sandbox({ latency: { kind: 'fixed', ms: 1500 } });
  const ledgerPath = join(mkdtempSync(join(tmpdir(), 'lsq-ledger-')), 'ledger.json');
  const first = monitorFor(sb, { ledgerPath, deadlineMs: 10_000 });
  const running = first.monitor.cycle();
  await new Promise((r) => setTimeout(r, 300)); // submitted, not yet finished
  await first.monitor.stop(0); // aborts the poll: the canary stays in the ledger
  expect(await running).toBeNull();
  const onDisk = JSON.parse(readFileSync(ledgerPath, 'utf8'));
  expect(onDisk.unsettled).toHaveLength(1);
  expect(onDisk.unsettled[0]).toMatchObject({ phase: 'submitted', opportunityId: CANARY });

  const second = monitorFor(sb, { ledgerPath, deadlineMs: 10_000 });
  const resumed = await second.monitor.resumeUnsettled();
  expect(resumed).toHaveLength(1);
  expect(resumed[0]).toMatchObject({ outcome: 'success', resumed: true, requestId: onDisk.unsettled[0].requestId });
  expect(new Ledger(ledgerPath).unsettled()).toEqual([]);
  expect(new Ledger(ledgerPath).recent().at(-1)).toMatchObject({ outcome: 'success' });
});

test('a canary caught mid-submit is expired with a reason, not lost', async () => {
  sb = await sandbox();
  const ledgerPath = join(mkdtempSync(join(tmpdir(), 'lsq-ledger-')), 'ledger.json');
  new Ledger(ledgerPath).open({ canaryId: 'c1', opportunityId: CANARY, marker: 'm', startedAt: Date.now() });
  const [r] = await monitorFor(sb, { ledgerPath }).monitor.resumeUnsettled();
  expect(r).toMatchObject({ outcome: 'timeout', resumed: true, reason: expect.stringMatching(/stopped while submitting/) });
  expect(new Ledger(ledgerPath).unsettled()).toEqual([]);
});

test('the monitor keeps to its own budget: no more calls per window than allowed', async () => {
  sb = await sandbox({ latency: { kind: 'fixed', ms: 2500 } });
  const { monitor } = monitorFor(sb, { budget: 3 });
  const started = Date.now();
  await Promise.all([monitor.cycle(), monitor.cycle()]);
  const truths = (await (await fetch(`${sb.url}/__sandbox/requests`)).json()) as GroundTruth[];
  const calls = truths.reduce((n, t) => n + t.statusCalls + 1, 0);
  const windows = Math.ceil((Date.now() - started) / 5000);
  expect(calls).toBeLessThanOrEqual(3 * windows);
});

test('the record brackets the completion: the true time lies within completion ± uncertainty', async () => {
  sb = await sandbox();
  const { monitor } = monitorFor(sb);
  for (let i = 0; i < 3; i++) {
    const r = (await monitor.cycle())!;
    expect(r.outcome).toBe('success');
    const truth = (await (await fetch(`${sb.url}/__sandbox/requests/${r.requestId}`)).json()) as { completionMs: number };
    expect(r.completionLowMs!).toBeLessThanOrEqual(truth.completionMs);
    expect(r.completionHighMs!).toBeGreaterThanOrEqual(truth.completionMs);
    expect(r.completionMs).toBeCloseTo((r.completionLowMs! + r.completionHighMs!) / 2);
    expect(r.completionUncertaintyMs).toBeCloseTo((r.completionHighMs! - r.completionLowMs!) / 2);
  }
});
