// Wires the status page onto a running monitor, for the CLI: opens the history (beside the ledger unless
// --history says where; in memory when the ledger is), subscribes it to the monitor's records (one
// onResult subscriber: the page never reads the monitor's insides), and returns the routes to serve
// beside /metrics. The monitor knows nothing of the page; the page knows the monitor only through this.
import { dirname, join } from 'node:path';
import type { Monitor } from '../monitor/monitor.ts';
import { CanaryHistory } from './history.ts';
import { statusRoutes } from './routes.ts';
import { PACKAGE_VERSION } from './version.ts';

export interface AttachOptions {
  /** The history file; undefined: beside the ledger (`canary-history.json`), or in memory with an in-memory ledger. */
  historyPath: string | undefined;
  /** The base URL canaries are submitted to (what each record names as its target). */
  target: string;
  /** How cycles are scheduled, for people (`every 5s`, `cron 0 * * * *`). */
  schedule: string;
  budgetLimit: number;
  log: (line: string) => void;
}

/** The history's file when --history is not given: beside the ledger, or none (memory). */
export function defaultHistoryPath(ledgerPath: string | null): string | null {
  return ledgerPath ? join(dirname(ledgerPath), 'canary-history.json') : null;
}

/** Throws a HistoryError when the history file cannot be used (the CLI: a bad --history). */
export function attachStatusPage(monitor: Monitor, o: AttachOptions) {
  const history = new CanaryHistory(o.historyPath ?? defaultHistoryPath(monitor.ledger.path), { lock: true, log: o.log });
  history.setMeta({ version: PACKAGE_VERSION, target: o.target, schedule: o.schedule, budgetLimit: o.budgetLimit });
  const unsubscribe = monitor.onResult((record) => history.add(record));
  const routes = statusRoutes({
    history,
    info: { version: PACKAGE_VERSION, target: history.meta!.target, schedule: o.schedule, budgetLimit: o.budgetLimit, metrics: 'metrics' },
  });
  return {
    history,
    routes,
    close: () => {
      unsubscribe();
      history.close();
    },
  };
}
