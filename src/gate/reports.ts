// The gate's two reports: junit.xml (one test suite per stage) for CI, summary.md for the reviewer.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import junit, { type Builder } from 'junit-report-builder';
import { redact } from '../client/redact.ts';
import { describeNeed } from './budget-plan.ts';
import type { StageResult } from './stage.ts';
import type { RateLimitSettings } from '../timing/rate-limiter.ts';

// The package is CommonJS whose module.exports *is* the builder; its typings describe an ES default.
const builder = junit as unknown as Builder;

export function writeJunit(out: string, results: StageResult[]): string {
  const report = builder.newBuilder();
  for (const r of results) {
    const suite = report
      .testSuite()
      .name(`gate.${r.name}`)
      .time(r.durationMs / 1000);
    for (const [k, v] of Object.entries(r.figures)) suite.property(k, String(v));
    const cases = r.cases?.length
      ? r.cases
      : [
          {
            name: r.title,
            ...(r.verdict === 'failed' ? { failure: r.reason ?? 'failed' } : {}),
            ...(r.verdict === 'skipped' ? { skipped: r.reason ?? 'skipped' } : {}),
          },
        ];
    for (const c of cases) {
      const tc = suite.testCase().className(`gate.${r.name}`).name(c.name);
      if (c.failure) tc.failure(redact(c.failure));
      if (c.skipped) tc.skipped().standardOutput(redact(c.skipped));
    }
  }
  const path = join(out, 'junit.xml');
  writeFileSync(path, redact(report.build()));
  return path;
}

const MARK = { passed: '✅ passed', failed: '❌ failed', skipped: '⏭️ skipped' } as const;

export function summaryMarkdown(
  results: StageResult[],
  meta: { target: string; profile: string; strict: boolean; verdict: string; rateLimit: RateLimitSettings },
): string {
  const lines = [
    `## lsq-harness gate: ${meta.verdict}`,
    '',
    `Target: ${meta.target} · profile: ${meta.profile}${meta.strict ? ' · strict (a skip fails the gate)' : ''}`,
    '',
    '| stage | verdict | duration | key figures | notes |',
    '|---|---|---|---|---|',
  ];
  for (const r of results) {
    const figures =
      Object.entries(r.figures)
        .map(([k, v]) => `${k}: **${v}**`)
        .join('<br>') || '—';
    lines.push(`| ${r.title} | ${MARK[r.verdict]} | ${(r.durationMs / 1000).toFixed(1)} s | ${figures} | ${cell(r.reason ?? '')} |`);
  }
  const { limit, windowMs, kind } = meta.rateLimit;
  lines.push(
    '',
    `### Budget plan (${limit ? `${limit} per ${windowMs / 1000} s, ${kind}` : `windows of ${windowMs / 1000} s`}; one budget for every stage, never reset)`,
    '',
    '| # | stage | what it needs | waited before it | calls to the target |',
    '|---|---|---|---|---|',
    ...results.map((r, i) => `| ${i + 1} | ${r.name} | ${describeNeed(r.budget.need)} | ${(r.budget.waitedMs / 1000).toFixed(1)} s | ${r.budget.calls} |`),
  );
  lines.push('', 'Logs of every stage are beside this file (`<stage>.log`); `junit.xml` has one test suite per stage.');
  return `${redact(lines.join('\n'))}\n`;
}

export function writeSummary(out: string, markdown: string): string {
  const path = join(out, 'summary.md');
  writeFileSync(path, markdown);
  return path;
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ').slice(0, 300);
}
