// The monitor's process_* and nodejs_* metrics: the same as prom-client's collectDefaultMetrics() (names,
// types, help, labels), taken without loading OpenTelemetry, which the index of prom-client pulls in.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { collectDefaultMetrics, Registry as IndexRegistry } from 'prom-client';
import { expect, test } from 'vitest';
import { Registry } from '../../src/metrics/prom-client-parts.ts';
import { registerProcessMetrics } from '../../src/metrics/process-metrics.ts';
import { cliEnv } from '../support/cli-env.ts';

async function shape(registry: { getMetricsAsJSON(): Promise<Array<{ name: string; type: unknown; help: string; values: Array<{ labels: object }> }>> }) {
  const metrics = await registry.getMetricsAsJSON();
  return metrics
    .map((m) => ({ name: m.name, type: m.type, help: m.help, labels: [...new Set(m.values.flatMap((v) => Object.keys(v.labels)))].sort() }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

test("the process metrics are collectDefaultMetrics()'s: names, types, help and labels", async () => {
  const ours = new Registry();
  registerProcessMetrics(ours);
  const theirs = new IndexRegistry();
  collectDefaultMetrics({ register: theirs });
  expect(await shape(ours)).toEqual(await shape(theirs));
});

test('the CPU counters add up the CPU time the process used', async () => {
  const registry = new Registry();
  registerProcessMetrics(registry);
  await registry.getMetricsAsJSON(); // the first scrape counts from the registration
  const start = process.cpuUsage();
  for (let spin = Date.now(); Date.now() - spin < 50; ) Math.sqrt(spin);
  const used = process.cpuUsage(start);
  const read = async () =>
    Object.fromEntries((await registry.getMetricsAsJSON()).filter((m) => m.name.startsWith('process_cpu')).map((m) => [m.name, m.values[0]!.value]));
  const cpu = await read();
  expect(cpu.process_cpu_seconds_total).toBeCloseTo(cpu.process_cpu_user_seconds_total! + cpu.process_cpu_system_seconds_total!, 9);
  expect(cpu.process_cpu_seconds_total).toBeGreaterThanOrEqual((used.user + used.system) / 1e6);
});

test("the monitor and its metrics load no OpenTelemetry (nor the rest of prom-client's index)", () => {
  const root = fileURLToPath(new URL('../../', import.meta.url));
  const script = `
    const { createCanaryMetrics } = await import('./src/metrics/canary-metrics.ts');
    await import('./src/monitor/monitor.ts');
    createCanaryMetrics();
    const { createRequire } = await import('node:module');
    console.log(JSON.stringify(Object.keys(createRequire(import.meta.url).cache)));`;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: root, encoding: 'utf8', env: cliEnv() });
  expect(r.status, r.stderr).toBe(0);
  const loaded: string[] = JSON.parse(r.stdout);
  expect(loaded.some((f) => f.includes('prom-client/lib/registry.js'))).toBe(true); // the check sees CommonJS loads
  expect(loaded.filter((f) => /@opentelemetry|prom-client[/\\](index|lib[/\\](defaultMetrics|cluster|summary))\.js$/.test(f))).toEqual([]);
});
