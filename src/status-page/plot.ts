// Server-side SVG plots for the status page (decision 008: no plotting library, no script on the page).
// One point per canary: a dot for a success, a cross for a failure; a canary with no value (no final
// status read, a resumed canary's unknown submit) is drawn at the top edge, in the "none" band, so every
// canary still has its point. Past MAX_POINTS canaries in a plot (a monitor every 5 s fills 24 h with
// 17,280), canaries are drawn as time bins — a bar from the bin's lowest to its highest value, and one
// cross where the bin had a failure — so the page stays small; the plot says which it did (data-drawn).
// Points are path subpaths in a 1000-wide viewBox with whole coordinates: ~9 bytes a canary.
// Colours come from the page's CSS classes, so the light and dark schemes both apply.

export const MAX_POINTS = 1000;
const BINS = 500;
const W = 1000;
const H = 260;
const M = { left: 76, right: 130, top: 34, bottom: 34 };
const X0 = M.left;
const X1 = W - M.right;
const Y0 = H - M.bottom;
const Y1 = M.top;
/** Where canaries with no value are drawn, above the plot area. */
const NONE_Y = Y1 - 18;

export interface PlotPoint {
  t: number;
  v: number | null;
  fail: boolean;
}
export interface PlotSeries {
  name: string;
  /** CSS class of its successful points. */
  cls: string;
  points: readonly PlotPoint[];
}
export interface PlotLine {
  label: string;
  value: number | null;
  cls: string;
}
export interface PlotSpec {
  id: string;
  title: string;
  from: number;
  to: number;
  scale: 'log' | 'linear';
  format: (v: number) => string;
  series: readonly PlotSeries[];
  lines?: readonly PlotLine[];
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const r = (n: number) => Math.round(n);

export function renderPlot(spec: PlotSpec): string {
  const values = spec.series
    .flatMap((s) => s.points.flatMap((p) => (p.v === null ? [] : [p.v])))
    .concat((spec.lines ?? []).flatMap((l) => (l.value === null ? [] : [l.value])));
  const y = yScale(spec.scale, values);
  const span = Math.max(1, spec.to - spec.from);
  const x = (t: number) => X0 + ((Math.min(Math.max(t, spec.from), spec.to) - spec.from) / span) * (X1 - X0);
  const count = spec.series.reduce((n, s) => n + s.points.length, 0);
  const binned = spec.series.some((s) => s.points.length > MAX_POINTS);
  const parts: string[] = [];
  parts.push(
    `<svg class="plot" id="${esc(spec.id)}" viewBox="0 0 ${W} ${H}" role="img" aria-labelledby="${esc(spec.id)}-t" data-drawn="${binned ? 'bins' : 'points'}" data-canaries="${spec.series[0]?.points.length ?? 0}">`,
  );
  parts.push(
    `<title id="${esc(spec.id)}-t">${esc(spec.title)}: ${count ? spec.series.map((s) => `${s.points.length} ${s.name}`).join(', ') : 'no canaries yet'}${binned ? `, drawn in ${BINS} time bins` : ''}</title>`,
  );
  // Axes and grid.
  for (const tick of y.ticks)
    parts.push(
      `<path class="grid" d="M${X0} ${r(y.at(tick))}H${X1}"/><text class="tick" x="${X0 - 6}" y="${r(y.at(tick)) + 4}" text-anchor="end">${esc(spec.format(tick))}</text>`,
    );
  parts.push(`<text class="tick" x="${X0 - 6}" y="${NONE_Y + 6}" text-anchor="end">none</text>`);
  for (const t of timeTicks(spec.from, spec.to))
    parts.push(`<path class="grid" d="M${r(x(t.at))} ${Y1}V${Y0}"/><text class="tick" x="${r(x(t.at))}" y="${H - 8}" text-anchor="middle">${t.label}</text>`);
  parts.push(`<path class="axis" d="M${X0} ${Y1}V${Y0}H${X1}"/>`);
  for (const line of spec.lines ?? []) {
    if (line.value === null) continue;
    const ly = r(y.at(line.value));
    parts.push(
      `<path class="${esc(line.cls)}" d="M${X0} ${ly}H${X1}"/><text class="tick" x="${X1 + 4}" y="${ly + 4}">${esc(`${line.label} ${spec.format(line.value)}`)}</text>`,
    );
  }
  for (const s of spec.series) {
    const ok: string[] = [];
    const fail: string[] = [];
    const yOf = (v: number | null) => (v === null ? NONE_Y : r(y.at(v)));
    if (s.points.length <= MAX_POINTS) {
      for (const p of s.points) (p.fail ? fail : ok).push(p.fail ? cross(r(x(p.t)), yOf(p.v)) : `M${r(x(p.t))} ${yOf(p.v)}h0`);
    } else {
      const bins = new Map<number, { lo: number; hi: number; failAt: number | null }>();
      for (const p of s.points) {
        const i = Math.min(BINS - 1, Math.floor(((p.t - spec.from) / span) * BINS));
        const b = bins.get(i) ?? { lo: Infinity, hi: -Infinity, failAt: null };
        const py = yOf(p.v);
        if (p.fail) b.failAt = b.failAt ?? py;
        else [b.lo, b.hi] = [Math.min(b.lo, py), Math.max(b.hi, py)];
        bins.set(i, b);
      }
      for (const [i, b] of bins) {
        const bx = r(X0 + ((i + 0.5) / BINS) * (X1 - X0));
        if (b.lo !== Infinity) ok.push(b.lo === b.hi ? `M${bx} ${b.lo}h0` : `M${bx} ${b.lo}V${b.hi}`);
        if (b.failAt !== null) fail.push(cross(bx, b.failAt));
      }
    }
    parts.push(`<path class="pts ${esc(s.cls)}" data-series="${esc(s.name)}" d="${ok.join('')}"/>`);
    parts.push(`<path class="pts fail" data-series="${esc(s.name)}" d="${fail.join('')}"/>`);
  }
  parts.push('</svg>');
  return parts.join('');
}

/** A cross centred on (x, y): one `M` per marker, so markers can be counted. */
function cross(x: number, y: number): string {
  return `M${x - 5} ${y - 5}l10 10m0-10l-10 10`;
}

interface YScale {
  at: (v: number) => number;
  ticks: number[];
}

function yScale(kind: 'log' | 'linear', values: readonly number[]): YScale {
  if (kind === 'log') {
    const pos = values.filter((v) => v > 0);
    const lo = pos.length ? 10 ** Math.floor(Math.log10(Math.min(...pos))) : 1;
    let hi = pos.length ? 10 ** Math.ceil(Math.log10(Math.max(...pos))) : 1000;
    if (hi <= lo) hi = lo * 10;
    const [a, b] = [Math.log10(lo), Math.log10(hi)];
    const ticks: number[] = [];
    for (let e = a; e <= b; e++) ticks.push(10 ** e);
    return { at: (v) => Y0 - ((Math.log10(Math.max(v, lo)) - a) / (b - a)) * (Y0 - Y1), ticks };
  }
  const max = Math.max(1, ...values);
  const step = niceStep(max / 4);
  const hi = Math.ceil(max / step) * step;
  const ticks: number[] = [];
  for (let v = 0; v <= hi + 1e-9; v += step) ticks.push(v);
  return { at: (v) => Y0 - (Math.max(0, v) / hi) * (Y0 - Y1), ticks };
}

function niceStep(raw: number): number {
  const p = 10 ** Math.floor(Math.log10(raw));
  return [1, 2, 5, 10].map((m) => m * p).find((s) => s >= raw) ?? 10 * p;
}

const HOUR = 3_600_000;
/** Time ticks (UTC): the coarsest step that still gives a few ticks across the span. */
function timeTicks(from: number, to: number): Array<{ at: number; label: string }> {
  const span = to - from;
  const step = [HOUR, 3 * HOUR, 6 * HOUR, 12 * HOUR, 24 * HOUR, 48 * HOUR, 168 * HOUR].find((s) => span / s <= 8) ?? 168 * HOUR;
  const out: Array<{ at: number; label: string }> = [];
  for (let t = Math.ceil(from / step) * step; t <= to; t += step) {
    const iso = new Date(t).toISOString();
    out.push({ at: t, label: step >= 24 * HOUR ? iso.slice(5, 10) : `${iso.slice(11, 16)}` });
  }
  return out;
}

/** A duration in ms for an axis or a table: 340ms, 2.1s, 4.5m, 1.2h. */
export function formatMs(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)}ms`;
  if (ms < 60_000) return `${+(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)}s`;
  if (ms < HOUR) return `${+(ms / 60_000).toFixed(1)}m`;
  return `${+(ms / HOUR).toFixed(1)}h`;
}

/** An axis or line label on a log scale of ms: whole decades read better as 100s than as 1.7m. */
export function formatTick(ms: number): string {
  return ms >= 1000 && ms < 1_000_000 && Number.isInteger(Math.log10(ms)) ? `${ms / 1000}s` : formatMs(ms);
}
