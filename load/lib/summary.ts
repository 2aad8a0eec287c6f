// handleSummary for the load scripts: a JSON report (k6's summary data plus our per-check totals), a
// JUnit report (one test case per threshold) for CI, and a short text verdict on stdout. Nothing here
// carries a URL, so no credential can reach a report.
import { KEEP_ONLY, REPORTED } from './options.ts';

interface MetricData {
  type: string;
  values: Record<string, number>;
  thresholds?: Record<string, { ok: boolean }>;
}
export interface SummaryData {
  metrics: Record<string, MetricData>;
  state?: { testRunDurationMs?: number };
}

export interface ThresholdResult {
  metric: string;
  threshold: string;
  ok: boolean;
  value: string;
}

export function thresholdResults(data: SummaryData): ThresholdResult[] {
  const out: ThresholdResult[] = [];
  for (const [metric, m] of Object.entries(data.metrics).sort(([a], [b]) => a.localeCompare(b))) {
    for (const [threshold, r] of Object.entries(m.thresholds ?? {})) {
      if (threshold === KEEP_ONLY) continue;
      const value = Object.entries(m.values)
        .map(([k, v]) => `${k}=${Math.round(v * 1000) / 1000}`)
        .join(' ');
      out.push({ metric, threshold, ok: r.ok, value });
    }
  }
  return out;
}

/** Totals per check tag: { burst: { lsq_sent: 50, lsq_admitted: 25, lsq_refused: 25 }, … }. */
export function checkTotals(data: SummaryData): Record<string, Record<string, number>> {
  const totals: Record<string, Record<string, number>> = {};
  for (const [name, m] of Object.entries(data.metrics)) {
    const match = /^(lsq_\w+)\{lsq_check:(\w+)\}$/.exec(name);
    if (!match || !(REPORTED as readonly string[]).includes(match[1]!)) continue;
    const check = match[2]!;
    totals[check] ??= {};
    totals[check][match[1]!] = m.values.count ?? 0;
  }
  return totals;
}

const xml = (s: string): string => s.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);

export function junit(suite: string, results: ThresholdResult[], seconds: number): string {
  const failures = results.filter((r) => !r.ok).length;
  const cases = results.map((r) => {
    const name = xml(`${r.metric}: ${r.threshold}`);
    const body = r.ok ? '' : `<failure message="threshold crossed">${xml(`${r.metric} ${r.threshold} did not hold: ${r.value}`)}</failure>`;
    return `    <testcase classname="${xml(suite)}" name="${name}">${body}</testcase>`;
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites tests="${results.length}" failures="${failures}" time="${seconds}">`,
    `  <testsuite name="${xml(suite)}" tests="${results.length}" failures="${failures}" time="${seconds}">`,
    ...cases,
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}

export function verdictText(script: string, results: ThresholdResult[], extra: string[]): string {
  const failed = results.filter((r) => !r.ok);
  const lines = [
    '',
    `${script}: ${failed.length === 0 ? 'every threshold held' : `${failed.length} of ${results.length} thresholds crossed`}`,
    ...extra,
    ...results.map((r) => `  ${r.ok ? 'ok  ' : 'FAIL'} ${r.metric}: ${r.threshold}${r.ok ? '' : `  (${r.value})`}`),
    '',
  ];
  return lines.join('\n');
}

/** The files handleSummary writes: <dir>/<script>-summary.json, <dir>/<script>-junit.xml, and stdout. */
export function summaryFiles(script: string, dir: string, data: SummaryData, report: Record<string, unknown>, extraText: string[]): Record<string, string> {
  const results = thresholdResults(data);
  const seconds = Math.round((data.state?.testRunDurationMs ?? 0) / 10) / 100;
  const json = { script, ok: results.every((r) => r.ok), thresholds: results, ...report, k6: data };
  return {
    [`${dir}/${script}-summary.json`]: JSON.stringify(json, null, 2),
    [`${dir}/${script}-junit.xml`]: junit(`lsq-harness load: ${script}`, results, seconds),
    stdout: verdictText(script, results, extraText),
  };
}
