// P1 against the peers: the sandbox beside the tools a user would pick instead — WireMock standalone
// and Prism (installed on first use into .tools/peers/, see lib/peers-install.ts) — and a bare node:http
// handler, all four set up with the same two endpoints and the same bodies (lib/peers-config.ts), each in
// its own process on loopback, measured with the same load generator in the same run:
// - every server's answers are checked first (update accepted with a RequestID, status equal to the
//   sandbox's body, a call without x-api-key refused), or the run stops;
// - maximum throughput: wrk, 1 thread, 32 connections, --runs interleaved rounds of --duration per server
//   and endpoint (the order of the servers rotates each round) → the median requests/s, and the server's
//   CPU time per request from /proc (every thread);
// - latency at a fixed rate: k6 constant-arrival-rate (open loop) at --rate requests/s → p99;
// - RSS before the load and after it (and its high-water mark).
// Targets: sandbox ≥ 1.5 × WireMock and ≥ 5 × Prism on both endpoints; update ≥ 0.6 × and status ≥ 0.9 ×
// the bare handler; CPU per request below both peers.
//   node bench/p1-peers.ts [--duration 10s] [--runs 3] [--warmup 20s] [--rate 2000]   (npm run bench:peers)
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isDeepStrictEqual, parseArgs } from 'node:util';
import { ACCEPTED_STATUS_TEXT, UUID_PATTERN } from '../src/contract/index.ts';
import { RELIABILITY_CREDENTIALS as CREDS } from '../test/reliability/secret-values.ts';
import { k6AtRate, type RateResult } from './lib/k6-rate.ts';
import { type PeerApi, type PeerBodies, writePrismDocument, writeWireMockRoot } from './lib/peers-config.ts';
import { PRISM_VERSION, WIREMOCK_VERSION, ensurePrism, ensureWireMock } from './lib/peers-install.ts';
import { procStats, type ProcStats } from './lib/proc-stats.ts';
import { percentile, table, writeResult } from './lib/report.ts';
import { type HttpRequestSpec, type WrkResult, wrk } from './lib/wrk.ts';

const { values: args } = parseArgs({
  options: {
    duration: { type: 'string', default: '10s' },
    runs: { type: 'string', default: '3' },
    warmup: { type: 'string', default: '20s' },
    rate: { type: 'string', default: '2000' },
    'rate-duration': { type: 'string', default: '10s' },
    connections: { type: 'string', default: '32' },
  },
});
const ROOT = new URL('..', import.meta.url).pathname;
const RUNS = Number(args.runs);
const CONNECTIONS = Number(args.connections);
const RATE = Number(args.rate);
const JAVA_HEAP = '-Xmx512m';
const OPPORTUNITY = '5ca5b042-51ea-4699-b6f0-84c40ab12770';
const UPDATE_BODY = JSON.stringify({ ProspectOpportunityId: OPPORTUNITY, OpportunityNote: 'bench', Fields: [{ SchemaName: 'mx_Custom_1', Value: 'v' }] });
const API: PeerApi = { updatePath: '/opportunity/update', statusPath: '/opportunity/update/status', credentials: CREDS };
const ENV = { PATH: process.env.PATH ?? '', LSQ_ACCESS_KEY: CREDS.accessKey, LSQ_SECRET_KEY: CREDS.secretKey, LSQ_API_KEY: CREDS.apiKey };
const work = mkdtempSync(join(tmpdir(), 'lsq-bench-peers-'));

type Endpoint = 'update' | 'status';
interface Server {
  name: string;
  flags: string;
  child: ChildProcess;
  url: string;
  /** The RequestID its status calls ask for. */
  requestId: string;
  idle?: ProcStats;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

/** Starts a server and waits (≤ 90 s: WireMock's JVM is slow to start) until it answers HTTP on its port. */
async function start(name: string, flags: string, command: string, argv: string[], port: number): Promise<Server> {
  const child = spawn(command, argv, { cwd: ROOT, env: ENV, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr = (stderr + d).slice(-4000)));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${name} exited (${child.exitCode}) before answering: ${stderr}`);
    const answered = await fetch(`${url}/`, { signal: AbortSignal.timeout(1000) }).then(
      async (r) => {
        await r.arrayBuffer();
        return true;
      },
      () => false,
    );
    if (answered) return { name, flags, child, url, requestId: '' };
    await new Promise((r) => setTimeout(r, 250));
  }
  child.kill('SIGKILL');
  throw new Error(`${name} did not answer on ${url} within 90 s: ${stderr}`);
}

function stop(s: Server): Promise<void> {
  return new Promise((resolve) => {
    if (s.child.exitCode !== null || s.child.signalCode !== null) return resolve();
    const timer = setTimeout(() => s.child.kill('SIGKILL'), 5000);
    s.child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    s.child.kill('SIGTERM');
  });
}

function request(s: Server, endpoint: Endpoint): HttpRequestSpec {
  if (endpoint === 'update') {
    return {
      method: 'POST',
      url: `${s.url}${API.updatePath}?accessKey=${CREDS.accessKey}&secretKey=${CREDS.secretKey}`,
      headers: { 'x-api-key': CREDS.apiKey, 'content-type': 'application/json' },
      body: UPDATE_BODY,
    };
  }
  return { method: 'GET', url: `${s.url}${API.statusPath}?RequestID=${s.requestId}`, headers: { 'x-api-key': CREDS.apiKey } };
}

async function call(r: HttpRequestSpec, dropHeader?: string): Promise<{ status: number; json: unknown }> {
  const headers = { ...r.headers };
  if (dropHeader) delete headers[dropHeader];
  const send = () => fetch(r.url, { method: r.method, headers, body: r.body, signal: AbortSignal.timeout(10_000) });
  // Once more on a connection the server closed as it was reused (idle keep-alive after a long wrk run).
  const res = await send().catch(send);
  const text = await res.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = text;
  }
  return { status: res.status, json };
}

/** The sandbox's own bodies: an accepted answer, and the status of that update once it is final. */
async function captureBodies(sandbox: Server): Promise<PeerBodies> {
  const accepted = await call(request(sandbox, 'update'));
  const body = accepted.json as PeerBodies['accepted'];
  sandbox.requestId = body.RequestID;
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    const status = (await call(request(sandbox, 'status'))).json as PeerBodies['status'] & { TaskStatus: { Status: string } };
    if (status.TaskStatus.Status === 'Success') return { accepted: body, status };
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('the sandbox did not finish the benchmark update within 10 s');
}

/**
 * Before each status measurement of the sandbox: a new update, finished, to read. A run of updates
 * (tens of thousands) pushes older tasks out of its store (it keeps 50,000), and a status call for a
 * forgotten RequestID is a 400: the status runs would measure refusals. (The sandbox runs with
 * --time-scale 1000000: its simulated queue, 8 updates at a time, would otherwise hold a new update
 * behind hours of benchmark updates.)
 */
async function freshFinishedUpdate(s: Server, bodies: PeerBodies): Promise<void> {
  if (s.name !== 'sandbox') return;
  const fresh = await captureBodies(s);
  if (!isDeepStrictEqual({ ...fresh.status, RequestID: '' }, { ...bodies.status, RequestID: '' })) throw new Error('the sandbox answered a new status body');
}

/** Each server's answers, checked before anything is measured: a server that answers wrongly is not a peer. */
async function verify(s: Server, bodies: PeerBodies, refuses: boolean): Promise<string[]> {
  const problems: string[] = [];
  const ids = new Set<string>();
  for (let i = 0; i < 2; i++) {
    const a = await call(request(s, 'update'));
    const b = a.json as Partial<PeerBodies['accepted']>;
    if (a.status !== 200 || b.Status !== ACCEPTED_STATUS_TEXT || !UUID_PATTERN.test(b.RequestID ?? ''))
      problems.push(`update answered ${a.status} ${JSON.stringify(a.json)}`);
    ids.add(b.RequestID ?? '');
  }
  if (!s.requestId) s.requestId = [...ids][0]!;
  const st = await call(request(s, 'status'));
  const expected = { ...bodies.status, RequestID: (st.json as { RequestID?: string }).RequestID };
  if (st.status !== 200 || !isDeepStrictEqual(st.json, expected)) problems.push(`status answered ${st.status} ${JSON.stringify(st.json).slice(0, 300)}`);
  if (refuses) {
    for (const endpoint of ['update', 'status'] as const) {
      const denied = await call(request(s, endpoint), 'x-api-key');
      if (denied.status < 400) problems.push(`${endpoint} without x-api-key answered ${denied.status}`);
    }
  }
  if (problems.length) throw new Error(`${s.name} does not answer like the sandbox:\n  ${problems.join('\n  ')}`);
  return [
    `update 200 (${ids.size === 2 ? 'a new RequestID per call' : 'one fixed RequestID'})`,
    'status 200, same body',
    refuses ? 'no x-api-key refused' : 'checks nothing',
  ];
}

function seconds(d: string): number {
  const m = /^(\d+)(s|m)$/.exec(d);
  if (!m) throw new Error(`a duration like 10s or 1m, got ${d}`);
  return Number(m[1]) * (m[2] === 'm' ? 60 : 1);
}

const servers: Server[] = [];
const stopAll = () => Promise.all(servers.map(stop));
process.once('SIGINT', () => void stopAll().then(() => process.exit(130)));
try {
  const jar = ensureWireMock();
  const prism = ensurePrism();
  const sandboxPort = await freePort();
  const sandbox = await start(
    'sandbox',
    '--rate-limit 0 --time-scale 1000000',
    process.execPath,
    ['bin/lsq-harness.js', 'sandbox', '--port', String(sandboxPort), '--rate-limit', '0', '--time-scale', '1000000'],
    sandboxPort,
  );
  servers.push(sandbox);
  const bodies = await captureBodies(sandbox);
  const bodiesFile = join(work, 'bodies.json');
  writeFileSync(bodiesFile, JSON.stringify({ accepted: JSON.stringify(bodies.accepted), status: JSON.stringify(bodies.status) }));
  const wmRoot = writeWireMockRoot(work, API, bodies);
  const prismDoc = writePrismDocument(work, bodies);
  const wmPort = await freePort();
  const wmFlags = ['--bind-address', '127.0.0.1', '--no-request-journal', '--disable-request-logging', '--disable-banner'];
  servers.push(
    await start(
      'WireMock',
      `${JAVA_HEAP} ${wmFlags.join(' ')}`,
      'java',
      [JAVA_HEAP, '-jar', jar, '--port', String(wmPort), '--root-dir', wmRoot, ...wmFlags],
      wmPort,
    ),
  );
  const prismPort = await freePort();
  servers.push(
    await start(
      'Prism',
      '-v silent --cors false (static examples)',
      process.execPath,
      [prism, 'mock', prismDoc, '-h', '127.0.0.1', '-p', String(prismPort), '-v', 'silent', '--cors', 'false'],
      prismPort,
    ),
  );
  const barePort = await freePort();
  servers.push(await start('bare node:http', '-', process.execPath, ['bench/servers/bare-two-bodies.ts', bodiesFile, String(barePort)], barePort));

  const checks: Record<string, string[]> = {};
  for (const s of servers) checks[s.name] = await verify(s, bodies, s.name !== 'bare node:http');
  for (const s of servers) console.log(`verified ${s.name}: ${checks[s.name]!.join('; ')}`);
  for (const s of servers) s.idle = procStats(s.child.pid!);

  // Warm-up (WireMock's JIT needs ~20 s): every server gets the same, half per endpoint.
  const half = `${Math.max(1, Math.round(seconds(args.warmup) / 2))}s`;
  for (const s of servers) {
    wrk(request(s, 'update'), { duration: half, connections: CONNECTIONS });
    await freshFinishedUpdate(s, bodies);
    wrk(request(s, 'status'), { duration: half, connections: CONNECTIONS });
  }

  type Sample = WrkResult & { cpuUsPerRequest: number };
  const samples = new Map<string, Sample[]>();
  for (let run = 0; run < RUNS; run++) {
    for (const endpoint of ['update', 'status'] as const) {
      // Interleaved: one run of each server in turn, the order rotated every round.
      for (let i = 0; i < servers.length; i++) {
        const s = servers[(i + run) % servers.length]!;
        if (endpoint === 'status') await freshFinishedUpdate(s, bodies);
        const before = procStats(s.child.pid!).cpuSeconds;
        const r = wrk(request(s, endpoint), { duration: args.duration, connections: CONNECTIONS });
        const cpu = procStats(s.child.pid!).cpuSeconds - before;
        const key = `${s.name} ${endpoint}`;
        samples.set(key, [...(samples.get(key) ?? []), { ...r, cpuUsPerRequest: (cpu / r.requests) * 1e6 }]);
        console.log(
          `run ${run + 1} ${key}: ${Math.round(r.rps)} req/s, ${((cpu / r.requests) * 1e6).toFixed(1)} µs CPU/request${r.errors ? `, ${r.errors}` : ''}`,
        );
      }
    }
  }
  const atRate = new Map<string, RateResult>();
  for (const endpoint of ['update', 'status'] as const) {
    for (const s of servers) {
      if (endpoint === 'status') await freshFinishedUpdate(s, bodies);
      atRate.set(`${s.name} ${endpoint}`, k6AtRate(request(s, endpoint), { rate: RATE, duration: args['rate-duration'] }));
    }
  }
  const after = new Map(servers.map((s) => [s.name, procStats(s.child.pid!)]));

  const median = (key: string, f: (x: Sample) => number) => percentile(samples.get(key)!.map(f), 50);
  const rows: Array<Array<string | number>> = [];
  const verdicts: string[] = [];
  const results: Array<Record<string, unknown>> = [];
  for (const endpoint of ['update', 'status'] as const) {
    const rps = (name: string) => median(`${name} ${endpoint}`, (x) => x.rps);
    const cpu = (name: string) => median(`${name} ${endpoint}`, (x) => x.cpuUsPerRequest);
    for (const s of servers) {
      const key = `${s.name} ${endpoint}`;
      const k6 = atRate.get(key)!;
      rows.push([
        `${s.name === 'sandbox' ? '**sandbox**' : s.name} ${endpoint}`,
        Math.round(rps(s.name)).toLocaleString('en'),
        samples
          .get(key)!
          .map((x) => Math.round(x.rps))
          .join(' / '),
        (rps(s.name) / rps('bare node:http')).toFixed(2),
        (rps('sandbox') / rps(s.name)).toFixed(2),
        cpu(s.name).toFixed(1),
        `${k6.p99Ms.toFixed(2)} (${k6.dropped} dropped, ${k6.failed} failed)`,
        samples
          .get(key)!
          .map((x) => x.errors)
          .filter(Boolean)
          .join('; ') || '-',
      ]);
      results.push({ server: s.name, endpoint, runs: samples.get(key), medianRps: rps(s.name), medianCpuUsPerRequest: cpu(s.name), atRate: k6 });
    }
    const judge = (what: string, ok: boolean) => verdicts.push(`${ok ? 'met' : 'MISSED'}: ${endpoint} ${what}`);
    // A run with refusals or socket errors measured something else: no verdict stands on it.
    const failedRuns = servers.filter((s) => samples.get(`${s.name} ${endpoint}`)!.some((x) => x.errors) || atRate.get(`${s.name} ${endpoint}`)!.failed > 0);
    judge(`every answer a 200 (${failedRuns.length ? `not: ${failedRuns.map((s) => s.name).join(', ')}` : 'all'})`, failedRuns.length === 0);
    judge(`sandbox ≥ 1.5 × WireMock (${(rps('sandbox') / rps('WireMock')).toFixed(2)} ×)`, rps('sandbox') >= 1.5 * rps('WireMock'));
    judge(`sandbox ≥ 5 × Prism (${(rps('sandbox') / rps('Prism')).toFixed(2)} ×)`, rps('sandbox') >= 5 * rps('Prism'));
    const floor = endpoint === 'update' ? 0.6 : 0.9;
    judge(`sandbox ≥ ${floor} × bare (${(rps('sandbox') / rps('bare node:http')).toFixed(2)} ×)`, rps('sandbox') >= floor * rps('bare node:http'));
    judge(
      `sandbox CPU/request below both peers (${cpu('sandbox').toFixed(1)} vs ${cpu('WireMock').toFixed(1)} / ${cpu('Prism').toFixed(1)} µs)`,
      cpu('sandbox') < cpu('WireMock') && cpu('sandbox') < cpu('Prism'),
    );
  }
  const memory = servers.map((s) => {
    const a = after.get(s.name)!;
    return [s.name, s.flags, `${s.idle!.rssMb.toFixed(0)} MB`, `${a.rssMb.toFixed(0)} MB`, `${a.hwmMb.toFixed(0)} MB`, checks[s.name]!.join('; ')];
  });
  const file = writeResult('p1-peers', {
    duration: args.duration,
    runs: RUNS,
    connections: CONNECTIONS,
    warmup: args.warmup,
    rate: RATE,
    peers: { wiremock: WIREMOCK_VERSION, prism: PRISM_VERSION },
    flags: Object.fromEntries(servers.map((s) => [s.name, s.flags])),
    results,
    memory: Object.fromEntries(servers.map((s) => [s.name, { idle: s.idle, after: after.get(s.name) }])),
    verdicts,
  });
  console.log(
    `\n${table(
      ['server, endpoint', `req/s (median of ${RUNS})`, 'runs', '× bare', 'sandbox ÷ this', 'CPU µs/request', `k6 p99 ms at ${RATE}/s`, 'wrk errors'],
      rows,
    )}`,
  );
  console.log(`\n${table(['server', 'flags', 'RSS before load', 'RSS after load', 'RSS peak (VmHWM)', 'checked first'], memory)}`);
  console.log(`\n${verdicts.join('\n')}\nP1 peers: ${verdicts.every((v) => v.startsWith('met')) ? 'MET' : 'MISSED'}   [${file}]`);
} finally {
  await stopAll();
  rmSync(work, { recursive: true, force: true });
}
