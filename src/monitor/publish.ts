// The one place a canary's result leaves the monitor. A canary runs into a CanaryRecord (record.ts);
// publish() turns that record into everything that reports it — the metrics, the ledger's settled
// entry, the console line — and hands it to subscribers (`monitor --json`, tests; later the status
// page's history). Each is a function of the record alone, so they cannot disagree, and a test can
// feed records here without running a canary. (Gatus does the same: the watchdog evaluates an endpoint
// into a result, then one call publishes it.)
// What is not here is live state, not a result: canaries in flight, ledger entries unsettled (the
// monitor keeps those), and the calls spent in the current rate window (read from the client's limiter
// at each scrape, canary-metrics.ts).
import type { CanaryMetrics } from '../metrics/canary-metrics.ts';
import type { Ledger } from './ledger.ts';
import type { CanaryRecord } from './record.ts';

export type ResultSubscriber = (record: CanaryRecord) => void;

export interface PublisherSinks {
  metrics: CanaryMetrics;
  ledger: Ledger;
  /** Where the console line goes (the monitor's log: redacted, stdout or stderr). */
  log: (line: string) => void;
}

export class CanaryPublisher {
  private readonly sinks: PublisherSinks;
  private readonly subscribers = new Set<ResultSubscriber>();

  constructor(sinks: PublisherSinks) {
    this.sinks = sinks;
  }

  /** Hears every record published from now on; returns the way to stop hearing. */
  subscribe(subscriber: ResultSubscriber): () => void {
    this.subscribers.add(subscriber);
    return () => void this.subscribers.delete(subscriber);
  }

  publish(record: CanaryRecord): void {
    recordMetrics(this.sinks.metrics, record);
    this.sinks.ledger.settle(record.canaryId, record.outcome, record.reason, record.settledAt);
    this.sinks.log(canaryLine(record));
    for (const subscriber of this.subscribers) {
      try {
        subscriber(record);
      } catch (err) {
        // A broken reader (a closed pipe) must not lose the canary for the others.
        this.sinks.log(`a result subscriber failed: ${(err as Error).message}`);
      }
    }
  }
}

/** Every lsq_* metric a settled canary moves. Timestamps are the record's wall-clock times, in seconds. */
function recordMetrics(m: CanaryMetrics, r: CanaryRecord): void {
  for (const call of r.calls) {
    const code = call.code === null ? 'none' : String(call.code);
    m.httpRequests.inc({ endpoint: call.endpoint, code });
    (call.endpoint === 'update' ? m.submitSeconds : m.statusCallSeconds).observe({ code }, call.latencyMs / 1000);
  }
  m.runs.inc({ outcome: r.outcome });
  for (const v of r.violations) m.violations.inc({ rule: v.rule });
  if (r.polls) m.pollsPerCanary.observe(r.polls);
  if (r.completionMs !== null) m.completionSeconds.observe({ outcome: r.outcome }, r.completionMs / 1000);
  if (r.completionMs !== null && typeof r.completionUncertaintyMs === 'number')
    m.completionUncertainty.observe({ outcome: r.outcome }, r.completionUncertaintyMs / 1000);
  m.lastRun.set(r.settledAt / 1000);
  // The SLIs and the lifecycle (fields absent on records made before them count as nothing).
  if (r.requestId !== null) m.accepted.inc();
  if (r.leaked) m.leaked.inc();
  if (r.stuck) m.stuck.inc();
  if (r.degraded) m.degraded.inc();
  if (r.retriesSeen) m.retriesSeen.inc(r.retriesSeen);
  if (r.queueMs !== null && r.queueMs !== undefined) m.queueSeconds.observe(r.queueMs / 1000);
  if (r.recheck && r.recheck !== 'none') m.rechecks.inc({ result: r.recheck });
  if (r.outcome === 'success') m.lastSuccess.set(r.settledAt / 1000);
}

/** The one line per canary the main job prints (the README shows it; keep its format). */
export function canaryLine(r: CanaryRecord): string {
  const submit = r.submitMs === null ? '-' : `${Math.round(r.submitMs)}ms`;
  // The completion with its uncertainty (`2.02s±0.20s`); a record from before the bracket has none.
  const plusMinus = typeof r.completionUncertaintyMs === 'number' ? `±${(r.completionUncertaintyMs / 1000).toFixed(2)}s` : '';
  const completion = r.completionMs === null ? '-' : `${(r.completionMs / 1000).toFixed(2)}s${plusMinus}`;
  const parts = [
    `canary ${r.outcome.padEnd(18)} submit=${submit.padEnd(7)} completion=${completion.padEnd(plusMinus ? 14 : 8)} polls=${String(r.polls).padEnd(3)} request=${r.requestId ?? '-'}`,
  ];
  if (r.resumed) parts.push('(resumed)');
  if (r.degraded) parts.push('(degraded)');
  if (r.recheck && r.recheck !== 'none') parts.push(`(re-checked: ${r.recheck})`);
  if (r.recheckOf) parts.push('(re-check)');
  if (r.outcome !== 'success') parts.push(`reason: ${r.reason}`);
  return parts.join(' ');
}
