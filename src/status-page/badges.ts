// Shields-style ("flat") SVG badges for READMEs and wikis: uptime over 24 h, p95 completion latency over
// 24 h, and the current state. Drawn here from the status data (no request to shields.io): a grey label,
// a coloured value, Verdana 11 px with widths from a per-character table, as shields.io lays them out.
import { formatMs } from './plot.ts';
import type { StatusData } from './status-data.ts';

const COLOURS = { brightgreen: '#4c1', green: '#97ca00', yellow: '#dfb317', orange: '#fe7d37', red: '#e05d44', blue: '#007ec6', grey: '#9f9f9f' } as const;
type Colour = keyof typeof COLOURS;

/** Approximate advance widths of Verdana 11 px (shields.io measures the same font). */
function textWidth(text: string): number {
  let w = 0;
  for (const ch of text) w += /[il.,:;|!'\s]/.test(ch) ? 3.5 : /[fjrt()\-[\]]/.test(ch) ? 4.6 : /[mwMW%]/.test(ch) ? 10.5 : /[A-Z0-9]/.test(ch) ? 7.6 : 6.6;
  return Math.ceil(w);
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export function badge(label: string, value: string, colour: Colour): string {
  const lw = textWidth(label) + 10;
  const vw = textWidth(value) + 10;
  const w = lw + vw;
  const text = (s: string, cx: number) => `<text x="${cx}" y="15" fill="#010101" fill-opacity=".3">${esc(s)}</text><text x="${cx}" y="14">${esc(s)}</text>`;
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="20" role="img" aria-label="${esc(`${label}: ${value}`)}"><title>${esc(`${label}: ${value}`)}</title>` +
    `<linearGradient id="s" x2="0" y2="100%"><stop offset="0" stop-color="#bbb" stop-opacity=".1"/><stop offset="1" stop-opacity=".1"/></linearGradient>` +
    `<clipPath id="r"><rect width="${w}" height="20" rx="3" fill="#fff"/></clipPath>` +
    `<g clip-path="url(#r)"><rect width="${lw}" height="20" fill="#555"/><rect x="${lw}" width="${vw}" height="20" fill="${COLOURS[colour]}"/><rect width="${w}" height="20" fill="url(#s)"/></g>` +
    `<g fill="#fff" text-anchor="middle" font-family="Verdana,Geneva,DejaVu Sans,sans-serif" font-size="11">${text(label, lw / 2)}${text(value, lw + vw / 2)}</g></svg>\n`
  );
}

export const BADGES = ['uptime', 'latency', 'status'] as const;
export type BadgeName = (typeof BADGES)[number];

/** The badge `name` for the monitor's own target. */
export function badgeFor(name: BadgeName, data: StatusData): string {
  const t = data.targets[0];
  if (name === 'uptime') {
    const u = t?.uptime['24h'];
    if (!u || u.ratio === null) return badge('uptime 24h', 'no data', 'grey');
    const pct = u.ratio * 100;
    const colour: Colour = pct >= 99.9 ? 'brightgreen' : pct >= 99 ? 'green' : pct >= 95 ? 'yellow' : pct >= 90 ? 'orange' : 'red';
    return badge('uptime 24h', `${pct === 100 ? '100' : pct.toFixed(2)}%`, colour);
  }
  if (name === 'latency') {
    const p95 = data.latency['24h'].completionMs.p95;
    if (p95 === null) return badge('p95 completion', 'no data', 'grey');
    // The alert LsqCompletionLatencyOverSLO fires at p95 > 120 s (monitors/prometheus/alerts.yml).
    const colour: Colour = p95 <= 30_000 ? 'brightgreen' : p95 <= 60_000 ? 'green' : p95 <= 120_000 ? 'yellow' : 'red';
    return badge('p95 completion', formatMs(p95), colour);
  }
  const state = t?.state ?? 'unknown';
  const look: Record<typeof state, [string, Colour]> = {
    up: ['up', 'brightgreen'],
    degraded: ['degraded', 'yellow'],
    down: ['down', 'red'],
    maintenance: ['maintenance', 'blue'],
    unknown: ['no data', 'grey'],
  };
  return badge('async API', ...look[state]);
}
