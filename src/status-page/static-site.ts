// `lsq-harness status-page --out DIR`: the status page as static files (index.html, api/status.json,
// badge/*.svg) rendered from a history file, for publishing where no monitor runs (the way Upptime
// publishes to a static host). Reads the history without locking it (a running monitor may own it);
// each file is written atomically, so a web server never serves half of one.
import { join } from 'node:path';
import { writeAtomically } from '../monitor/atomic-write.ts';
import { CanaryHistory } from './history.ts';
import { renderSite } from './site.ts';

export interface StaticOptions {
  historyPath: string;
  outDir: string;
  /** The version of lsq-harness rendering the page (the history says which monitor wrote it). */
  version: string;
  now?: number;
}

/** Writes the files; returns their paths. A history that cannot be read throws a HistoryError. */
export function writeStaticSite(o: StaticOptions): string[] {
  const now = o.now ?? Date.now();
  // Pruned by age as of the moment rendered, not the clock's (a page of an older history, a test's fixed time).
  const history = new CanaryHistory(o.historyPath, { now: () => now });
  const meta = history.meta;
  const info = {
    version: meta?.version ?? o.version,
    target: meta?.target ?? 'unknown (no monitor has written this history yet)',
    schedule: meta?.schedule ?? 'schedule unknown',
    budgetLimit: meta?.budgetLimit ?? null,
    metrics: null,
  };
  return renderSite(history, info, now).map((f) => {
    const path = join(o.outDir, f.path);
    writeAtomically(path, f.body);
    return path;
  });
}
