// promtool: the /metrics page lints clean, the rules file and scrape config are valid, and the alert
// rules' unit tests (monitors/prometheus/alerts.test.yml) pass.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createCanaryMetrics } from '../../src/metrics/canary-metrics.ts';
import type { Sandbox } from '../../src/sandbox/index.ts';
import { configure, metricsOf, monitorFor, requireBinary, sandbox } from '../support/monitor.ts';

const promDir = fileURLToPath(new URL('../../monitors/prometheus/', import.meta.url));
let promtool: string;
let sb: Sandbox;

beforeAll(async () => {
  promtool = requireBinary('promtool');
  sb = await sandbox();
});
afterAll(async () => sb?.stop());

function runPromtool(args: string[], input?: string) {
  const r = spawnSync(promtool, args, { cwd: promDir, input, encoding: 'utf8', timeout: 30_000 });
  return { code: r.status, output: `${r.stdout}${r.stderr}` };
}

test('the whole /metrics page, process metrics included, passes promtool check metrics', async () => {
  const { monitor } = monitorFor(sb, { metrics: createCanaryMetrics() });
  await monitor.cycle();
  await configure(sb, { drift: ['message-object'] });
  await monitor.cycle(); // a violation, so labelled counters are exercised too
  await configure(sb, { drift: [] });
  const page = await metricsOf(monitor);
  expect(page).toContain('lsq_canary_runs_total{outcome="contract_violation"} 1');
  const r = runPromtool(['check', 'metrics'], page);
  expect(r.output).toBe('');
  expect(r.code).toBe(0);
});

test("prom-client's default metrics would fail the lint, which is why three are dropped", async () => {
  const { collectDefaultMetrics, Registry } = await import('prom-client');
  const raw = new Registry();
  collectDefaultMetrics({ register: raw });
  const r = runPromtool(['check', 'metrics'], await raw.metrics());
  expect(r.code).not.toBe(0);
  expect(r.output).toMatch(/nodejs_active_handles_total/);
});

test('the alert rules are valid and their unit tests pass', () => {
  const check = runPromtool(['check', 'rules', 'alerts.yml']);
  expect(check.code, check.output).toBe(0);
  const unit = runPromtool(['test', 'rules', 'alerts.test.yml']);
  expect(unit.output).toMatch(/SUCCESS/);
  expect(unit.code, unit.output).toBe(0);
});

test('the scrape config is valid', () => {
  const r = runPromtool(['check', 'config', 'prometheus.yml']);
  expect(r.code, r.output).toBe(0);
});
