// Every metric the canary monitor exports, in one registry (prom-client). Names follow the project's
// convention: lsq_ prefix, base units, counters end in _total, labels of low cardinality only
// (never a RequestID or an opportunity id). This file only defines them: what a canary moves is set in
// one place, src/monitor/publish.ts, from the canary's record.
import { registerProcessMetrics } from './process-metrics.ts';
import { Counter, Gauge, Histogram, Registry } from './prom-client-parts.ts';
import { VIOLATION_RULES } from '../contract/index.ts';
import { COMPLETION_SECONDS_BUCKETS, HTTP_SECONDS_BUCKETS, POLLS_BUCKETS, UNCERTAINTY_SECONDS_BUCKETS } from './buckets.ts';

export const OUTCOMES = ['success', 'failure', 'error', 'timeout', 'rate_limited', 'http_error', 'contract_violation'] as const;
export type Outcome = (typeof OUTCOMES)[number];

// prom-client's default Node metrics include gauges whose names end in _total, which
// `promtool check metrics` rejects (a _total suffix promises a counter). We drop those three.
const LINT_BREAKING_DEFAULTS = ['nodejs_active_handles_total', 'nodejs_active_requests_total', 'nodejs_active_resources_total'];

export interface CanaryMetrics {
  registry: Registry;
  submitSeconds: Histogram<'code'>;
  statusCallSeconds: Histogram<'code'>;
  httpRequests: Counter<'endpoint' | 'code'>;
  completionSeconds: Histogram<'outcome'>;
  completionUncertainty: Histogram<'outcome'>;
  pollsPerCanary: Histogram;
  runs: Counter<'outcome'>;
  violations: Counter<'rule'>;
  lastSuccess: Gauge;
  lastRun: Gauge;
  inFlight: Gauge;
  budgetSpent: Gauge;
  budgetLimit: Gauge;
  ledgerUnsettled: Gauge;
  info: Gauge<'target'>;
  // The SLIs' own counters and the lifecycle of a canary through the queue (docs/monitor.md, monitors/slo.yml).
  accepted: Counter;
  leaked: Counter;
  stuck: Counter;
  degraded: Counter;
  retriesSeen: Counter;
  queueSeconds: Histogram;
  rechecks: Counter<'result'>;
  maintenance: Gauge;
  /** Where lsq_maintenance is read from at each scrape (1 while a maintenance window is open). */
  readMaintenanceFrom(source: () => boolean): void;
  /**
   * Where lsq_canary_rate_budget_spent is read from at each scrape or push (the client's limiter): the
   * calls in the current window change as the window slides, between calls too, so it is read live
   * rather than set by whoever called last.
   */
  readBudgetFrom(source: () => number): void;
}

export function createCanaryMetrics(options: { processMetrics?: boolean } = {}): CanaryMetrics {
  const registry = new Registry();
  if (options.processMetrics !== false) {
    registerProcessMetrics(registry);
    for (const name of LINT_BREAKING_DEFAULTS) registry.removeSingleMetric(name);
  }
  const registers = [registry];
  let budgetSource: (() => number) | null = null;
  let maintenanceSource: (() => boolean) | null = null;
  const m: CanaryMetrics = {
    registry,
    submitSeconds: new Histogram({
      name: 'lsq_canary_submit_duration_seconds',
      help: 'Latency of the update (submit) call, by HTTP code ("none" when no answer).',
      labelNames: ['code'],
      buckets: HTTP_SECONDS_BUCKETS,
      registers,
    }),
    statusCallSeconds: new Histogram({
      name: 'lsq_canary_status_call_duration_seconds',
      help: 'Latency of each status call, by HTTP code ("none" when no answer).',
      labelNames: ['code'],
      buckets: HTTP_SECONDS_BUCKETS,
      registers,
    }),
    httpRequests: new Counter({
      name: 'lsq_canary_http_requests_total',
      help: 'HTTP calls the monitor made, by endpoint (update, status) and code (200, 429, …; "none" for timeouts and connection errors).',
      labelNames: ['endpoint', 'code'],
      registers,
    }),
    completionSeconds: new Histogram({
      name: 'lsq_canary_completion_seconds',
      help: 'Completion time by outcome: the middle of the bracket between the last status poll that saw the task running and the first that saw it final (the middle halves the worst error of reading the first final poll, and is exact on average when completions are spread evenly within a bracket); lsq_canary_completion_uncertainty_seconds is the half-width.',
      labelNames: ['outcome'],
      buckets: COMPLETION_SECONDS_BUCKETS,
      registers,
    }),
    completionUncertainty: new Histogram({
      name: 'lsq_canary_completion_uncertainty_seconds',
      help: 'Half the width of the bracket the completion lies in, by outcome: the true completion time is within lsq_canary_completion_seconds plus or minus this.',
      labelNames: ['outcome'],
      buckets: UNCERTAINTY_SECONDS_BUCKETS,
      registers,
    }),
    pollsPerCanary: new Histogram({ name: 'lsq_canary_status_polls', help: 'Status calls spent on one canary.', buckets: POLLS_BUCKETS, registers }),
    runs: new Counter({ name: 'lsq_canary_runs_total', help: 'Canary cycles by outcome.', labelNames: ['outcome'], registers }),
    violations: new Counter({
      name: 'lsq_contract_violations_total',
      help: 'Contract violations seen in provider responses, by rule.',
      labelNames: ['rule'],
      registers,
    }),
    lastSuccess: new Gauge({ name: 'lsq_canary_last_success_timestamp_seconds', help: 'Unix time of the last canary that ended in success.', registers }),
    lastRun: new Gauge({ name: 'lsq_canary_last_run_timestamp_seconds', help: 'Unix time of the last canary that ended, whatever its outcome.', registers }),
    inFlight: new Gauge({ name: 'lsq_canary_in_flight', help: 'Canaries submitted or polling right now.', registers }),
    budgetSpent: new Gauge({
      name: 'lsq_canary_rate_budget_spent',
      help: 'Calls the monitor spent in the current rate-limit window (its own client-side budget).',
      registers,
      collect() {
        if (budgetSource) this.set(budgetSource());
      },
    }),
    budgetLimit: new Gauge({ name: 'lsq_canary_rate_budget_limit', help: 'Calls per window the monitor allows itself.', registers }),
    ledgerUnsettled: new Gauge({ name: 'lsq_canary_ledger_unsettled', help: 'Canaries in the ledger not yet settled (to resume after a restart).', registers }),
    info: new Gauge({ name: 'lsq_canary_info', help: 'Always 1; the target kind (sandbox or remote) as a label.', labelNames: ['target'], registers }),
    accepted: new Counter({
      name: 'lsq_canary_accepted_total',
      help: "Canary updates LeadSquared accepted (a RequestID came back): the leakage SLI's total.",
      registers,
    }),
    leaked: new Counter({ name: 'lsq_canary_leaked_total', help: 'Accepted canary updates never seen final before the deadline.', registers }),
    stuck: new Counter({ name: 'lsq_canary_stuck_total', help: 'Canaries seen still In-Queue past the stuck threshold (--stuck-after).', registers }),
    degraded: new Counter({
      name: 'lsq_canary_degraded_total',
      help: 'Successful canaries slower than the degraded threshold (--degraded-after); never paged on their own.',
      registers,
    }),
    retriesSeen: new Counter({
      name: 'lsq_canary_retries_seen_total',
      help: 'Times a canary was seen entering the retry queue (TaskCurrentStep Retry-Queue).',
      registers,
    }),
    queueSeconds: new Histogram({
      name: 'lsq_canary_queue_seconds',
      help: 'Time from submit to the first status that was no longer In-Queue.',
      buckets: COMPLETION_SECONDS_BUCKETS,
      registers,
    }),
    rechecks: new Counter({
      name: 'lsq_canary_rechecks_total',
      help: 'Re-checks of transport-level failures, by result: transient (the re-check succeeded), confirmed (it failed too), inconclusive.',
      labelNames: ['result'],
      registers,
    }),
    maintenance: new Gauge({
      name: 'lsq_maintenance',
      help: '1 while a maintenance window is open (no canaries run; the SLO alerts are silenced), else 0.',
      registers,
      collect() {
        this.set(maintenanceSource?.() ? 1 : 0);
      },
    }),
    readMaintenanceFrom: (source) => {
      maintenanceSource = source;
    },
    readBudgetFrom: (source) => {
      budgetSource = source;
    },
  };
  // Zero every label value we know, so that rate() and absent() work from the first scrape.
  for (const outcome of OUTCOMES) m.runs.inc({ outcome }, 0);
  for (const rule of VIOLATION_RULES) m.violations.inc({ rule }, 0);
  for (const result of ['transient', 'confirmed', 'inconclusive']) m.rechecks.inc({ result }, 0);
  for (const endpoint of ['update', 'status']) for (const code of ['200', '429']) m.httpRequests.inc({ endpoint, code }, 0);
  return m;
}
