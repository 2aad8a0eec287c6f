// The generated SLO rules (monitors/prometheus/slo-rules.yml): the committed file is what the generator
// writes from monitors/slo.yml; promtool finds it clean; and promtool's rule unit tests show every
// alert, page and ticket, firing on a fast burn and on a slow one, silent just under its threshold, on
// a short blip, in a maintenance window and for re-checked transient failures. The expected alerts come
// from a small model of the rules written here (error ratios over the windows, the burn tiers), not
// from the generator, so a wrong factor, window or query in the generated file fails these tests.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, expect, test } from 'vitest';
import { parse, stringify } from 'yaml';
import { SLO_FILE, SLO_RULES_FILE, renderSloRules } from '../../src/slo/render.ts';
import { readSloFile, type Slo } from '../../src/slo/spec.ts';
import { BURN_TIERS, burnFactor, parseWindow } from '../../src/slo/windows.ts';
import { parseYamlLite } from '../../src/slo/yaml-lite.ts';
import { runCliInProcess } from '../support/cli-in-process.ts';
import { requireBinary } from '../support/monitor.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const sloText = readFileSync(join(ROOT, SLO_FILE), 'utf8');
const file = readSloFile(sloText);
const scratch = mkdtempSync(join(tmpdir(), 'lsq-slo-rules-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function promtool(args: string[]) {
  const r = spawnSync(requireBinary('promtool'), args, { cwd: scratch, encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, output: `${r.stdout}${r.stderr}` };
}

test('the committed slo-rules.yml is exactly what `slo generate` writes from slo.yml', () => {
  expect(readFileSync(join(ROOT, SLO_RULES_FILE), 'utf8')).toBe(renderSloRules(sloText));
});

test('the SLO file reads the same with the subset reader as with a full YAML parser', () => {
  expect(parseYamlLite(sloText)).toEqual(parse(sloText));
});

test('the subset reader refuses what it does not understand, naming the line', () => {
  expect(() => parseYamlLite('a: 1\nb: &anchor 2\n')).toThrow(/line 2/);
  expect(() => parseYamlLite('a: {b: 1}\n')).toThrow(/line 1/);
  expect(() => readSloFile(sloText.replace('objective: 99\n', 'objective: 100\n'))).toThrow(/slos\.0\.objective/);
  expect(() => readSloFile(sloText.replace('lsq_canary_leaked_total[{{window}}]', 'lsq_canary_leaked_total[5m]'))).toThrow(/\{\{window\}\}/);
});

test('promtool check rules finds the generated rules clean, also when scaled down', () => {
  writeFileSync(join(scratch, 'scaled.yml'), renderSloRules(sloText, { timeScale: 60 }));
  copyFileSync(join(ROOT, SLO_RULES_FILE), join(scratch, 'slo-rules.yml'));
  for (const f of ['slo-rules.yml', 'scaled.yml']) {
    const r = promtool(['check', 'rules', f]);
    expect(r.code, r.output).toBe(0);
    expect(r.output).not.toMatch(/warning|lint/i);
  }
});

test('time-scale divides every window and keeps the recorded names', () => {
  const scaled = renderSloRules(sloText, { timeScale: 60 });
  expect(scaled).toContain('record: "lsq_slo:sli_error:ratio_rate1h"');
  expect(scaled).toContain('[1m]))');
  expect(scaled).toContain('[11h12m]))'); // 28 d / 60
  expect(scaled).not.toContain('[1h]))');
});

// ---- a model of the rules: per-minute good and bad events, error ratios over windows, burn tiers ----

/** Phases of a scenario: [minutes, good events per minute, bad events per minute]. */
type Phase = [number, number, number];

const windowMin = (w: string) => parseWindow(w)! / 60_000;
const sloWindowMs = parseWindow(file.window)!;
const budgetOf = (slo: Slo) => Number((1 - slo.objective / 100).toFixed(6));

function perMinute(phases: Phase[]): Array<{ good: number; bad: number }> {
  return phases.flatMap(([n, good, bad]) => Array.from({ length: n }, () => ({ good, bad })));
}

/** Error ratio over (t - w, t] in minutes (NaN with no events), as increase()/increase() computes it. */
function ratio(minutes: Array<{ good: number; bad: number }>, t: number, w: number): number {
  let bad = 0;
  let total = 0;
  for (let m = Math.max(0, t - w); m < t; m++) {
    bad += minutes[m]!.bad;
    total += minutes[m]!.good + minutes[m]!.bad;
  }
  return bad / total;
}

interface Expected {
  severity: 'page' | 'ticket';
  value: number;
}

/** Which alerts of an SLO the rules should show at minute t, and their $value (the long window's burn). */
function model(slo: Slo, minutes: Array<{ good: number; bad: number }>, t: number): Expected[] {
  const b = budgetOf(slo);
  const out: Expected[] = [];
  for (const severity of ['page', 'ticket'] as const) {
    for (const tier of BURN_TIERS.filter((x) => x.severity === severity)) {
      const f = burnFactor(tier, sloWindowMs);
      const long = ratio(minutes, t, windowMin(tier.long)) / b;
      const short = ratio(minutes, t, windowMin(tier.short)) / b;
      if (long > f && short > f) {
        out.push({ severity, value: long });
        break; // `or` keeps the first tier's series
      }
    }
  }
  return out;
}

/** Go's %.4g, as the humanize template functions print. */
function g4(v: number): string {
  if (v === 0) return '0';
  const [mantissa, exp] = v.toExponential(3).split('e') as [string, string];
  const e = Number(exp);
  if (e < -4 || e >= 4) return `${mantissa.replace(/\.?0+$/, '')}e${e < 0 ? '-' : '+'}${String(Math.abs(e)).padStart(2, '0')}`;
  return String(Number(v.toPrecision(4)));
}
const humanize = (v: number) => (Math.abs(v) >= 1 || v === 0 ? g4(v) : `${g4(v * 1000)}m`);

/** The input series that make these good and bad events for an SLO, as its queries read them. */
function seriesFor(slo: Slo, minutes: Array<{ good: number; bad: number }>, transient = 0, instance = 'm'): Array<{ series: string; values: string }> {
  const counter = (per: (m: { good: number; bad: number }) => number) => {
    let v = 0;
    return [
      '0',
      ...minutes.map((m) => {
        v += per(m);
        return String(v);
      }),
    ].join(' ');
  };
  const L = `job="lsq-canary",instance="${instance}"`;
  const steady = (n: number) => `0+${n}x${minutes.length}`;
  switch (slo.name) {
    case 'availability':
      return [
        { series: `lsq_canary_runs_total{${L},outcome="success"}`, values: counter((m) => m.good + transient) },
        { series: `lsq_canary_runs_total{${L},outcome="http_error"}`, values: counter((m) => m.bad + transient) },
        { series: `lsq_canary_runs_total{${L},outcome="rate_limited"}`, values: steady(3) }, // not counted
        { series: `lsq_canary_rechecks_total{${L},result="transient"}`, values: steady(transient) },
      ];
    case 'completion-latency':
      return [
        { series: `lsq_canary_completion_seconds_count{${L},outcome="success"}`, values: counter((m) => m.good + m.bad) },
        { series: `lsq_canary_completion_seconds_bucket{${L},outcome="success",le="30"}`, values: counter((m) => m.good) },
        { series: `lsq_canary_completion_seconds_count{${L},outcome="failure"}`, values: steady(3) }, // not counted
      ];
    case 'leakage':
      return [
        { series: `lsq_canary_accepted_total{${L}}`, values: counter((m) => m.good + m.bad) },
        { series: `lsq_canary_leaked_total{${L}}`, values: counter((m) => m.bad) },
      ];
    case 'contract-conformance':
      return [
        { series: `lsq_canary_runs_total{${L},outcome="success"}`, values: counter((m) => m.good) },
        { series: `lsq_canary_runs_total{${L},outcome="contract_violation"}`, values: counter((m) => m.bad) },
      ];
    default:
      throw new Error(`no series for the SLO ${slo.name}: add it to this test`);
  }
}

interface Scenario {
  name: string;
  /** The scenario's own `instance` label: every scenario is one monitor of a shared promtool test group. */
  instance: string;
  phases: (b: number) => Phase[];
  /** Minutes to evaluate at; default: around the first minute the model pages. */
  at?: number[];
  maintenance?: boolean;
  transient?: number;
  /** What the scenario is for, checked against the model before promtool runs. */
  intent: (seen: Expected[][]) => boolean;
}

const slowPage = (b: number): Phase[] => [[120, 1000 - 8000 * b, 8000 * b]]; // burn 8: over the 6 h tier only
const scenarios: Scenario[] = [
  {
    name: 'a fast burn pages (and tickets)',
    instance: 'fast',
    phases: () => [
      [60, 10, 0],
      [60, 0, 10],
    ],
    intent: (s) => s.some((a) => a.some((x) => x.severity === 'page')),
  },
  {
    name: 'a slow burn pages through the 6 h tier',
    instance: 'slow',
    phases: slowPage,
    at: [40, 90],
    intent: (s) => s.every((a) => a.some((x) => x.severity === 'page' && Math.abs(x.value - 8) < 1e-6)),
  },
  {
    name: 'a slower burn raises a ticket, not a page',
    instance: 'slower',
    phases: (b) => [[120, 1000 - 2000 * b, 2000 * b]],
    at: [60, 110],
    intent: (s) => s.every((a) => a.length === 1 && a[0]!.severity === 'ticket'),
  },
  {
    name: 'just under the page threshold: a ticket only',
    instance: 'under-page',
    phases: (b) => [[120, 1000 - 5400 * b, 5400 * b]],
    at: [60, 110],
    intent: (s) => s.every((a) => a.length === 1 && a[0]!.severity === 'ticket'),
  },
  {
    name: 'just under the ticket threshold: nothing',
    instance: 'under-ticket',
    phases: (b) => [[120, 1000 - 900 * b, 900 * b]],
    at: [60, 110],
    intent: (s) => s.every((a) => a.length === 0),
  },
  {
    // The hour before the blip runs at the usual rate, so the 5 m window burns at 20x (over the page
    // factor) while the 1 h window stays at 1.7x; the busy start puts as many events into the 6 h and 3 d
    // windows as six quiet hours would, so the blip raises no ticket either. Checked while the blip is in
    // the 5 m window (111, 112, 115) and once it has left it but not the 30 m one (119).
    name: 'a short blip after hours of healthy traffic pages nobody',
    instance: 'blip',
    phases: () => [
      [50, 72, 0],
      [60, 10, 0],
      [1, 0, 10],
      [9, 10, 0],
    ],
    at: [111, 112, 115, 119],
    intent: (s) => s.every((a) => a.length === 0),
  },
  {
    name: 'a maintenance window silences a fast burn',
    instance: 'maintenance',
    phases: () => [
      [60, 10, 0],
      [60, 0, 10],
    ],
    at: [100, 119],
    maintenance: true,
    intent: () => true,
  },
];

function evalTimes(slo: Slo, sc: Scenario, minutes: Array<{ good: number; bad: number }>): number[] {
  if (sc.at) return sc.at;
  const first = minutes.findIndex((_, t) => t > 0 && model(slo, minutes, t).some((x) => x.severity === 'page'));
  return [first - 1, first, first + 5];
}

/**
 * The committed rules of one SLO alone (its group of slo-rules.yml), in a file of their own. promtool
 * evaluates every loaded rule at every step, and each SLO's group stands alone (no rule reads another
 * SLO's series): loading one group makes each run a quarter of the work with the same rules under test.
 */
function rulesOf(slo: Slo): string {
  const rules = parse(readFileSync(join(ROOT, SLO_RULES_FILE), 'utf8')) as { groups: Array<{ name: string }> };
  const groups = rules.groups.filter((g) => g.name === `lsq-slo-${slo.name}`);
  if (groups.length !== 1) throw new Error(`slo-rules.yml has ${groups.length} groups named lsq-slo-${slo.name}`);
  const name = `slo-rules-${slo.name}.yml`;
  writeFileSync(join(scratch, name), stringify({ groups }));
  return name;
}

/**
 * One promtool test group for all the scenarios of an SLO, each scenario a monitor of its own (its own
 * `instance`: the rules aggregate by job and instance, and the maintenance silence is per instance too).
 * promtool evaluates every rule at every minute from 0 to the last eval_time of a group, and that per-step
 * work, not the number of series, is what a run costs: one group of 120 minutes instead of a group per
 * scenario (990 minutes) is the same rules on the same inputs. Every scenario is checked at every
 * scenario's eval times (its own and the others'), against the model; each scenario's data spans them all.
 */
function promtoolTests(slo: Slo, ruleFile: string): { yaml: string; cases: number } {
  const runs = scenarios.map((sc) => {
    const minutes = perMinute(sc.phases(budgetOf(slo)));
    const own = evalTimes(slo, sc, minutes);
    const seen = own.map((t) => (sc.maintenance ? [] : model(slo, minutes, t)));
    const withoutMaintenance = own.map((t) => model(slo, minutes, t));
    if (!sc.intent(sc.maintenance ? withoutMaintenance : seen))
      throw new Error(`${slo.name}: the scenario "${sc.name}" does not do what it says: ${JSON.stringify(seen)}`);
    if (sc.maintenance && !withoutMaintenance.some((a) => a.length)) throw new Error(`${slo.name}: maintenance scenario has nothing to silence`);
    return { sc, minutes, own };
  });
  const times = [...new Set(runs.flatMap((r) => r.own))].sort((a, b) => a - b);
  const series: Array<{ series: string; values: string }> = [];
  for (const { sc, minutes } of runs) {
    // A scenario whose data ended before an eval time would go stale there and show different alerts.
    if (minutes.length < times.at(-1)!) throw new Error(`${slo.name}: the scenario "${sc.name}" ends before minute ${times.at(-1)}`);
    series.push(...seriesFor(slo, minutes, sc.transient ?? 0, sc.instance));
    if (sc.maintenance) series.push({ series: `lsq_maintenance{job="lsq-canary",instance="${sc.instance}"}`, values: `1x${minutes.length}` });
  }
  const test = {
    name: `${slo.name}: ${runs.map((r) => `${r.sc.instance} = ${r.sc.name}`).join('; ')}`,
    interval: '1m',
    input_series: series,
    alert_rule_test: times.map((t) => ({
      eval_time: `${t}m`,
      alertname: slo.alert,
      exp_alerts: runs.flatMap(({ sc, minutes }) =>
        (sc.maintenance ? [] : model(slo, minutes, t)).map((x) => ({
          exp_labels: { severity: x.severity, slo: slo.name, job: 'lsq-canary', instance: sc.instance },
          exp_annotations: annotations(slo, x, sc.instance, remainingAt(slo, minutes, t)),
        })),
      ),
    })),
  };
  return { yaml: JSON.stringify({ rule_files: [ruleFile], evaluation_interval: '1m', tests: [test] }, null, 1), cases: times.length * runs.length };
}

function remainingAt(slo: Slo, minutes: Array<{ good: number; bad: number }>, t: number): number {
  return 1 - ratio(minutes, t, sloWindowMs / 60_000) / budgetOf(slo);
}

function annotations(slo: Slo, x: Expected, instance: string, remaining: number): Record<string, string> {
  const how = BURN_TIERS.filter((t) => t.severity === x.severity)
    .map((t) => `${burnFactor(t, sloWindowMs)}x over ${t.long} and ${t.short}`)
    .join(', or ');
  return {
    summary: `The ${slo.name} SLO of ${instance} is burning its error budget ${x.severity === 'page' ? 'fast' : 'steadily'}`,
    description: `SLO: ${slo.description}, ${slo.objective}% over ${file.window}. The error budget is burning at ${humanize(x.value)}x (this ${x.severity} fires above ${how}). Budget remaining over ${file.window}: ${g4(remaining * 100)}%.`,
    runbook_url: `${file.runbook_base}${slo.alert}.md`,
  };
}

test.each(file.slos.map((s) => [s.alert, s]))(
  'promtool: %s pages on a fast and a slow burn, tickets on a slower one, and stays silent under its thresholds, on a blip and in maintenance',
  (_alert, slo) => {
    const { yaml, cases } = promtoolTests(slo as Slo, rulesOf(slo as Slo));
    const testFile = `${(slo as Slo).name}.test.yml`;
    writeFileSync(join(scratch, testFile), yaml);
    const r = promtool(['test', 'rules', testFile]);
    expect(r.output).toMatch(/SUCCESS/);
    expect(r.code, r.output.slice(0, 4000)).toBe(0);
    expect(cases).toBeGreaterThanOrEqual(scenarios.length * 2);
  },
  120_000,
);

test('availability: failures a re-check found transient burn nothing', () => {
  const slo = file.slos.find((s) => s.name === 'availability')!;
  const minutes = perMinute([[120, 10, 0]]);
  const tests = [
    {
      name: 'transient failures',
      interval: '1m',
      input_series: seriesFor(slo, minutes, 10), // as many transient failures (and their healthy re-checks) as good canaries
      alert_rule_test: [{ eval_time: '60m', alertname: slo.alert, exp_alerts: [] }],
      promql_expr_test: [
        {
          expr: 'lsq_slo:sli_error:ratio_rate1h{slo="availability"}',
          eval_time: '60m',
          exp_samples: [{ labels: 'lsq_slo:sli_error:ratio_rate1h{instance="m",job="lsq-canary",slo="availability"}', value: 0 }],
        },
      ],
    },
  ];
  writeFileSync(join(scratch, 'transient.test.yml'), JSON.stringify({ rule_files: [rulesOf(slo)], evaluation_interval: '1m', tests }));
  const r = promtool(['test', 'rules', 'transient.test.yml']);
  expect(r.code, r.output.slice(0, 3000)).toBe(0);
});

test('every generated alert links a runbook that exists and says how to confirm it with the CLI', () => {
  const rules = readFileSync(join(ROOT, SLO_RULES_FILE), 'utf8');
  const links = [...rules.matchAll(/runbook_url: ".*\/docs\/runbooks\/(\w+)\.md"/g)].map((m) => m[1]!);
  expect(new Set(links)).toEqual(new Set(file.slos.map((s) => s.alert)));
  for (const alert of new Set(links)) {
    const runbook = readFileSync(join(ROOT, 'docs/runbooks', `${alert}.md`), 'utf8');
    for (const must of ['## What it means', '## Confirm with the harness', '## What to do', 'status <RequestID> --json', 'load --characterise', '/__sandbox/'])
      expect(runbook, `${alert}: ${must}`).toContain(must);
  }
});

// The exit code a shell sees is checked on a real process (the first run); the stale, broken and written
// cases run main() in this worker (test/support/cli-in-process.ts): they are about what the command
// decides and writes, and each ends on its own.
test('`slo generate --check` exits 0 on the committed file, 1 on a stale one, 2 on a broken SLO file', async () => {
  const real = spawnSync(process.execPath, [join(ROOT, 'bin/lsq-harness.js'), 'slo', 'generate', '--check'], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
  expect(real.status, real.stderr).toBe(0);
  expect(process.cwd()).toBe(ROOT.replace(/\/$/, '')); // main() reads the default files from the working folder, as the real process does
  const cli = (...args: string[]) => runCliInProcess(['slo', 'generate', ...args]);
  writeFileSync(join(scratch, 'stale.yml'), readFileSync(join(ROOT, SLO_RULES_FILE), 'utf8').replace('13.44', '14.4'));
  const stale = await cli('--check', '--out', join(scratch, 'stale.yml'));
  expect(stale.code).toBe(1);
  expect(stale.stderr).toMatch(/stale/);
  writeFileSync(join(scratch, 'broken-slo.yml'), sloText.replace('objective: 99\n', 'objective: 120\n'));
  const broken = await cli('--check', '--slo-file', join(scratch, 'broken-slo.yml'));
  expect(broken.code).toBe(2);
  expect(broken.stderr).toMatch(/--slo-file.*objective/);
  const written = await cli('--out', join(scratch, 'written.yml'), '--time-scale', '60');
  expect(written.code, written.stderr).toBe(0);
  expect(readFileSync(join(scratch, 'written.yml'), 'utf8')).toBe(renderSloRules(sloText, { timeScale: 60 }));
});
