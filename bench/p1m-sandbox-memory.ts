// P1m, the sandbox's memory under load: RSS of a `lsq-harness sandbox --rate-limit 0` process while it
// accepts --updates update requests (32 at a time, keep-alive, from this process), sampled every
// --every accepted updates, and once more after a few idle seconds. Baseline in the same run: the bare
// node:http handler (bench/servers/bare-two-bodies.ts) under the same requests — what Node costs at
// this load. The sandbox keeps 50,000 tasks (maxTasks) and at most maxKeptBodyBytes of bodies, so its
// memory must level off. Target: RSS ≤ 150 MB after 100,000 accepted updates, and flat after that
// (no later sample above 150 MB, the last within 10 MB of the one at 100,000).
// --node-options passes NODE_OPTIONS to both servers (to try V8 heap flags).
//   bash bench/run.sh p1m-sandbox-memory.ts [--updates 200000] [--every 25000] [--node-options=…]
import { spawn, type ChildProcess } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { RELIABILITY_CREDENTIALS as CREDS } from '../test/reliability/secret-values.ts';
import { procStats } from './lib/proc-stats.ts';
import { table, writeResult } from './lib/report.ts';

const { values: args } = parseArgs({
  options: {
    updates: { type: 'string', default: '200000' },
    every: { type: 'string', default: '25000' },
    seconds: { type: 'string', default: '180' },
    'node-options': { type: 'string', default: '' },
  },
});
const ROOT = new URL('..', import.meta.url).pathname;
const UPDATES = Number(args.updates);
const EVERY = Number(args.every);
const CONCURRENCY = 32;
const TARGET_MB = 150;
const UPDATE_BODY = JSON.stringify({
  ProspectOpportunityId: '5ca5b042-51ea-4699-b6f0-84c40ab12770',
  OpportunityNote: 'bench',
  Fields: [{ SchemaName: 'mx_Custom_1', Value: 'v' }],
});
const ENV = { PATH: process.env.PATH ?? '', LSQ_ACCESS_KEY: CREDS.accessKey, LSQ_SECRET_KEY: CREDS.secretKey, LSQ_API_KEY: CREDS.apiKey };

function start(argv: string[]): Promise<{ child: ChildProcess; url: URL }> {
  const env = args['node-options'] ? { ...ENV, NODE_OPTIONS: args['node-options'] } : ENV;
  const child = spawn(process.execPath, argv, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d;
      const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m) resolve({ child, url: new URL(m[1]!) });
    });
    child.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
  });
}

/** Sends `total` updates, `CONCURRENCY` at a time, bounded by `deadline`; calls `onAccepted` per 200. */
async function load(url: URL, total: number, deadline: number, onAccepted: (n: number) => void): Promise<{ accepted: number; other: number }> {
  const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  const path = `/opportunity/update?accessKey=${CREDS.accessKey}&secretKey=${CREDS.secretKey}`;
  const headers = { 'x-api-key': CREDS.apiKey, 'content-type': 'application/json', 'content-length': Buffer.byteLength(UPDATE_BODY) };
  let sent = 0;
  let accepted = 0;
  let other = 0;
  const one = () =>
    new Promise<void>((resolve, reject) => {
      const req = request({ host: url.hostname, port: url.port, path, method: 'POST', headers, agent }, (res) => {
        res.resume();
        res.on('end', () => {
          if (res.statusCode === 200) onAccepted(++accepted);
          else other++;
          resolve();
        });
      });
      req.on('error', reject);
      req.end(UPDATE_BODY);
    });
  const worker = async () => {
    while (sent < total && Date.now() < deadline) {
      sent++;
      await one();
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  agent.destroy();
  return { accepted, other };
}

async function measure(name: string, argv: string[]) {
  const server = await start(argv);
  const pid = server.child.pid!;
  const samples: Array<{ accepted: number; rssMb: number }> = [{ accepted: 0, rssMb: procStats(pid).rssMb }];
  const t0 = Date.now();
  try {
    const r = await load(server.url, UPDATES, t0 + Number(args.seconds) * 1000, (n) => {
      if (n % EVERY === 0) samples.push({ accepted: n, rssMb: procStats(pid).rssMb });
    });
    const loadSeconds = (Date.now() - t0) / 1000;
    await new Promise((res) => setTimeout(res, 5000));
    const idle = procStats(pid);
    return { name, ...r, loadSeconds, samples, idleRssMb: idle.rssMb, hwmMb: idle.hwmMb };
  } finally {
    server.child.kill('SIGTERM');
  }
}

const bodiesFile = join(tmpdir(), `lsq-bench-p1m-${process.pid}.json`);
writeFileSync(bodiesFile, JSON.stringify({ accepted: '{"Status":"accepted","RequestID":"5ebec781-c325-41f0-914e-9692301a2515"}', status: '{}' }));
let bare: Awaited<ReturnType<typeof measure>>;
let sandbox: typeof bare;
try {
  bare = await measure('bare node:http', ['bench/servers/bare-two-bodies.ts', bodiesFile, '0']);
  sandbox = await measure('sandbox', ['bin/lsq-harness.js', 'sandbox', '--port', '0', '--rate-limit', '0']);
} finally {
  rmSync(bodiesFile, { force: true });
}

const at = (m: typeof sandbox, n: number) => m.samples.find((s) => s.accepted === n)?.rssMb ?? NaN;
const after = sandbox.samples.filter((s) => s.accepted >= 100_000);
const last = sandbox.samples.at(-1)!;
const atTarget = at(sandbox, 100_000);
const levelMet = atTarget <= TARGET_MB;
const flatMet = after.length > 1 && after.every((s) => s.rssMb <= TARGET_MB) && last.rssMb - atTarget <= 10;
const file = writeResult('p1m-sandbox-memory', { updates: UPDATES, concurrency: CONCURRENCY, bare, sandbox, levelMet, flatMet });
const checkpoints = sandbox.samples.map((s) => s.accepted);
console.log(
  table(
    ['server', ...checkpoints.map((n) => `RSS MB at ${n.toLocaleString('en')}`), '5 s idle after', 'peak (VmHWM)', 'accepted / other', 'load time'],
    [bare, sandbox].map((m) => [
      m.name,
      ...checkpoints.map((n) => at(m, n).toFixed(0)),
      m.idleRssMb.toFixed(0),
      m.hwmMb.toFixed(0),
      `${m.accepted} / ${m.other}`,
      `${m.loadSeconds.toFixed(1)} s`,
    ]),
  ),
);
console.log(
  `\nP1m: RSS after 100,000 updates ${atTarget.toFixed(0)} MB (≤ ${TARGET_MB}: ${levelMet ? 'met' : 'MISSED'}); after it max ${Math.max(...after.map((s) => s.rssMb)).toFixed(0)} MB, last ${last.rssMb.toFixed(0)} MB (flat: ${flatMet ? 'met' : 'MISSED'})   [${file}]`,
);
