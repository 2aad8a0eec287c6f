// P1, sandbox throughput: the update and status endpoints (rate limiter off) against a bare node:http
// handler, with the same load tools in the same run. Each server runs in its own process.
// - Maximum throughput: wrk, 1 thread, 50 connections, 10 s per target → requests/s. Target: the
//   sandbox ≥ 0.8 × the bare handler.
// - Latency at 2,000 requests/s: k6's constant-arrival-rate executor (open loop), 10 s per target →
//   p99. Target ≤ 5 ms.
//   node bench/p1-throughput.ts [--duration 10s]      (npm run bench:throughput)
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { RELIABILITY_CREDENTIALS as CREDS } from '../test/reliability/secret-values.ts';
import { table, writeResult } from './lib/report.ts';

const { values: args } = parseArgs({ options: { duration: { type: 'string', default: '10s' }, rate: { type: 'string', default: '2000' } } });
const ROOT = new URL('..', import.meta.url).pathname;
const K6 = process.env.K6_BIN ?? join(ROOT, '.tools/k6-v1.8.1/k6');
const work = mkdtempSync(join(tmpdir(), 'lsq-bench-p1-'));
const OPPORTUNITY = '5ca5b042-51ea-4699-b6f0-84c40ab12770';
const UPDATE_BODY = JSON.stringify({ ProspectOpportunityId: OPPORTUNITY, OpportunityNote: 'bench', Fields: [{ SchemaName: 'mx_Custom_1', Value: 'v' }] });

async function startServer(args: string[]): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', LSQ_ACCESS_KEY: CREDS.accessKey, LSQ_SECRET_KEY: CREDS.secretKey, LSQ_API_KEY: CREDS.apiKey },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d) => {
      out += d;
      const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m) resolve(m[1]!);
    });
    child.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
  });
  return { child, url };
}

interface Target {
  name: string;
  method: 'GET' | 'POST';
  url: string;
  headers: Record<string, string>;
  body?: string;
}

function wrk(t: Target): { rps: number; p99Ms: number; errors: string } {
  const lua = join(work, 'request.lua');
  const headers = Object.entries(t.headers)
    .map(([k, v]) => `wrk.headers[${JSON.stringify(k)}] = ${JSON.stringify(v)}`)
    .join('\n');
  writeFileSync(lua, `wrk.method = "${t.method}"\n${t.body ? `wrk.body = ${JSON.stringify(t.body)}\n` : ''}${headers}\n`);
  const r = spawnSync('wrk', ['-t1', '-c50', `-d${args.duration}`, '--latency', '-s', lua, t.url], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`wrk failed: ${r.stderr}`);
  const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(r.stdout)?.[1]);
  const p99 = /\s99%\s+([\d.]+)(us|ms|s)/.exec(r.stdout);
  const p99Ms = p99 ? Number(p99[1]) * ({ us: 0.001, ms: 1, s: 1000 } as Record<string, number>)[p99[2]!]! : NaN;
  const errors = [/Non-2xx or 3xx responses: (\d+)/.exec(r.stdout)?.[0], /Socket errors: .*/.exec(r.stdout)?.[0]].filter(Boolean).join('; ');
  return { rps, p99Ms, errors };
}

function k6AtRate(t: Target): { p99Ms: number; p50Ms: number; reqs: number; failed: number; dropped: number } {
  const summary = join(work, 'k6-summary.json');
  const r = spawnSync(K6, ['run', '--quiet', '--no-usage-report', join(ROOT, 'bench/k6/constant-rate.js')], {
    encoding: 'utf8',
    env: {
      ...process.env,
      K6_NO_USAGE_REPORT: 'true',
      URL: t.url,
      METHOD: t.method,
      BODY: t.body ?? '',
      HEADERS: JSON.stringify(t.headers),
      RATE: args.rate,
      DURATION: args.duration,
      SUMMARY_FILE: summary,
    },
  });
  if (r.status !== 0) throw new Error(`k6 failed (${r.status}): ${r.stderr.slice(-500)}`);
  const m = JSON.parse(readFileSync(summary, 'utf8')).metrics;
  return {
    p99Ms: m.http_req_duration.values['p(99)'],
    p50Ms: m.http_req_duration.values['p(50)'],
    reqs: m.http_reqs.values.count,
    failed: m.http_req_failed?.values.passes ?? 0,
    dropped: m.dropped_iterations?.values.count ?? 0,
  };
}

const bare = await startServer(['bench/servers/bare-http.ts']);
const sandbox = await startServer(['src/cli/main.ts', 'sandbox', '--port', '0', '--rate-limit', '0']);
try {
  const submitted = await fetch(`${sandbox.url}/opportunity/update?accessKey=${CREDS.accessKey}&secretKey=${CREDS.secretKey}`, {
    method: 'POST',
    headers: { 'x-api-key': CREDS.apiKey, 'content-type': 'application/json' },
    body: UPDATE_BODY,
  });
  const { RequestID } = (await submitted.json()) as { RequestID: string };
  // Each sandbox endpoint is compared with the bare handler receiving the very same request.
  const status: Omit<Target, 'name' | 'url'> = { method: 'GET', headers: { 'x-api-key': CREDS.apiKey } };
  const update: Omit<Target, 'name' | 'url'> = {
    method: 'POST',
    headers: { 'x-api-key': CREDS.apiKey, 'content-type': 'application/json' },
    body: UPDATE_BODY,
  };
  const statusPath = `/opportunity/update/status?RequestID=${RequestID}`;
  const updatePath = `/opportunity/update?accessKey=${CREDS.accessKey}&secretKey=${CREDS.secretKey}`;
  const pairs: Array<[Target, Target]> = [
    [
      { name: 'bare node:http, status request', url: bare.url + statusPath, ...status },
      { name: 'sandbox status', url: sandbox.url + statusPath, ...status },
    ],
    [
      { name: 'bare node:http, update request', url: bare.url + updatePath, ...update },
      { name: 'sandbox update', url: sandbox.url + updatePath, ...update },
    ],
  ];
  const rows: Array<Array<string | number>> = [];
  const results: Array<Record<string, unknown>> = [];
  let met = true;
  for (const [base, target] of pairs) {
    // Interleaved (baseline, sandbox), so both see the same machine conditions.
    const baseMax = wrk(base);
    const max = wrk(target);
    const baseRate = k6AtRate(base);
    const atRate = k6AtRate(target);
    const ratio = max.rps / baseMax.rps;
    const ok = ratio >= 0.8 && atRate.p99Ms <= 5;
    met &&= ok;
    for (const [t, m, r, verdict] of [
      [base, baseMax, baseRate, 'baseline'],
      [target, max, atRate, `${ratio >= 0.8 ? 'met' : 'MISSED'} / ${atRate.p99Ms <= 5 ? 'met' : 'MISSED'}`],
    ] as const) {
      rows.push([
        t.name,
        Math.round(m.rps),
        (m.rps / baseMax.rps).toFixed(2),
        m.p99Ms.toFixed(2),
        m.errors || '-',
        r.reqs,
        r.p50Ms.toFixed(2),
        r.p99Ms.toFixed(2),
        r.dropped,
        verdict,
      ]);
    }
    results.push({ endpoint: target.name, baseline: { wrk: baseMax, k6: baseRate }, sandbox: { wrk: max, k6: atRate }, ratioToBaseline: ratio });
  }
  const file = writeResult('p1-throughput', {
    duration: args.duration,
    rate: Number(args.rate),
    tools: { wrk: spawnSync('wrk', ['-v'], { encoding: 'utf8' }).stdout.split('\n')[0], k6: K6 },
    results,
  });
  console.log(
    table(
      [
        'target',
        'wrk req/s (1 thread, 50 conns)',
        'ratio to baseline',
        'wrk p99 ms',
        'wrk errors',
        `k6 requests at ${args.rate}/s`,
        'k6 p50 ms',
        'k6 p99 ms',
        'dropped',
        'req/s ratio / p99',
      ],
      rows,
    ),
  );
  console.log(`\nP1: ${met ? 'MET' : 'MISSED'} (sandbox ≥ 0.8 × baseline req/s and p99 ≤ 5 ms at ${args.rate} req/s)   [${file}]`);
} finally {
  bare.child.kill('SIGTERM');
  sandbox.child.kill('SIGTERM');
  rmSync(work, { recursive: true, force: true });
}
