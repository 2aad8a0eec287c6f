// The one test-support module of the monitor tests (test/monitor) and the reliability tests
// (test/reliability): a sandbox and a monitor wired to it (its lines and its stream of records
// collected), fault injection, the one reader of Prometheus exposition text, and free loopback ports.
// Tests read the monitor through its public collaborators (monitor.metrics, monitor.ledger,
// monitor.onResult), never through its private state.
import { spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import { loadSettings } from '../../src/config/settings.ts';
import { createCanaryMetrics } from '../../src/metrics/canary-metrics.ts';
import { buildMonitor, type BuildOptions } from '../../src/monitor/build.ts';
import type { Monitor } from '../../src/monitor/monitor.ts';
import { AdaptivePollSchedule } from '../../src/monitor/poll-schedule.ts';
import type { CanaryRecord } from '../../src/monitor/record.ts';
import { startSandbox, type Sandbox, type SandboxSettingsPatch } from '../../src/sandbox/index.ts';

export const CREDS = { accessKey: 'monitor-test-access', secretKey: 'monitor-test-secret', apiKey: 'monitor-test-apikey' };
export const CANARY = '6a22455b-213e-4450-a960-3deef72b5eec';

/** Harness settings as the monitor reads them from the environment; `env` overrides (credentials, the canary id). */
export function settings(env: Record<string, string> = {}) {
  return loadSettings({
    LSQ_ACCESS_KEY: CREDS.accessKey,
    LSQ_SECRET_KEY: CREDS.secretKey,
    LSQ_API_KEY: CREDS.apiKey,
    LSQ_CANARY_OPPORTUNITY_ID: CANARY,
    LSQ_TIMEOUT_MS: '1000',
    ...env,
  });
}

export async function sandbox(patch: SandboxSettingsPatch = {}): Promise<Sandbox> {
  return startSandbox({ settings: { credentials: CREDS, latency: { kind: 'fixed', ms: 200 }, ...patch } });
}

export interface TestMonitor {
  monitor: Monitor;
  /** Every line the monitor logged. */
  lines: string[];
  /** Every record the monitor published, in order (its onResult stream). */
  records: CanaryRecord[];
}

/** A monitor of `sb` (a sandbox or a base URL), quiet, on fast test settings; `env` changes its settings. */
export function monitorFor(sb: Sandbox | string, extra: Partial<BuildOptions> & { env?: Record<string, string> } = {}): TestMonitor {
  const { env, ...options } = extra;
  const lines: string[] = [];
  const monitor = buildMonitor(settings(env), {
    baseUrl: typeof sb === 'string' ? sb : sb.url,
    targetKind: 'sandbox',
    targetDescription: 'test sandbox',
    budget: 25,
    deadlineMs: 1500,
    markerField: 'mx_Custom_1',
    ledgerPath: null,
    intervalMs: 1000,
    metrics: createCanaryMetrics({ processMetrics: false }),
    log: (l) => lines.push(l),
    schedule: new AdaptivePollSchedule({ initialMs: 100 }),
    ...options,
  });
  const records: CanaryRecord[] = [];
  monitor.onResult((r) => records.push(r));
  return { monitor, lines, records };
}

export async function fault(sb: Sandbox, rule: Record<string, unknown>): Promise<void> {
  const res = await fetch(`${sb.url}/__sandbox/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(rule) });
  if (res.status !== 201) throw new Error(`fault refused: ${await res.text()}`);
}

export async function clearFaults(sb: Sandbox): Promise<void> {
  await fetch(`${sb.url}/__sandbox/faults`, { method: 'DELETE', headers: { 'content-type': 'application/json' } });
}

export async function configure(sb: Sandbox, patch: Record<string, unknown>): Promise<void> {
  const res = await fetch(`${sb.url}/__sandbox/settings`, { method: 'PATCH', headers: { 'content-type': 'application/json' }, body: JSON.stringify(patch) });
  if (res.status !== 200) throw new Error(`settings refused: ${await res.text()}`);
}

// ---- Prometheus exposition text (a /metrics page, a push, a registry's metrics()) ----

export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** Every sample of an exposition text (comments skipped; label values unescaped; +Inf, -Inf and NaN read). */
export function parseExposition(text: string): Sample[] {
  const out: Sample[] = [];
  for (const line of text.split('\n')) {
    const m = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})?\s+(\S+)(?:\s+\d+)?$/.exec(line.trim());
    if (!m) continue;
    const labels: Record<string, string> = {};
    for (const l of (m[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) labels[l[1]!] = l[2]!.replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c));
    out.push({ name: m[1]!, labels, value: Number(m[3]!.replace(/^\+?Inf$/, 'Infinity')) });
  }
  return out;
}

/** The value of the first sample named `name` whose labels include `labels`, or undefined. */
export function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  return parseExposition(text).find((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))?.value;
}

/** A metric's samples summed over all label values, and per value of one label. */
export function sumBy(text: string, name: string, label: string): { total: number; by: Record<string, number> } {
  const by: Record<string, number> = {};
  let total = 0;
  for (const s of parseExposition(text)) {
    if (s.name !== name) continue;
    const key = s.labels[label] ?? '';
    by[key] = (by[key] ?? 0) + s.value;
    total += s.value;
  }
  return { total, by };
}

/** The monitor's whole exposition page, as /metrics would serve it. */
export function metricsOf(monitor: Monitor): Promise<string> {
  return monitor.metrics.registry.metrics();
}

// ---- processes and ports ----

/** A port nothing listens on right now (bound on 127.0.0.1, then released). */
export async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

export function requireBinary(name: string): string {
  const r = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' });
  const path = r.stdout.trim();
  if (!path) throw new Error(`${name} is not installed: scripts/bootstrap.sh installs it (Debian package)`);
  return path;
}
