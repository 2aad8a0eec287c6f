// Latency at a fixed arrival rate: k6's constant-arrival-rate executor (open loop, bench/k6/constant-rate.js)
// against one request, for a bounded duration. Returns p50/p99 and how many requests failed or were dropped.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { HttpRequestSpec } from './wrk.ts';

const ROOT = new URL('../..', import.meta.url).pathname;
export const K6 = process.env.K6_BIN ?? join(ROOT, '.tools/k6-v1.8.1/k6');

export interface RateResult {
  requests: number;
  p50Ms: number;
  p99Ms: number;
  failed: number;
  dropped: number;
}

export function k6AtRate(r: HttpRequestSpec, o: { rate: number; duration: string }): RateResult {
  const dir = mkdtempSync(join(tmpdir(), 'lsq-bench-k6-'));
  try {
    const summary = join(dir, 'summary.json');
    const run = spawnSync(K6, ['run', '--quiet', '--no-usage-report', join(ROOT, 'bench/k6/constant-rate.js')], {
      encoding: 'utf8',
      timeout: 5 * 60_000,
      env: {
        ...process.env,
        K6_NO_USAGE_REPORT: 'true',
        URL: r.url,
        METHOD: r.method,
        BODY: r.body ?? '',
        HEADERS: JSON.stringify(r.headers),
        RATE: String(o.rate),
        DURATION: o.duration,
        SUMMARY_FILE: summary,
      },
    });
    if (run.status !== 0) throw new Error(`k6 failed (${run.status}): ${run.stderr.slice(-500)}`);
    const m = JSON.parse(readFileSync(summary, 'utf8')).metrics;
    return {
      requests: m.http_reqs.values.count,
      p50Ms: m.http_req_duration.values['p(50)'],
      p99Ms: m.http_req_duration.values['p(99)'],
      failed: m.http_req_failed?.values.passes ?? 0,
      dropped: m.dropped_iterations?.values.count ?? 0,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
