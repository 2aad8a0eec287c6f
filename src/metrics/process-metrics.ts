// The process_* and nodejs_* metrics of prom-client's collectDefaultMetrics(), without loading
// OpenTelemetry (prom-client-parts.ts says why): each default metric from its own file, except the CPU
// counters, which are prom-client's three without their exemplar support (the only part that needed
// OpenTelemetry). Same names, help texts and values; a test compares them with collectDefaultMetrics().
import { Counter, registerDefaultMetric, type Registry } from './prom-client-parts.ts';

/** prom-client 15's default metrics (lib/defaultMetrics.js) but processCpuTotal, in its order. */
const DEFAULT_METRIC_FILES = [
  'processStartTime',
  'osMemoryHeap',
  'processOpenFileDescriptors',
  'processMaxFileDescriptors',
  'eventLoopLag',
  'processResources',
  'processHandles',
  'processRequests',
  'heapSizeAndUsed',
  'heapSpacesSizeAndUsed',
  'version',
  'gc',
];

export function registerProcessMetrics(registry: Registry): void {
  registerCpuCounters(registry);
  for (const name of DEFAULT_METRIC_FILES) registerDefaultMetric(name, registry);
}

/** process_cpu_{user,system,}_seconds_total, advanced by the CPU time used since the last scrape. */
function registerCpuCounters(registry: Registry): void {
  let last = process.cpuUsage();
  const registers = [registry];
  const user = new Counter({
    name: 'process_cpu_user_seconds_total',
    help: 'Total user CPU time spent in seconds.',
    registers,
    // One collect() moves all three, as in prom-client.
    collect() {
      const now = process.cpuUsage();
      const userMicros = now.user - last.user;
      const systemMicros = now.system - last.system;
      last = now;
      user.inc(userMicros / 1e6);
      system.inc(systemMicros / 1e6);
      total.inc((userMicros + systemMicros) / 1e6);
    },
  });
  const system = new Counter({ name: 'process_cpu_system_seconds_total', help: 'Total system CPU time spent in seconds.', registers });
  const total = new Counter({ name: 'process_cpu_seconds_total', help: 'Total user and system CPU time spent in seconds.', registers });
}
