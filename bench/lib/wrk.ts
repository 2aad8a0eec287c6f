// One wrk run against one request (method, URL, headers, body): requests/s, requests completed, p99 and
// errors. Bounded by its duration; wrk talks only to the URL it is given (loopback in every benchmark).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface HttpRequestSpec {
  method: 'GET' | 'POST';
  url: string;
  headers: Record<string, string>;
  body?: string;
}

export interface WrkResult {
  rps: number;
  requests: number;
  p99Ms: number;
  /** Non-2xx answers and socket errors, as wrk words them; '' when none. */
  errors: string;
}

export function wrk(r: HttpRequestSpec, o: { duration: string; connections: number; threads?: number }): WrkResult {
  const dir = mkdtempSync(join(tmpdir(), 'lsq-bench-wrk-'));
  try {
    const lua = join(dir, 'request.lua');
    const headers = Object.entries(r.headers)
      .map(([k, v]) => `wrk.headers[${JSON.stringify(k)}] = ${JSON.stringify(v)}`)
      .join('\n');
    writeFileSync(lua, `wrk.method = "${r.method}"\n${r.body ? `wrk.body = ${JSON.stringify(r.body)}\n` : ''}${headers}\n`);
    const args = [`-t${o.threads ?? 1}`, `-c${o.connections}`, `-d${o.duration}`, '--timeout', '5s', '--latency', '-s', lua, r.url];
    const run = spawnSync('wrk', args, { encoding: 'utf8', timeout: 10 * 60_000 });
    if (run.status !== 0) throw new Error(`wrk failed: ${run.stderr || run.error}`);
    const p99 = /\s99%\s+([\d.]+)(us|ms|s)/.exec(run.stdout);
    return {
      rps: Number(/Requests\/sec:\s+([\d.]+)/.exec(run.stdout)?.[1]),
      requests: Number(/(\d+) requests in/.exec(run.stdout)?.[1]),
      p99Ms: p99 ? Number(p99[1]) * ({ us: 0.001, ms: 1, s: 1000 } as Record<string, number>)[p99[2]!]! : NaN,
      errors: [/Non-2xx or 3xx responses: (\d+)/.exec(run.stdout)?.[0], /Socket errors: .*/.exec(run.stdout)?.[0]].filter(Boolean).join('; '),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
