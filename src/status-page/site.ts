// The status page's files, rendered together from one reading of the history: the page, its JSON and
// the three badges. The monitor serves them (routes.ts) and `lsq-harness status-page` writes them to a
// folder (static.ts), so both are the same bytes for the same history and the same moment.
import { badgeFor, BADGES } from './badges.ts';
import type { CanaryHistory } from './history.ts';
import { renderPage } from './page.ts';
import type { MaintenanceWindow } from './state.ts';
import { statusData, type MonitorInfo } from './status-data.ts';

export interface SiteFile {
  /** Path relative to the page (`index.html`, `api/status.json`, `badge/uptime.svg`). */
  path: string;
  contentType: string;
  body: string;
}

export function renderSite(
  history: Pick<CanaryHistory, 'entries' | 'hours' | 'drift'>,
  info: MonitorInfo,
  now: number,
  maintenance: readonly MaintenanceWindow[] = [],
): SiteFile[] {
  const data = statusData(history, info, now, maintenance);
  return [
    { path: 'index.html', contentType: 'text/html; charset=utf-8', body: renderPage(data, history.entries()) },
    { path: 'api/status.json', contentType: 'application/json; charset=utf-8', body: `${JSON.stringify(data, null, 1)}\n` },
    ...BADGES.map((name) => ({ path: `badge/${name}.svg`, contentType: 'image/svg+xml; charset=utf-8', body: badgeFor(name, data) })),
  ];
}
