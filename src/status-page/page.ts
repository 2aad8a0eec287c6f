// The status page as one self-contained HTML document: "is the async API healthy right now, and lately?"
// Rendered from the status data (status-data.ts) and the history's per-canary points (for the plots), the
// same for the monitor's `/` and for `lsq-harness status-page --out DIR`. No script, no font, no request
// but the badges beside it: the CSS is inline (allowed by its hash in the Content-Security-Policy) and the
// plots are inline SVG. Light and dark schemes follow prefers-color-scheme; tables scroll on a phone.
// Every string from the provider or the history is HTML-escaped (a reason is the provider's text).
import { createHash } from 'node:crypto';
import type { HistoryEntry } from './history.ts';
import { formatMs, formatTick, renderPlot, type PlotPoint } from './plot.ts';
import { stateOfOutcome, type TargetState } from './state.ts';
import { WINDOWS, within, type StatusData } from './status-data.ts';

const CSS = `
:root{color-scheme:light dark;--bg:#fff;--fg:#1f2328;--muted:#57606a;--line:#d0d7de;--card:#f6f8fa;--ok:#1a7f37;--bad:#cf222e;--warn:#9a6700;--info:#0969da;--link:#0969da;--budget:#8250df}
@media (prefers-color-scheme:dark){:root{--bg:#0d1117;--fg:#e6edf3;--muted:#9198a1;--line:#30363d;--card:#161b22;--ok:#3fb950;--bad:#ff7b72;--warn:#d29922;--info:#58a6ff;--link:#58a6ff;--budget:#d2a8ff}}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--fg);font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif}
header,main,footer{max-width:1100px;margin:0 auto;padding:0 16px}
h1{font-size:1.5rem;margin:20px 0 4px}h2{font-size:1.15rem;margin:28px 0 8px;border-bottom:1px solid var(--line);padding-bottom:4px}
a{color:var(--link)}code{font:0.88em ui-monospace,"DejaVu Sans Mono",monospace;overflow-wrap:anywhere}
.meta,small,.muted,figcaption{color:var(--muted)}
.targets{list-style:none;padding:0;display:grid;gap:12px;grid-template-columns:repeat(auto-fit,minmax(280px,1fr))}
.target{background:var(--card);border:1px solid var(--line);border-left:6px solid var(--muted);border-radius:6px;padding:12px 14px}
.target p{margin:0 0 6px}.target .state{font-size:1.3rem}
.s-up{border-left-color:var(--ok)}.s-down{border-left-color:var(--bad)}.s-degraded{border-left-color:var(--warn)}.s-maintenance{border-left-color:var(--info)}
.t-up{color:var(--ok)}.t-down{color:var(--bad)}.t-degraded{color:var(--warn)}.t-maintenance{color:var(--info)}.t-unknown{color:var(--muted)}
dl.uptime{display:flex;gap:18px;margin:8px 0 0;flex-wrap:wrap}dl.uptime dt{color:var(--muted);font-size:.85rem}dl.uptime dd{margin:0;font-weight:600}
figure{margin:12px 0}.scroll{overflow-x:auto}
svg.plot{width:100%;min-width:620px;height:auto;display:block}
.plot text{fill:var(--muted);font-size:20px;font-family:inherit}
.plot .grid{stroke:var(--line);stroke-width:1}.plot .axis{stroke:var(--muted);fill:none}
.plot .pts{fill:none;stroke-linecap:round}.plot .ok{stroke:var(--ok);stroke-width:7}.plot .sub{stroke:var(--info);stroke-width:7}.plot .budget{stroke:var(--budget);stroke-width:7}
.plot .fail{stroke:var(--bad);stroke-width:3;stroke-linecap:butt}
.plot .p50{stroke:var(--fg);stroke-dasharray:10 6;stroke-width:2}.plot .p95{stroke:var(--warn);stroke-dasharray:3 5;stroke-width:3}.plot .limit{stroke:var(--bad);stroke-dasharray:12 6;stroke-width:2}
table{border-collapse:collapse;width:100%;font-size:.9rem}th,td{text-align:left;padding:6px 8px;border-bottom:1px solid var(--line);vertical-align:top}
th{font-weight:600;white-space:nowrap}td.n{text-align:right;white-space:nowrap}td.t{white-space:nowrap}
ul.v{margin:0;padding-left:16px}td.rid code{white-space:nowrap}
.key{display:inline-block;width:12px;height:12px;border-radius:50%;vertical-align:-1px}
.k-ok{background:var(--ok)}.k-sub{background:var(--info)}.k-budget{background:var(--budget)}.k-fail{color:var(--bad);font-weight:700}
.badges img{margin-right:8px;vertical-align:middle}
footer{margin:32px auto 24px}
@media (max-width:600px){body{font-size:14px}h1{font-size:1.25rem}th,td{padding:5px 6px}}
`;

/** The Content-Security-Policy the page needs: nothing but its own inline CSS (by hash) and its badges. */
export const PAGE_CSP = `default-src 'none'; style-src 'sha256-${createHash('sha256').update(CSS).digest('base64')}'; img-src 'self'; base-uri 'none'; form-action 'none'`;

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
const STATE_WORD: Record<TargetState, string> = { up: 'Up', degraded: 'Degraded', down: 'Down', maintenance: 'In maintenance', unknown: 'No data yet' };

function time(ms: number): string {
  const iso = new Date(ms).toISOString();
  return `<time datetime="${iso}">${iso.slice(0, 10)} ${iso.slice(11, 19)}&nbsp;UTC</time>`;
}

function ago(ms: number, now: number): string {
  const s = Math.max(0, Math.round((now - ms) / 1000));
  if (s < 90) return `${s} s ago`;
  if (s < 5400) return `${Math.round(s / 60)} min ago`;
  if (s < 172_800) return `${Math.round(s / 3600)} h ago`;
  return `${Math.round(s / 86_400)} days ago`;
}

const pct = (ratio: number | null) => (ratio === null ? '—' : `${(ratio * 100).toFixed(ratio === 1 ? 0 : 2)}%`);
const ms = (v: number | null) => (v === null ? '—' : formatMs(v));

export function renderPage(data: StatusData, entries: readonly HistoryEntry[]): string {
  const now = data.generatedAt;
  const m = data.monitor;
  const sorted = [...entries].sort((a, b) => a.settledAt - b.settledAt);
  const links = [m.metrics ? `<a href="${esc(m.metrics)}">/metrics</a>` : null, `<a href="api/status.json">status.json</a>`].filter(Boolean).join(' · ');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark"><meta http-equiv="Content-Security-Policy" content="${esc(PAGE_CSP)}">
<title>Async API status · lsq-harness</title><style>${CSS}</style></head>
<body><header><h1>LeadSquared async API status</h1>
<p class="meta">Target <code>${esc(m.target)}</code> · lsq-harness ${esc(m.version)} · canary ${esc(m.schedule)} · generated ${time(now)}${m.metrics ? '' : ' (static page)'} · ${links}</p></header>
<main>
<section aria-labelledby="h-now"><h2 id="h-now">Now</h2>
<ul class="targets">${data.targets.map((t) => targetCard(t, now)).join('')}</ul></section>
${sorted.length ? '' : `<p id="empty">No canary has settled yet: the first result appears here after the first canary (${esc(m.schedule)}).</p>`}
${latencySection('24h', 'last 24 hours', sorted, now, data, m.budgetLimit)}
${latencySection('7d', 'last 7 days', sorted, now, data, null)}
<section aria-labelledby="h-recent"><h2 id="h-recent">Last ${data.recent.length === 50 ? 50 : data.recent.length} canaries</h2>
${
  data.recent.length
    ? `<div class="scroll" role="region" aria-labelledby="h-recent" tabindex="0"><table id="recent"><thead><tr><th scope="col">Settled</th><th scope="col">Outcome</th><th scope="col">Submit</th><th scope="col">Completion</th><th scope="col">Polls</th><th scope="col">RequestID</th><th scope="col">Violations</th><th scope="col">Reason</th></tr></thead><tbody>
${data.recent.map(recentRow).join('\n')}
</tbody></table></div>`
    : '<p class="muted">None yet.</p>'
}</section>
<section aria-labelledby="h-drift"><h2 id="h-drift">Contract drift</h2>
${
  data.drift.length
    ? `<div class="scroll" role="region" aria-labelledby="h-drift" tabindex="0"><table id="drift"><thead><tr><th scope="col">Rule</th><th scope="col">What it means</th><th scope="col">First seen</th><th scope="col">Last seen</th><th scope="col">Count</th><th scope="col">Last seen at</th></tr></thead><tbody>
${data.drift.map((d) => `<tr data-rule="${esc(d.rule)}"><td><code>${esc(d.rule)}</code></td><td>${esc(d.explanation)}</td><td class="t">${time(d.firstSeen)}</td><td class="t">${time(d.lastSeen)}</td><td class="n">${d.count}</td><td><code>${esc(d.lastPath)}</code>: ${esc(d.lastDetail)}</td></tr>`).join('\n')}
</tbody></table></div>`
    : '<p id="no-drift">No contract violation seen in the kept history: every answer matched the contract.</p>'
}</section>
<section aria-labelledby="h-badges"><h2 id="h-badges">Badges</h2>
<p class="badges"><img src="badge/status.svg" alt="async API status badge" width="120" height="20"> <img src="badge/uptime.svg" alt="uptime over 24 hours badge" width="130" height="20"> <img src="badge/latency.svg" alt="p95 completion latency badge" width="150" height="20"></p>
<p class="muted">Embed them: <code>badge/status.svg</code>, <code>badge/uptime.svg</code> (24 h), <code>badge/latency.svg</code> (p95 completion, 24 h).</p></section>
</main>
<footer><p class="muted">Uptime is the share of successful canaries, counted by the hour of settling. Kept history: ${data.kept.canaries} canar${data.kept.canaries === 1 ? 'y' : 'ies'}${data.kept.oldest === null ? '' : ` since ${time(data.kept.oldest)}`}. Times are UTC. Reload for fresh data.</p></footer>
</body></html>
`;
}

function targetCard(t: StatusData['targets'][number], now: number): string {
  const up = (label: string, u: { canaries: number; successes: number; ratio: number | null }) =>
    `<div><dt>${label}</dt><dd>${pct(u.ratio)} <small>(${u.successes} of ${u.canaries})</small></dd></div>`;
  return `<li class="target s-${t.state}" data-target="${esc(t.target)}" data-state="${t.state}">
<p class="state"><strong class="t-${t.state}">${STATE_WORD[t.state]}</strong>${t.since === null ? '' : ` <small>since ${time(t.since)} (${ago(t.since, now)})</small>`}</p>
<p><code>${esc(t.target)}</code></p>
${t.lastCanaryAt === null ? '' : `<p class="muted">Last canary ${ago(t.lastCanaryAt, now)}${t.state === 'up' || t.reason === null ? '' : `: ${esc(t.reason)}`}</p>`}
<dl class="uptime">${up('uptime 24 h', t.uptime['24h'])}${up('7 d', t.uptime['7d'])}${up('30 d', t.uptime['30d'])}</dl></li>`;
}

function latencySection(key: '24h' | '7d', words: string, entries: readonly HistoryEntry[], now: number, data: StatusData, budgetLimit: number | null): string {
  const win = within(entries, now, WINDOWS[key]);
  const from = now - WINDOWS[key];
  const lat = data.latency[key];
  const fail = (e: HistoryEntry) => stateOfOutcome(e.outcome) !== 'up';
  const pts = (v: (e: HistoryEntry) => number | null): PlotPoint[] => win.map((e) => ({ t: e.settledAt, v: v(e), fail: fail(e) }));
  const completion = renderPlot({
    id: `plot-completion-${key}`,
    title: `Completion latency, ${words}`,
    from,
    to: now,
    scale: 'log',
    format: formatTick,
    series: [{ name: 'completion', cls: 'ok', points: pts((e) => e.completionMs) }],
    lines: [
      { label: 'p50', value: lat.completionMs.p50, cls: 'p50' },
      { label: 'p95', value: lat.completionMs.p95, cls: 'p95' },
    ],
  });
  const submit = renderPlot({
    id: `plot-submit-${key}`,
    title: `Submit latency, ${words}`,
    from,
    to: now,
    scale: 'log',
    format: formatTick,
    series: [{ name: 'submit', cls: 'sub', points: pts((e) => e.submitMs) }],
    lines: [
      { label: 'p50', value: lat.submitMs.p50, cls: 'p50' },
      { label: 'p95', value: lat.submitMs.p95, cls: 'p95' },
    ],
  });
  const legend = `<span class="key k-ok" aria-hidden="true"></span> success · <span class="k-fail" aria-hidden="true">✕</span> failed canary (${win.filter(fail).length}) · dashed line p50, dotted line p95 · top band: no value`;
  let out = `<section aria-labelledby="h-lat-${key}"><h2 id="h-lat-${key}">Latency, ${words} <small>(${win.length} canar${win.length === 1 ? 'y' : 'ies'})</small></h2>
<figure>${scroll(completion, `Completion latency plot, ${words}`)}<figcaption>Completion: submit to the first final status, one point per canary, log scale. p50 ${ms(lat.completionMs.p50)}, p95 ${ms(lat.completionMs.p95)}. ${legend}</figcaption></figure>
<figure>${scroll(submit, `Submit latency plot, ${words}`)}<figcaption>Submit: latency of the update call, log scale. p50 ${ms(lat.submitMs.p50)}, p95 ${ms(lat.submitMs.p95)}. <span class="key k-sub" aria-hidden="true"></span> accepted · <span class="k-fail" aria-hidden="true">✕</span> failed canary</figcaption></figure>`;
  if (key === '24h') {
    const budget = renderPlot({
      id: `plot-calls-${key}`,
      title: `Status polls and rate budget used, ${words}`,
      from,
      to: now,
      scale: 'linear',
      format: (v) => String(Math.round(v)),
      series: [
        { name: 'polls', cls: 'ok', points: win.map((e) => ({ t: e.settledAt, v: e.polls, fail: e.rateLimited > 0 })) },
        { name: 'budget', cls: 'budget', points: win.map((e) => ({ t: e.settledAt, v: e.budgetSpent, fail: false })) },
      ],
      lines: [{ label: 'limit', value: budgetLimit, cls: 'limit' }],
    });
    out += `\n<figure>${scroll(budget, `Status polls and rate budget plot, ${words}`)}<figcaption>Per canary: <span class="key k-ok" aria-hidden="true"></span> status polls (<span class="k-fail" aria-hidden="true">✕</span> a canary that got a 429: ${win.filter((e) => e.rateLimited > 0).length}) and <span class="key k-budget" aria-hidden="true"></span> calls of the monitor's rate budget spent in its window when it settled${budgetLimit === null ? '' : ` (limit ${budgetLimit} per window, dashed)`}.</figcaption></figure>`;
  }
  return `${out}</section>`;
}

/** A plot in a box that scrolls sideways on a narrow screen, reachable by keyboard. */
function scroll(svg: string, label: string): string {
  return `<div class="scroll" role="region" tabindex="0" aria-label="${esc(label)}">${svg}</div>`;
}

function recentRow(r: StatusData['recent'][number]): string {
  const violations = r.violations.length
    ? `<ul class="v">${r.violations.map((v) => `<li><code>${esc(v.rule)}</code>: ${esc(v.explanation)}<br><small>at <code>${esc(v.path)}</code>: ${esc(v.detail)}</small></li>`).join('')}</ul>`
    : '—';
  return `<tr data-canary-id="${esc(r.canaryId)}" data-outcome="${esc(r.outcome)}" data-request-id="${esc(r.requestId ?? '')}"><td class="t">${time(r.settledAt)}</td><td><strong class="t-${r.state}">${esc(r.outcome)}</strong>${r.resumed ? ' <small>(resumed)</small>' : ''}</td><td class="n">${r.submitMs === null ? '—' : `${Math.round(r.submitMs)}&nbsp;ms`}</td><td class="n">${r.completionMs === null ? '—' : `${(r.completionMs / 1000).toFixed(2)}&nbsp;s${typeof r.completionUncertaintyMs === 'number' ? `&nbsp;±&nbsp;${(r.completionUncertaintyMs / 1000).toFixed(2)}&nbsp;s` : ''}`}</td><td class="n">${r.polls}</td><td class="rid"><code>${esc(r.requestId ?? '—')}</code></td><td>${violations}</td><td>${r.outcome === 'success' ? '—' : esc(r.reason)}</td></tr>`;
}
