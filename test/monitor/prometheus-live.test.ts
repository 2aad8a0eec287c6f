// A real Prometheus scrapes the monitor running against the sandbox; every dashboard query and every
// alert expression must evaluate, and return series (alerts: every metric they reference has series).
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Monitor } from '../../src/monitor/monitor.ts';
import type { Sandbox } from '../../src/sandbox/index.ts';
import { createCanaryMetrics } from '../../src/metrics/canary-metrics.ts';
import { fault, monitorFor, sandbox } from '../support/monitor.ts';
import { query, startPrometheus, type Running } from './processes.ts';

const root = new URL('../../monitors/', import.meta.url);
const dashboard = JSON.parse(readFileSync(new URL('grafana/dashboard.json', root), 'utf8'));
const alertsYaml = readFileSync(new URL('prometheus/alerts.yml', root), 'utf8');
// The generated SLO rules too: the dashboard's SLO row reads what they record.
const sloRulesYaml = readFileSync(new URL('prometheus/slo-rules.yml', root), 'utf8');

let sb: Sandbox;
let monitor: Monitor;
let prom: Running;

/** The expressions of the rules file (the `expr: |` blocks), without a YAML parser dependency. */
function alertExpressions(yaml: string): Array<{ alert: string; expr: string }> {
  const out: Array<{ alert: string; expr: string }> = [];
  const re = /- alert: (\w+)\n\s+(?:#.*\n\s+)*expr: (?:\|\n((?:\s{10,}.*\n)+)|(.*)\n)/g;
  for (const m of yaml.matchAll(re)) out.push({ alert: m[1]!, expr: (m[2] ?? m[3]!).trim() });
  return out;
}

beforeAll(async () => {
  sb = await sandbox();
  ({ monitor } = monitorFor(sb, { metrics: createCanaryMetrics() }));
  const url = await monitor.listen('127.0.0.1', 0);
  const target = url.replace('http://', '');
  const config = `global: { scrape_interval: 1s, evaluation_interval: 1s }\nrule_files: [alerts.yml, slo-rules.yml]\nscrape_configs:\n  - job_name: lsq-canary\n    static_configs: [{ targets: ['${target}'] }]\n`;
  prom = await startPrometheus(config, { 'alerts.yml': alertsYaml, 'slo-rules.yml': sloRulesYaml });
  // Debian's Prometheus needs ~6 s for its first scrape. Cycles run meanwhile; one goes through a
  // 429 *after* scrapes have landed, so the counter's increase is visible to rate()/increase().
  const scrapes = async () => Number((await query(prom.url, 'count_over_time(up{job="lsq-canary"}[1m])').catch(() => []))[0]?.value[1] ?? 0);
  const until = Date.now() + 40_000;
  let refused = false;
  while (Date.now() < until) {
    await monitor.cycle();
    const n = await scrapes();
    if (n >= 2 && !refused) {
      await fault(sb, { kind: 'rate-limit-storm', count: 1, endpoint: 'update' });
      await monitor.cycle();
      refused = true;
    } else if (refused && n >= 5) break;
    await new Promise((res) => setTimeout(res, 300));
  }
}, 60_000);

afterAll(async () => {
  await monitor?.stop(0);
  await prom?.stop();
  await sb?.stop();
});

test('Prometheus scrapes the monitor', async () => {
  expect(await query(prom.url, 'up{job="lsq-canary"}')).toEqual([expect.objectContaining({ value: [expect.any(Number), '1'] })]);
});

const panelQueries: Array<[string, string]> = dashboard.panels.flatMap((p: { title: string; targets?: Array<{ expr: string }> }) =>
  (p.targets ?? []).map((t) => [p.title, t.expr]),
);

test.each(panelQueries)('dashboard panel "%s" query returns series: %s', async (_title, expr) => {
  const concrete = expr.replaceAll('$__rate_interval', '1m').replaceAll('$job', '.*').replaceAll('$instance', '.*');
  const result = await query(prom.url, concrete);
  expect(result.length).toBeGreaterThan(0);
  for (const r of result) expect(r.value[1]).not.toBe('NaN');
});

test.each(alertExpressions(alertsYaml).map((a) => [a.alert, a.expr]))('alert %s evaluates and every metric it reads has series', async (_alert, expr) => {
  await query(prom.url, expr); // throws on an evaluation error
  const metrics = new Set([...expr.matchAll(/\b(lsq_[a-z_]+|process_[a-z_]+|up)\b/g)].map((m) => m[1]!));
  expect(metrics.size).toBeGreaterThan(0);
  for (const name of metrics) expect(await query(prom.url, `count({__name__="${name}", job="lsq-canary"})`), name).not.toEqual([]);
});

test('the rules file parsed into every alert', () => {
  expect(alertExpressions(alertsYaml).map((a) => a.alert)).toEqual([
    'LsqCanaryFailing',
    'LsqCompletionLatencyOverSLO',
    'LsqCanaryStale',
    'LsqCanaryMonitorDown',
    'LsqContractDrift',
    'LsqRateLimited',
  ]);
});

test('Prometheus loaded every alert rule healthy, and the 429 alert condition holds', async () => {
  const rules = (await (await fetch(`${prom.url}/api/v1/rules`)).json()) as {
    data: { groups: Array<{ name: string; rules: Array<{ name: string; health: string }> }> };
  };
  const groups = rules.data.groups;
  for (const r of groups.flatMap((g) => g.rules)) expect(r.health, r.name).not.toBe('err'); // the SLO rules too
  const loaded = groups.filter((g) => !g.name.startsWith('lsq-slo-')).flatMap((g) => g.rules);
  expect(loaded.map((r: { name: string }) => r.name).sort()).toEqual(
    alertExpressions(alertsYaml)
      .map((a) => a.alert)
      .sort(),
  );
  for (const r of loaded) expect(r.health, r.name).not.toBe('err');
  const rateLimited = alertExpressions(alertsYaml).find((a) => a.alert === 'LsqRateLimited')!.expr;
  expect(await query(prom.url, rateLimited)).not.toEqual([]);
});
