// prom-client's classes, taken from the files they live in rather than from its index. Why: the index
// also loads its default process metrics, and the CPU counter among them requires @opentelemetry/api
// (for exemplars, which we never enable): about 9 MB of resident memory for a monitor whose footprint
// target is 100 MB (BENCHMARKS.md, P5). The types are prom-client's own. A prom-client release that moves
// these files fails the metrics tests (test/monitor/process-metrics.test.ts), not a user's start.
import { createRequire } from 'node:module';
import type * as PromClient from 'prom-client';

const require = createRequire(import.meta.url);

export const Registry: typeof PromClient.Registry = require('prom-client/lib/registry.js');
export type Registry = PromClient.Registry;
export const Counter: typeof PromClient.Counter = require('prom-client/lib/counter.js');
export type Counter<T extends string = string> = PromClient.Counter<T>;
export const Gauge: typeof PromClient.Gauge = require('prom-client/lib/gauge.js');
export type Gauge<T extends string = string> = PromClient.Gauge<T>;
export const Histogram: typeof PromClient.Histogram = require('prom-client/lib/histogram.js');
export type Histogram<T extends string = string> = PromClient.Histogram<T>;

/** The Pushgateway client, loaded only by a monitor that pushes. */
export function loadPushgateway(): typeof PromClient.Pushgateway {
  return require('prom-client/lib/pushgateway.js');
}

type MetricRegistrar = (registry: Registry, config: { eventLoopMonitoringPrecision: number }) => void;

/** One of prom-client's default metrics (lib/metrics/NAME.js), registered into `registry`. */
export function registerDefaultMetric(name: string, registry: Registry): void {
  (require(`prom-client/lib/metrics/${name}.js`) as MetricRegistrar)(registry, { eventLoopMonitoringPrecision: 10 });
}
