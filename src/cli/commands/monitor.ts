// `lsq-harness monitor`: the scheduled canary. Against the embedded sandbox by default (the README's
// run command); against a real host when LSQ_ASYNC_HOST / --host is set, which then needs
// LSQ_CANARY_OPPORTUNITY_ID. With --json, stdout carries only each canary's record as a JSON line
// (src/monitor/record.ts; what the gate's canary stage reads), and every line for people goes to stderr.
// What the action needs is imported inside it, so that --help loads commander and little else
// (BENCHMARKS.md, P7); the flags' own parsers (durations, maintenance windows) stay light.
import { Command, InvalidArgumentError, Option } from 'commander';
import { ConfigError } from '../../config/errors.ts';
import { parseDuration } from '../../monitor/duration.ts';
import { parseMaintenanceWindow, readMaintenanceFile, type MaintenanceWindow } from '../../monitor/maintenance.ts';
import type { Trigger } from '../../monitor/schedule.ts';
import { EXIT, CommandExit } from '../exit-codes.ts';
import { DURATION_RANGES, duration, listenAddress, pushgatewayUrl, typedDefault, wholeNumber, type ListenAddress } from '../options.ts';
import { err, out } from '../output.ts';

interface MonitorFlags {
  /** ms, like every duration below. */
  interval?: number;
  cron?: string;
  once?: boolean;
  cycles?: number;
  listen: ListenAddress;
  /** '' for none, as if not given. */
  pushgateway?: string;
  ledger?: string;
  deadline?: number;
  budget: number;
  markerField: string;
  host?: string;
  grace: number;
  json?: boolean;
  history?: string;
  /** ms. */
  degradedAfter: number;
  /** ms. */
  stuckAfter: number;
  maintenance: MaintenanceWindow[];
  maintenanceFile?: string;
  recheck: boolean;
}

// The SLO flags' values (docs/monitor.md, "SLOs and paging"): checked while the flags are parsed.
const sloDuration = (flag: string, minMs: number, maxMs: number, text: string) => (raw: string) => {
  const ms = parseDuration(raw);
  if (ms === null || ms < minMs || ms > maxMs) throw new InvalidArgumentError(`${flag} must be a duration from ${text} (like 10s, 5m)`);
  return ms;
};
const maintenanceWindow = (raw: string, previous: MaintenanceWindow[]) => {
  try {
    return [...previous, parseMaintenanceWindow(raw)];
  } catch (e) {
    throw new InvalidArgumentError(`--maintenance ${(e as Error).message}`);
  }
};

export function monitorCommand(): Command {
  return new Command('monitor')
    .description('run the scheduled canary: submit an update, poll it to completion, export metrics')
    .option(
      '--interval <duration>',
      `time between cycles, ${DURATION_RANGES['--interval'].text} (default 30s; 5s against the embedded sandbox)`,
      duration('--interval'),
    )
    .option('--cron <expr>', 'start cycles on a cron expression instead of an interval (any gap between runs; it must have a future run)')
    .option('--once', 'run one cycle (after resuming the ledger), push if asked, exit 0 on success, 1 otherwise')
    .option('--cycles <n>', 'stop after n cycles (demos and tests)', wholeNumber('--cycles', 1, 1_000_000))
    .addOption(
      typedDefault(new Option('--listen <host:port>', 'serve /metrics and /healthz here (port 0: a free one)'), listenAddress('--listen'), '127.0.0.1:9464'),
    )
    .option('--pushgateway <url>', 'push metrics to this Prometheus Pushgateway after each cycle and at exit', pushgatewayUrl('--pushgateway'))
    .option('--ledger <file>', 'the durable canary ledger (default .lsq-harness/canary-ledger.json; in memory against the embedded sandbox)')
    .option(
      '--deadline <duration>',
      `give up polling a canary after this long, ${DURATION_RANGES['--deadline'].text} (default 15m; 60s against the embedded sandbox)`,
      duration('--deadline'),
    )
    .option('--budget <n>', 'calls per rate window the monitor allows itself (the rest is left to production)', wholeNumber('--budget', 1, 100_000), 5)
    .option('--marker-field <schemaName>', 'the canary field that carries the cycle timestamp', process.env.LSQ_CANARY_MARKER_FIELD ?? 'mx_Custom_1')
    .addOption(
      typedDefault(
        new Option('--grace <duration>', `on SIGTERM, how long in-flight canaries may take to settle, ${DURATION_RANGES['--grace'].text}`),
        duration('--grace'),
        '10s',
      ),
    )
    .option('--host <url>', 'target host (default: LSQ_ASYNC_HOST, else an embedded sandbox)')
    .option('--json', "print each canary's result record as one JSON line on stdout (for programs); the lines for people go to stderr")
    .option('--history <file>', "the status page's canary history (default canary-history.json beside the ledger; in memory when the ledger is)")
    .addOption(
      typedDefault(
        new Option('--degraded-after <duration>', 'a success slower than this is degraded: shown, never paged, 100ms to 1d'),
        sloDuration('--degraded-after', 100, 86_400_000, '100ms to 1d'),
        '10s',
      ),
    )
    .addOption(
      typedDefault(
        new Option('--stuck-after <duration>', 'a canary still In-Queue this long after its submit is stuck, 1s to 7d'),
        sloDuration('--stuck-after', 1000, 7 * 86_400_000, '1s to 7d'),
        '30s',
      ),
    )
    .option(
      '--maintenance <window>',
      'a maintenance window, START/END (ISO times) or "cron EXPR LENGTH" (UTC): no canaries, lsq_maintenance 1, SLO alerts silenced; repeatable',
      maintenanceWindow,
      [],
    )
    .option('--maintenance-file <file>', 'maintenance windows, one a line (# comments), read at start')
    .option('--no-recheck', 'count a transport-level failure at once instead of re-checking it')
    .addHelpText(
      'after',
      '\nOne line per canary: outcome, submit latency, completion time, status polls.\nOutcomes: success, failure, error, timeout, rate_limited, http_error, contract_violation.\nWith --json, one JSON object per canary on stdout (fields in docs/monitor.md).\nExit (--once / --cycles): 0 when every cycle succeeded, 1 otherwise; 2 on bad settings.',
    )
    .action(async (o: MonitorFlags) => {
      const { validateCron, typicalIntervalMs } = await import('../../monitor/schedule.ts');
      const { settingsFrom } = await import('../settings-flags.ts');
      const { resolveTarget } = await import('../../config/target.ts');
      const { buildMonitor } = await import('../../monitor/build.ts');
      const { LedgerError } = await import('../../monitor/ledger.ts');
      const { attachStatusPage } = await import('../../status-page/attach.ts');
      const { HistoryError } = await import('../../status-page/history.ts');
      if (o.interval !== undefined && o.cron) throw new ConfigError('--cron', 'give either --interval or --cron, not both');
      const cronProblem = o.cron ? validateCron(o.cron) : null;
      if (cronProblem) throw new ConfigError('--cron', cronProblem);
      const settings = settingsFrom(o);
      const sandboxTarget = settings.target.kind === 'sandbox';
      if (!settings.canaryOpportunityId)
        throw new ConfigError('LSQ_CANARY_OPPORTUNITY_ID', 'is required to monitor a real host: the opportunity the canary may update');
      const intervalMs = o.interval ?? (sandboxTarget ? 5_000 : 30_000);
      const deadlineMs = o.deadline ?? (sandboxTarget ? 60_000 : 15 * 60_000);
      const graceMs = o.grace;
      const listen = o.listen;
      const trigger: Trigger = o.cron ? { kind: 'cron', expression: o.cron } : { kind: 'interval', ms: intervalMs };

      // With --json, stdout holds only the records; everything for people goes to stderr.
      const say = o.json ? err : out;
      const target = await resolveTarget(settings);
      try {
        let monitor: ReturnType<typeof buildMonitor>;
        try {
          monitor = buildMonitor(settings, {
            baseUrl: target.baseUrl,
            targetKind: sandboxTarget ? 'sandbox' : 'remote',
            targetDescription: target.describe,
            budget: o.budget,
            deadlineMs,
            markerField: o.markerField,
            ledgerPath: o.ledger ?? (sandboxTarget ? null : '.lsq-harness/canary-ledger.json'),
            pushgatewayUrl: o.pushgateway || null,
            intervalMs: typicalIntervalMs(trigger),
            log: say,
            degradedAfterMs: o.degradedAfter,
            stuckAfterMs: o.stuckAfter,
            maintenance: [...o.maintenance, ...maintenanceFrom(o.maintenanceFile)],
            recheck: o.recheck,
          });
        } catch (e) {
          // A ledger in use, unreadable or not a ledger: a bad --ledger, like a port that cannot be had.
          if (e instanceof LedgerError) throw new ConfigError('--ledger', e.message);
          throw e;
        }
        let page: ReturnType<typeof attachStatusPage>;
        try {
          page = attachStatusPage(monitor, {
            historyPath: o.history,
            target: target.baseUrl,
            schedule: o.cron ? `cron ${o.cron}` : `every ${intervalMs / 1000}s`,
            budgetLimit: o.budget,
            log: say,
          });
        } catch (e) {
          if (e instanceof HistoryError) throw new ConfigError('--history', e.message);
          throw e;
        }
        let metricsUrl: string;
        try {
          metricsUrl = await monitor.listen(listen.host, listen.port, page.routes);
        } catch (e) {
          throw new ConfigError('--listen', `cannot listen on ${listen.raw}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
        }
        if (o.json) monitor.onResult((record) => out(JSON.stringify(record)));
        say(`target: ${target.describe}`);
        say(`metrics: ${metricsUrl}/metrics  health: ${metricsUrl}/healthz  status page: ${metricsUrl}/`);
        if (o.once) {
          await monitor.resumeUnsettled();
          const r = await monitor.cycle();
          await monitor.stop(0);
          if (r?.outcome !== 'success') throw new CommandExit(EXIT.checkFailed);
          return;
        }
        // The signal handlers first, then the line that says the monitor runs: whoever waits for that
        // line (a supervisor, a test) may stop it at once, and a SIGTERM that came between the two used
        // to kill the process outright (Node's default) instead of letting the canary in flight settle.
        const done = new Promise<void>((resolve) => {
          process.once('SIGINT', () => resolve());
          process.once('SIGTERM', () => resolve());
          // Counted cycles, not kept results: the results are capped at 1,000, so --cycles 1001 never stopped.
          if (o.cycles) void monitor.untilCycles(o.cycles).then(resolve);
        });
        say(o.cron ? `schedule: cron ${o.cron}` : `schedule: every ${intervalMs / 1000}s${o.cycles ? `, ${o.cycles} cycles` : ''} (Ctrl-C to stop)`);
        monitor.start(trigger);
        await done;
        err('stopping: no new cycles; letting in-flight canaries settle…');
        await monitor.stop(graceMs);
        // Every canary since start is judged (a failure count), not just the latest 1,000 results.
        if (o.cycles && monitor.tally.failed > 0) throw new CommandExit(EXIT.checkFailed);
      } finally {
        await target.close();
      }
    });
}

/** The windows of --maintenance-file; a file that cannot be read or holds a bad window exits 2 naming it. */
function maintenanceFrom(path: string | undefined): MaintenanceWindow[] {
  if (!path) return [];
  try {
    return readMaintenanceFile(path);
  } catch (e) {
    throw new ConfigError('--maintenance-file', `${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}
