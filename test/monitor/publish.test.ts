// The publisher turns one canary record into everything that reports it: the lsq_* metrics, the console
// line and the ledger's settled entry. Fed hand-made records (no canary runs, no HTTP), each check
// reads the metrics back from the registry, the line and the ledger, and compares them with the record.
import { expect, test } from 'vitest';
import { createCanaryMetrics } from '../../src/metrics/canary-metrics.ts';
import { Ledger } from '../../src/monitor/ledger.ts';
import { CanaryPublisher, canaryLine } from '../../src/monitor/publish.ts';
import { CanaryRecordSchema, readCanaryRecords, type CanaryRecord } from '../../src/monitor/record.ts';
import { sample, sumBy } from '../support/monitor.ts';

const T0 = Date.UTC(2026, 0, 1, 12);
const REQUEST = '97da2849-d73e-4438-a907-d090402c802d';

function record(over: Partial<CanaryRecord> = {}): CanaryRecord {
  return {
    canaryId: `c-${Math.random().toString(36).slice(2)}`,
    target: 'http://127.0.0.1:35399',
    requestId: REQUEST,
    outcome: 'success',
    reason: 'Success',
    startedAt: T0,
    settledAt: T0 + 2500,
    submitMs: 34,
    completionMs: 2020,
    polls: 3,
    violations: [],
    calls: [
      { endpoint: 'update', code: 200, latencyMs: 34 },
      { endpoint: 'status', code: 200, latencyMs: 12 },
      { endpoint: 'status', code: 200, latencyMs: 15 },
      { endpoint: 'status', code: 200, latencyMs: 20 },
    ],
    budgetSpent: 4,
    resumed: false,
    ...over,
  };
}

/** A publisher on a fresh registry and in-memory ledger; `publish` opens the record's ledger entry first, as the canary does. */
function publisher() {
  const metrics = createCanaryMetrics({ processMetrics: false });
  const ledger = new Ledger(null);
  const lines: string[] = [];
  const p = new CanaryPublisher({ metrics, ledger, log: (l) => lines.push(l) });
  const publish = (r: CanaryRecord) => {
    ledger.open({ canaryId: r.canaryId, opportunityId: 'o', target: r.target, marker: 'm', startedAt: r.startedAt });
    p.publish(r);
  };
  return { publisher: p, publish, metrics, ledger, lines, page: () => metrics.registry.metrics() };
}

/** The line, the ledger entry and the run counter all say what the record says. */
async function expectSameStory(s: ReturnType<typeof publisher>, r: CanaryRecord): Promise<void> {
  expect(s.lines.at(-1)).toBe(canaryLine(r));
  expect(s.ledger.unsettled().find((e) => e.canaryId === r.canaryId)).toBeUndefined();
  expect(s.ledger.recent().find((e) => e.canaryId === r.canaryId)).toMatchObject({
    outcome: r.outcome,
    reason: r.reason,
    settledAt: r.settledAt,
    startedAt: r.startedAt,
  });
  expect(sample(await s.page(), 'lsq_canary_runs_total', { outcome: r.outcome })).toBeGreaterThanOrEqual(1);
}

test('a success: the exact console line, every metric it moves, and its ledger entry', async () => {
  const s = publisher();
  const r = record();
  s.publish(r);
  expect(s.lines).toEqual([`canary success            submit=34ms    completion=2.02s    polls=3   request=${REQUEST}`]);
  const page = await s.page();
  expect(sample(page, 'lsq_canary_runs_total', { outcome: 'success' })).toBe(1);
  expect(sumBy(page, 'lsq_canary_runs_total', 'outcome').total).toBe(1);
  expect(sample(page, 'lsq_canary_http_requests_total', { endpoint: 'update', code: '200' })).toBe(1);
  expect(sample(page, 'lsq_canary_http_requests_total', { endpoint: 'status', code: '200' })).toBe(3);
  expect(sample(page, 'lsq_canary_submit_duration_seconds_count', { code: '200' })).toBe(1);
  expect(sample(page, 'lsq_canary_submit_duration_seconds_sum', { code: '200' })).toBeCloseTo(0.034);
  expect(sample(page, 'lsq_canary_status_call_duration_seconds_count', { code: '200' })).toBe(3);
  expect(sample(page, 'lsq_canary_status_call_duration_seconds_sum', { code: '200' })).toBeCloseTo(0.047);
  expect(sample(page, 'lsq_canary_status_polls_count')).toBe(1);
  expect(sample(page, 'lsq_canary_status_polls_sum')).toBe(3);
  expect(sample(page, 'lsq_canary_completion_seconds_count', { outcome: 'success' })).toBe(1);
  expect(sample(page, 'lsq_canary_completion_seconds_sum', { outcome: 'success' })).toBeCloseTo(2.02);
  expect(sample(page, 'lsq_canary_completion_seconds_bucket', { outcome: 'success', le: '3' })).toBe(1);
  expect(sample(page, 'lsq_canary_completion_seconds_bucket', { outcome: 'success', le: '2' })).toBe(0);
  expect(sample(page, 'lsq_canary_last_run_timestamp_seconds')).toBe(r.settledAt / 1000);
  expect(sample(page, 'lsq_canary_last_success_timestamp_seconds')).toBe(r.settledAt / 1000);
  expect(sumBy(page, 'lsq_contract_violations_total', 'rule').total).toBe(0);
  await expectSameStory(s, r);
});

test('a failure: counted by outcome with its completion, the reason on the line, no success timestamp', async () => {
  const s = publisher();
  const r = record({
    outcome: 'failure',
    reason: 'FAILURE',
    completionMs: 800,
    polls: 1,
    calls: [
      { endpoint: 'update', code: 200, latencyMs: 30 },
      { endpoint: 'status', code: 200, latencyMs: 10 },
    ],
  });
  s.publish(r);
  expect(s.lines).toEqual([`canary failure            submit=34ms    completion=0.80s    polls=1   request=${REQUEST} reason: FAILURE`]);
  const page = await s.page();
  expect(sample(page, 'lsq_canary_runs_total', { outcome: 'failure' })).toBe(1);
  expect(sample(page, 'lsq_canary_runs_total', { outcome: 'success' })).toBe(0);
  expect(sample(page, 'lsq_canary_completion_seconds_count', { outcome: 'failure' })).toBe(1);
  expect(sample(page, 'lsq_canary_last_run_timestamp_seconds')).toBe(r.settledAt / 1000);
  expect(sample(page, 'lsq_canary_last_success_timestamp_seconds')).toBe(0);
  await expectSameStory(s, r);
});

test('a contract violation: each violation counted by its rule, the rules on the line', async () => {
  const s = publisher();
  const violations = [
    { rule: 'status.message.object', path: '$.TaskStatus.Message', detail: 'an object' },
    { rule: 'content-type.not-json', path: '$', detail: 'Content-Type is "text/plain"' },
  ] as const;
  const reason = 'status.message.object at $.TaskStatus.Message; content-type.not-json at $';
  const r = record({
    outcome: 'contract_violation',
    reason,
    violations: [...violations],
    completionMs: 1260,
    polls: 2,
    calls: [
      { endpoint: 'update', code: 200, latencyMs: 3 },
      { endpoint: 'status', code: 200, latencyMs: 9 },
      { endpoint: 'status', code: 200, latencyMs: 9 },
    ],
  });
  s.publish(r);
  expect(s.lines).toEqual([`canary contract_violation submit=34ms    completion=1.26s    polls=2   request=${REQUEST} reason: ${reason}`]);
  const page = await s.page();
  expect(sample(page, 'lsq_contract_violations_total', { rule: 'status.message.object' })).toBe(1);
  expect(sample(page, 'lsq_contract_violations_total', { rule: 'content-type.not-json' })).toBe(1);
  expect(sumBy(page, 'lsq_contract_violations_total', 'rule').total).toBe(2);
  expect(sample(page, 'lsq_canary_completion_seconds_count', { outcome: 'contract_violation' })).toBe(1);
  await expectSameStory(s, r);
});

test('a resumed canary: marked on the line, no submit latency, only its status calls counted', async () => {
  const s = publisher();
  const r = record({
    resumed: true,
    submitMs: null,
    completionMs: 61_500,
    polls: 2,
    calls: [
      { endpoint: 'status', code: 200, latencyMs: 11 },
      { endpoint: 'status', code: 200, latencyMs: 13 },
    ],
  });
  s.publish(r);
  expect(s.lines).toEqual([`canary success            submit=-       completion=61.50s   polls=2   request=${REQUEST} (resumed)`]);
  const page = await s.page();
  expect(sample(page, 'lsq_canary_submit_duration_seconds_count', { code: '200' })).toBeUndefined();
  expect(sample(page, 'lsq_canary_http_requests_total', { endpoint: 'update', code: '200' })).toBe(0);
  expect(sample(page, 'lsq_canary_http_requests_total', { endpoint: 'status', code: '200' })).toBe(2);
  expect(sample(page, 'lsq_canary_completion_seconds_bucket', { outcome: 'success', le: '60' })).toBe(0);
  expect(sample(page, 'lsq_canary_completion_seconds_bucket', { outcome: 'success', le: '150' })).toBe(1);
  await expectSameStory(s, r);
});

test('a canary whose submit got no answer: code "none", no request, no polls, no completion', async () => {
  const s = publisher();
  const reason = 'update call got no answer within 1000 ms (http://127.0.0.1:35399/opportunity/update?accessKey=***&secretKey=***)';
  const r = record({
    outcome: 'http_error',
    reason,
    requestId: null,
    submitMs: null,
    completionMs: null,
    polls: 0,
    calls: [{ endpoint: 'update', code: null, latencyMs: 1000 }],
  });
  s.publish(r);
  expect(s.lines).toEqual([`canary http_error         submit=-       completion=-        polls=0   request=- reason: ${reason}`]);
  const page = await s.page();
  expect(sample(page, 'lsq_canary_http_requests_total', { endpoint: 'update', code: 'none' })).toBe(1);
  expect(sample(page, 'lsq_canary_submit_duration_seconds_count', { code: 'none' })).toBe(1);
  expect(sample(page, 'lsq_canary_submit_duration_seconds_sum', { code: 'none' })).toBe(1);
  expect(sample(page, 'lsq_canary_status_polls_count')).toBe(0);
  expect(sumBy(page, 'lsq_canary_completion_seconds_count', 'outcome').total).toBe(0);
  await expectSameStory(s, r);
});

test('five canaries in a row: the counters add up, and the timestamps are those of the last run and the last success', async () => {
  const s = publisher();
  const records = [
    record({ settledAt: T0 + 1000 }),
    record({ outcome: 'failure', reason: 'FAILURE', settledAt: T0 + 2000 }),
    record({ resumed: true, submitMs: null, settledAt: T0 + 3000 }),
    record({ outcome: 'timeout', reason: 'no final status before the deadline', completionMs: null, settledAt: T0 + 4000 }),
    record({
      outcome: 'http_error',
      reason: 'HTTP 503',
      requestId: null,
      submitMs: null,
      completionMs: null,
      polls: 0,
      calls: [{ endpoint: 'update', code: 503, latencyMs: 5 }],
      settledAt: T0 + 5000,
    }),
  ];
  for (const r of records) s.publish(r);
  const page = await s.page();
  expect(sumBy(page, 'lsq_canary_runs_total', 'outcome').by).toMatchObject({ success: 2, failure: 1, timeout: 1, http_error: 1 });
  expect(sumBy(page, 'lsq_canary_http_requests_total', 'code').total).toBe(records.reduce((n, r) => n + r.calls.length, 0));
  expect(sample(page, 'lsq_canary_status_polls_count')).toBe(4);
  expect(sample(page, 'lsq_canary_last_run_timestamp_seconds')).toBe((T0 + 5000) / 1000);
  expect(sample(page, 'lsq_canary_last_success_timestamp_seconds')).toBe((T0 + 3000) / 1000);
  expect(s.lines.map((l) => l.split(/\s+/)[1])).toEqual(records.map((r) => r.outcome));
  expect(s.ledger.recent().map((e) => e.outcome)).toEqual(records.map((r) => r.outcome));
});

test('subscribers get the very record published, after the metrics, the ledger and the line; a failing one does not stop the others', async () => {
  const s = publisher();
  const heard: CanaryRecord[] = [];
  s.publisher.subscribe(() => {
    throw new Error('EPIPE');
  });
  const stop = s.publisher.subscribe((r) => {
    expect(s.ledger.recent().at(-1)?.canaryId).toBe(r.canaryId); // already settled when heard
    heard.push(r);
  });
  const r = record();
  s.publish(r);
  expect(heard).toEqual([r]);
  expect(s.lines).toContain('a result subscriber failed: EPIPE');
  stop();
  s.publish(record());
  expect(heard).toHaveLength(1);
});

test('a record is plain JSON: JSON lines of records read back equal, other lines skipped, the schema refuses a wrong shape', () => {
  const a = record({ outcome: 'contract_violation', violations: [{ rule: 'status.message.object', path: '$.TaskStatus.Message', detail: 'x' }] });
  const b = record({ resumed: true, submitMs: null });
  const text = `target: somewhere\n${JSON.stringify(a)}\n${JSON.stringify(b)}\nnot a record\n{"half":\n`;
  expect(readCanaryRecords(text)).toEqual([a, b]);
  expect(CanaryRecordSchema.safeParse({ ...a, outcome: 'fine' }).success).toBe(false);
  expect(CanaryRecordSchema.safeParse({ ...a, calls: [{ endpoint: 'update', code: '200', latencyMs: 3 }] }).success).toBe(false);
});

test('a bracketed completion: the line shows it ± its uncertainty, and the uncertainty is exported', async () => {
  const s = publisher();
  const r = record({ completionMs: 2020, completionLowMs: 1820, completionHighMs: 2220, completionUncertaintyMs: 200 });
  s.publish(r);
  expect(s.lines).toEqual([`canary success            submit=34ms    completion=2.02s±0.20s    polls=3   request=${REQUEST}`]);
  const page = await s.page();
  expect(sample(page, 'lsq_canary_completion_uncertainty_seconds_count', { outcome: 'success' })).toBe(1);
  expect(sample(page, 'lsq_canary_completion_uncertainty_seconds_sum', { outcome: 'success' })).toBeCloseTo(0.2);
  expect(sample(page, 'lsq_canary_completion_uncertainty_seconds_bucket', { outcome: 'success', le: '0.1' })).toBe(0);
  expect(sample(page, 'lsq_canary_completion_uncertainty_seconds_bucket', { outcome: 'success', le: '0.25' })).toBe(1);
  expect(CanaryRecordSchema.parse(JSON.parse(JSON.stringify(r)))).toEqual(r);
});
