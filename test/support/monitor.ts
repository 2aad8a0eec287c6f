// Test helpers: a sandbox and a monitor wired to it, with quiet logs collected for assertions.
import { spawnSync } from 'node:child_process';
import { loadSettings } from '../../src/config/settings.ts';
import { createCanaryMetrics } from '../../src/metrics/canary-metrics.ts';
import { buildMonitor, type BuildOptions } from '../../src/monitor/build.ts';
import type { Monitor } from '../../src/monitor/monitor.ts';
import { AdaptivePollSchedule } from '../../src/monitor/poll-schedule.ts';
import { startSandbox, type Sandbox, type SandboxSettingsPatch } from '../../src/sandbox/index.ts';

export const CREDS = { accessKey: 'monitor-test-access', secretKey: 'monitor-test-secret', apiKey: 'monitor-test-apikey' };
export const CANARY = '6a22455b-213e-4450-a960-3deef72b5eec';

export function settings() {
  return loadSettings({ LSQ_ACCESS_KEY: CREDS.accessKey, LSQ_SECRET_KEY: CREDS.secretKey, LSQ_API_KEY: CREDS.apiKey, LSQ_CANARY_OPPORTUNITY_ID: CANARY, LSQ_TIMEOUT_MS: '1000' });
}

export async function sandbox(patch: SandboxSettingsPatch = {}): Promise<Sandbox> {
  return startSandbox({ settings: { credentials: CREDS, latency: { kind: 'fixed', ms: 200 }, ...patch } });
}

export function monitorFor(sb: Sandbox | string, extra: Partial<BuildOptions> = {}): { monitor: Monitor; lines: string[] } {
  const lines: string[] = [];
  const monitor = buildMonitor(settings(), {
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
    ...extra,
  });
  return { monitor, lines };
}

export async function fault(sb: Sandbox, rule: Record<string, unknown>): Promise<void> {
  const res = await fetch(`${sb.url}/__sandbox/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(rule) });
  if (res.status !== 201) throw new Error(`fault refused: ${await res.text()}`);
}

export async function configure(sb: Sandbox, patch: Record<string, unknown>): Promise<void> {
  const res = await fetch(`${sb.url}/__sandbox/settings`, { method: 'PATCH', headers: { 'content-type': 'application/json' }, body: JSON.stringify(patch) });
  if (res.status !== 200) throw new Error(`settings refused: ${await res.text()}`);
}

/** The value of one sample in the exposition text, or undefined. */
export function sample(exposition: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of exposition.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    if (Object.entries(labels).every(([k, v]) => line.includes(`${k}="${v}"`))) return Number(line.split(' ').at(-1));
  }
  return undefined;
}

export function requireBinary(name: string): string {
  const r = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' });
  const path = r.stdout.trim();
  if (!path) throw new Error(`${name} is not installed: scripts/bootstrap.sh installs it (Debian package)`);
  return path;
}
