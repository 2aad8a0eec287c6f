// The canary monitor: schedules cycles, resumes the ledger's unsettled canaries at start, serves
// /metrics and /healthz, pushes to a Pushgateway when asked, and stops gracefully. Each canary runs
// into a record that is published once (publish.ts); the monitor itself keeps only live state (what is
// in flight, the tally, the latest records). Its collaborators are public and injected — the metrics
// registry, the ledger, the stream of records (onResult) — so tests and the CLI read them, not its insides.
import type { Server } from 'node:http';
import type { LsqClient } from '../client/client.ts';
import { redact } from '../client/redact.ts';
import type { CanaryMetrics } from '../metrics/canary-metrics.ts';
import { loadPushgateway } from '../metrics/prom-client-parts.ts';
import { resumeCanary, runCanary, type CanarySettings } from './canary.ts';
import { startMonitorServer, type ExtraRoutes } from './http-server.ts';
import type { Ledger } from './ledger.ts';
import { AdaptivePollSchedule } from './poll-schedule.ts';
import { CanaryPublisher, type ResultSubscriber } from './publish.ts';
import type { CanaryRecord } from './record.ts';
import { schedule, type Scheduled, type Trigger } from './schedule.ts';
import { inMaintenance, type MaintenanceWindow } from './maintenance.ts';
import { confirmationOf, needsRecheck } from './recheck.ts';

export interface MonitorOptions {
  client: LsqClient;
  metrics: CanaryMetrics;
  ledger: Ledger;
  canary: CanarySettings;
  targetKind: 'sandbox' | 'remote';
  targetDescription: string;
  /** Cycles allowed to overlap (a slow provider must not pile up canaries). */
  maxInFlight?: number;
  pushgatewayUrl?: string | null;
  log?: (line: string) => void;
  schedule?: AdaptivePollSchedule;
  /** Maintenance windows: no canary runs while one is open, and lsq_maintenance reads 1. */
  maintenance?: readonly MaintenanceWindow[];
  /** Re-check a transport-level failure once before it counts (default true). */
  recheck?: boolean;
}

/** How many recent results are kept in memory (for /healthz and tests); counts below cover every one. */
const RESULTS_KEPT = 1000;

export class Monitor {
  /** The most recent records, newest last, at most RESULTS_KEPT of them. */
  readonly results: CanaryRecord[] = [];
  /** The registry every lsq_* metric is in (what /metrics serves and a push sends). */
  readonly metrics: CanaryMetrics;
  /** The durable ledger of canaries (unsettled ones resume at start). */
  readonly ledger: Ledger;
  private counts = { cycles: 0, settled: 0, failed: 0 };
  private cycleWaiters: Array<{ n: number; resolve: () => void }> = [];
  private readonly o: MonitorOptions;
  private readonly pollSchedule: AdaptivePollSchedule;
  private readonly publisher: CanaryPublisher;
  private readonly active = new Set<Promise<CanaryRecord | null>>();
  private readonly abort = new AbortController();
  private scheduled: Scheduled | null = null;
  private server: Server | null = null;
  private stopping = false;
  private skipped = 0;

  constructor(options: MonitorOptions) {
    this.o = options;
    this.metrics = options.metrics;
    this.ledger = options.ledger;
    const budget = options.client.limiter?.settings;
    this.pollSchedule = options.schedule ?? new AdaptivePollSchedule(budget ? { limit: budget.limit, windowMs: budget.windowMs } : {});
    this.publisher = new CanaryPublisher({ metrics: options.metrics, ledger: options.ledger, log: (line) => this.log(line) });
    options.metrics.info.set({ target: options.targetKind }, 1);
    if (options.client.limiter) options.metrics.budgetLimit.set(options.client.limiter.settings.limit);
    options.metrics.readBudgetFrom(() => options.client.budgetSpent());
    options.metrics.ledgerUnsettled.set(options.ledger.unsettled().length);
    options.metrics.readMaintenanceFrom(() => this.inMaintenance());
  }

  /** Whether a maintenance window is open now. */
  inMaintenance(): boolean {
    return inMaintenance(this.o.maintenance ?? [], this.o.client.clock.wallNow());
  }

  /** Hears every canary's record once it is published (after the metrics, the ledger and the line); returns the way to stop. */
  onResult(subscriber: ResultSubscriber): () => void {
    return this.publisher.subscribe(subscriber);
  }

  /** Serves /metrics and /healthz on host:port, and `routes` beside them (the status page); returns the base URL. */
  async listen(host: string, port: number, routes?: ExtraRoutes): Promise<string> {
    const { server, url } = await startMonitorServer(
      host,
      port,
      this.metrics.registry,
      () => ({
        ok: !this.stopping,
        cycles: this.counts.cycles,
        inFlight: this.active.size,
        lastOutcome: this.results.at(-1)?.outcome ?? null,
        target: redact(this.o.targetDescription),
      }),
      (line) => this.log(line),
      routes,
    );
    this.server = server;
    return url;
  }

  /** Resumes unsettled canaries from the ledger (in the background) and starts the schedule. */
  start(trigger: Trigger): void {
    this.resumeUnsettled();
    this.scheduled = schedule(trigger, () => void this.cycle(), this.o.client.clock);
  }

  /** Resumes the ledger's unsettled canaries; returns when all of them are settled. */
  async resumeUnsettled(): Promise<CanaryRecord[]> {
    const entries = this.ledger.unsettled();
    if (entries.length) this.log(`resuming ${entries.length} unsettled canar${entries.length === 1 ? 'y' : 'ies'} from the ledger`);
    return (await Promise.all(entries.map((e) => this.track(resumeCanary(this.deps(), e))))).filter((r): r is CanaryRecord => r !== null);
  }

  /** Runs one cycle now (unless too many are in flight). Never throws for a provider fault. */
  async cycle(): Promise<CanaryRecord | null> {
    if (this.stopping) return null;
    if (this.inMaintenance()) {
      this.log('skipped a cycle: in a maintenance window');
      return null;
    }
    if (this.active.size >= (this.o.maxInFlight ?? 3)) {
      this.skipped++;
      this.log(`skipped a cycle: ${this.active.size} canaries still in flight`);
      return null;
    }
    return this.track(this.runConfirmed(), true);
  }

  /**
   * One cycle's canary, confirmed: a transport-level failure (recheck.ts) is re-checked at once by a
   * second canary, whose calls go through the same limiter, so the re-check spends the monitor's own
   * budget and never more. The first canary is published with the re-check's verdict; the re-check's
   * record is the cycle's result.
   */
  private async runConfirmed(): Promise<CanaryRecord> {
    const first = await runCanary(this.deps());
    if (this.o.recheck === false || this.stopping || !needsRecheck(first)) return first;
    const second = await runCanary(this.deps());
    this.settle({ ...first, recheck: confirmationOf(second) }, false);
    return { ...second, recheckOf: first.canaryId };
  }

  /**
   * Cycles run to an outcome (resumed canaries are not cycles); canaries settled, fresh and resumed; and
   * how many of those did not succeed. Every canary since start, however long the run: `--cycles`
   * stops on the first and judges its exit code on the last (the kept results are only the latest).
   */
  get tally(): { cycles: number; settled: number; failed: number } {
    return { ...this.counts };
  }

  /** Resolves once `n` cycles have run to an outcome. */
  untilCycles(n: number): Promise<void> {
    if (this.counts.cycles >= n) return Promise.resolve();
    return new Promise((resolve) => this.cycleWaiters.push({ n, resolve }));
  }

  /** Stop scheduling, give in-flight canaries `graceMs` to settle, then abort them (they stay in the ledger), final push. */
  async stop(graceMs = 10_000): Promise<void> {
    if (this.stopping) return;
    this.stopping = true;
    this.scheduled?.stop();
    const settled = Promise.allSettled([...this.active]);
    // The grace period sleeps on the clock (chained timers: a grace past 24.8 days would otherwise end
    // after 1 ms) and is cut short once every canary has settled.
    const graceOver = new AbortController();
    const timer = this.o.client.clock.sleep(graceMs, graceOver.signal).catch(() => undefined);
    await Promise.race([settled, timer]);
    graceOver.abort();
    if (this.active.size) {
      this.log(`stopping with ${this.active.size} canaries unsettled; they stay in the ledger and resume on the next start`);
      this.abort.abort(new Error('monitor stopping'));
      await settled;
    }
    await this.push();
    this.ledger.close();
    await new Promise<void>((r) => (this.server ? this.server.close(() => r()) : r()));
  }

  /** Pushes the registry to the Pushgateway (for --once runs and CronJobs). */
  async push(): Promise<void> {
    if (!this.o.pushgatewayUrl) return;
    try {
      const Pushgateway = loadPushgateway();
      await new Pushgateway(this.o.pushgatewayUrl, { timeout: 5000 }, this.metrics.registry).pushAdd({ jobName: 'lsq_canary' });
    } catch (err) {
      this.log(`push to the Pushgateway failed: ${(err as Error).message}`);
    }
  }

  get skippedCycles(): number {
    return this.skipped;
  }

  private deps() {
    return { client: this.o.client, ledger: this.ledger, schedule: this.pollSchedule, settings: this.o.canary, signal: this.abort.signal };
  }

  /** Runs a canary to its record, publishes it once, and keeps the live gauges and the tally. */
  private track(run: Promise<CanaryRecord>, isCycle = false): Promise<CanaryRecord | null> {
    this.metrics.inFlight.inc();
    const p: Promise<CanaryRecord | null> = run
      .then((r) => this.settle(r, isCycle))
      .catch((err) => {
        // Only an abort at shutdown gets here; the canary stays unsettled in the ledger.
        if (!this.abort.signal.aborted) this.log(`canary crashed (a bug): ${(err as Error).stack ?? err}`);
        return null;
      })
      .finally(() => {
        this.active.delete(p);
        this.metrics.inFlight.dec();
        this.metrics.ledgerUnsettled.set(this.ledger.unsettled().length);
      });
    this.active.add(p);
    return p;
  }

  /** Publishes a settled canary once and counts it. A failure a re-check found transient is not a failure. */
  private settle(r: CanaryRecord, isCycle: boolean): CanaryRecord {
    this.publisher.publish(r);
    this.results.push(r);
    if (this.results.length > RESULTS_KEPT) this.results.shift();
    this.counts.settled++;
    if (r.outcome !== 'success' && r.recheck !== 'transient') this.counts.failed++;
    if (isCycle) this.counts.cycles++;
    this.cycleWaiters = this.cycleWaiters.filter((w) => {
      if (w.n > this.counts.cycles) return true;
      w.resolve();
      return false;
    });
    return r;
  }

  private log(line: string): void {
    (this.o.log ?? ((l: string) => process.stdout.write(`${l}\n`)))(redact(line));
  }
}
