// The status page without a browser: the history file (kept, bounded, reloaded, redacted, locked), the
// state per target, the page's plots and escaping, its weight at the history's cap, the routes' caching,
// and the static files. The browser suite (test/status-page/) checks the page as a person sees it.
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer, type Server } from 'node:http';
import { afterEach, expect, test } from 'vitest';
import { clearSecrets, registerSecret } from '../../src/client/redact.ts';
import type { CanaryRecord } from '../../src/monitor/record.ts';
import { badgeFor } from '../../src/status-page/badges.ts';
import { CanaryHistory, HistoryError } from '../../src/status-page/history.ts';
import { renderPage } from '../../src/status-page/page.ts';
import { statusRoutes } from '../../src/status-page/routes.ts';
import { renderSite } from '../../src/status-page/site.ts';
import { currentState } from '../../src/status-page/state.ts';
import { statusData, StatusDataSchema } from '../../src/status-page/status-data.ts';
import { writeStaticSite } from '../../src/status-page/static-site.ts';

const NOW = Date.UTC(2026, 0, 10, 12, 0, 0);
const HOUR = 3_600_000;
const INFO = { version: '9.9.9', target: 'http://127.0.0.1:1', schedule: 'every 5s', budgetLimit: 5, metrics: 'metrics' };
const tmp = () => mkdtempSync(join(tmpdir(), 'lsq-status-'));

let n = 0;
function record(over: Partial<CanaryRecord> = {}): CanaryRecord {
  n++;
  return {
    canaryId: `c-${n}`,
    target: INFO.target,
    requestId: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    outcome: 'success',
    reason: 'Success',
    startedAt: NOW - 60_000,
    settledAt: NOW - 58_000,
    submitMs: 30,
    completionMs: 2000,
    polls: 3,
    violations: [],
    calls: [],
    budgetSpent: 4,
    resumed: false,
    ...over,
  };
}

afterEach(() => clearSecrets());

test('the history survives a reopen: entries, hourly counts and drift come back from the file', () => {
  const path = join(tmp(), 'history.json');
  const h = new CanaryHistory(path, { now: () => NOW });
  h.add(record());
  h.add(
    record({
      outcome: 'contract_violation',
      reason: 'status.message.object at $.TaskStatus.Message',
      violations: [{ rule: 'status.message.object', path: '$.TaskStatus.Message', detail: 'an object' }],
    }),
  );
  const again = new CanaryHistory(path, { now: () => NOW });
  expect(again.entries().map((e) => e.outcome)).toEqual(['success', 'contract_violation']);
  expect(again.hours()).toEqual([{ target: INFO.target, hour: Math.floor((NOW - 58_000) / HOUR) * HOUR, total: 2, ok: 1 }]);
  expect(again.drift()).toMatchObject([{ rule: 'status.message.object', count: 1, firstSeen: NOW - 58_000 }]);
  expect(readdirSync(join(path, '..')).filter((f) => f.endsWith('.tmp'))).toEqual([]);
});

test('the history is bounded by count and by age, and the hourly counts keep uptime exact past the entry cap', () => {
  const h = new CanaryHistory(null, { now: () => NOW, limits: { maxEntries: 3, maxAgeMs: 2 * HOUR } });
  h.add(record({ settledAt: NOW - 3 * HOUR }));
  for (let i = 0; i < 5; i++) h.add(record({ settledAt: NOW - i * 1000, outcome: i === 0 ? 'failure' : 'success' }));
  expect(h.entries()).toHaveLength(3);
  expect(h.entries().every((e) => e.settledAt > NOW - 2 * HOUR)).toBe(true);
  const data = statusData(h, INFO, NOW);
  expect(data.targets[0]!.uptime['24h']).toEqual({ canaries: 5, successes: 4, ratio: 0.8 });
});

test('a history file that is not a history stops the monitor with a message naming the file, and is left as it is', () => {
  const dir = tmp();
  writeFileSync(join(dir, 'bad.json'), '{"version":1');
  expect(() => new CanaryHistory(join(dir, 'bad.json'))).toThrow(HistoryError);
  writeFileSync(join(dir, 'other.json'), '{"version":2}');
  expect(() => new CanaryHistory(join(dir, 'other.json'))).toThrow(/is not a canary history/);
  expect(readFileSync(join(dir, 'bad.json'), 'utf8')).toBe('{"version":1');
});

test('secrets in a reason or a violation are redacted before the history keeps them, so neither the file nor the page shows them', () => {
  registerSecret('s3cret-Value-42');
  const path = join(tmp(), 'h.json');
  const h = new CanaryHistory(path, { now: () => NOW });
  h.add(
    record({
      outcome: 'http_error',
      reason: 'HTTP 401 for accessKey=s3cret-Value-42',
      violations: [{ rule: 'error.envelope.shape', path: '$', detail: 'got s3cret-Value-42' }],
    }),
  );
  const site = renderSite(h, INFO, NOW)
    .map((f) => f.body)
    .join('\n');
  expect(readFileSync(path, 'utf8')).not.toContain('s3cret-Value-42');
  expect(site).not.toContain('s3cret-Value-42');
  expect(site).toContain('[REDACTED]');
});

test('the state follows the outcome table: up since the first success of the run, unknown outcomes down, maintenance wins', () => {
  const c = (outcome: string, settledAt: number) => ({ outcome, settledAt, reason: outcome });
  expect(currentState([c('failure', 1), c('success', 2), c('success', 3)], 10)).toEqual({ state: 'up', since: 2, reason: 'success' });
  expect(currentState([c('success', 1), c('timeout', 2), c('a-new-outcome', 3)], 10)).toMatchObject({ state: 'down', since: 2 });
  expect(currentState([c('success', 1), c('degraded', 2)], 10)).toMatchObject({ state: 'degraded', since: 2 });
  expect(currentState([c('success', 1)], 10, [{ start: 5, end: 20, reason: 'planned' }])).toEqual({ state: 'maintenance', since: 5, reason: 'planned' });
  expect(currentState([], 10)).toEqual({ state: 'unknown', since: null, reason: null });
});

test('the page escapes what the provider said and draws one point per canary in the last 24 hours', () => {
  const h = new CanaryHistory(null, { now: () => NOW });
  h.add(record({ outcome: 'failure', reason: '<script>alert(1)</script>', completionMs: null }));
  h.add(record());
  h.add(record({ settledAt: NOW - 30 * HOUR })); // outside 24 h, inside 7 d
  const html = renderPage(statusData(h, INFO, NOW), h.entries());
  expect(html).not.toContain('<script>');
  expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  const plot = /<svg class="plot" id="plot-completion-24h"[\s\S]*?<\/svg>/.exec(html)![0];
  const marks = [...plot.matchAll(/<path class="pts [^"]*" data-series="completion" d="([^"]*)"/g)].map((m) => m[1]!.split('M').length - 1);
  expect(marks).toEqual([1, 1]); // one success dot, one failure cross (drawn in the "none" band)
  expect(StatusDataSchema.parse(statusData(h, INFO, NOW)).latency['7d'].canaries).toBe(3);
});

test('at the history cap (20,000 canaries in 24 hours, 50 drifting rows) the page stays under 150 KB: plots switch to time bins', () => {
  const h = new CanaryHistory(null, { now: () => NOW });
  for (let i = 0; i < 20_000; i++) {
    const drift = i >= 19_950;
    h.add(
      record({
        settledAt: NOW - i * 4300,
        completionMs: 1000 + (i % 997) * 7,
        outcome: drift ? 'contract_violation' : i % 50 === 0 ? 'failure' : 'success',
        reason: drift ? 'status.message.object at $.TaskStatus.Message; status.shape at $.TaskStatus.Status' : 'Success',
        violations: drift
          ? [
              { rule: 'status.message.object', path: '$.TaskStatus.Message', detail: 'x'.repeat(300) },
              { rule: 'status.shape', path: '$.TaskStatus.Status', detail: 'y'.repeat(300) },
            ]
          : [],
      }),
    );
  }
  const site = renderSite(h, INFO, NOW);
  const weight = site.filter((f) => f.path === 'index.html' || f.path.startsWith('badge/')).reduce((s, f) => s + Buffer.byteLength(f.body), 0);
  expect(weight).toBeLessThanOrEqual(150 * 1024);
  expect(site[0]!.body).toMatch(/id="plot-completion-24h"[^>]*data-drawn="bins"/);
});

test('the routes answer with an ETag and Cache-Control, 304 on a matching If-None-Match, 405 for a write, and leave other paths alone', async () => {
  const h = new CanaryHistory(null, { now: () => NOW });
  h.add(record());
  const handle = statusRoutes({ history: h, info: INFO, now: () => NOW });
  const server: Server = createServer((req, res) => {
    if (!handle(req, res, (req.url ?? '/').split('?')[0]!)) res.writeHead(404).end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  try {
    const page = await fetch(`${base}/`);
    expect(page.headers.get('cache-control')).toBe('no-cache');
    expect(page.headers.get('content-security-policy')).toMatch(/default-src 'none'/);
    const badge = await fetch(`${base}/badge/status.svg`);
    expect(badge.headers.get('content-type')).toMatch(/^image\/svg\+xml/);
    expect(badge.headers.get('cache-control')).toBe('public, max-age=60');
    expect(await badge.text()).toContain('>up<');
    const etag = badge.headers.get('etag')!;
    expect((await fetch(`${base}/badge/status.svg`, { headers: { 'if-none-match': etag } })).status).toBe(304);
    expect((await fetch(`${base}/badge/status.svg`, { headers: { 'if-none-match': '"other"' } })).status).toBe(200);
    expect((await fetch(`${base}/api/status.json`, { method: 'POST' })).status).toBe(405);
    expect((await fetch(`${base}/elsewhere`)).status).toBe(404);
  } finally {
    server.close();
  }
});

test('the badges say no data on an empty history and colour the uptime by its share', () => {
  const empty = statusData(new CanaryHistory(null), INFO, NOW);
  for (const b of ['uptime', 'latency', 'status'] as const) expect(badgeFor(b, empty)).toContain('no data');
  const h = new CanaryHistory(null, { now: () => NOW });
  for (let i = 0; i < 9; i++) h.add(record());
  h.add(record({ outcome: 'failure' }));
  const svg = badgeFor('uptime', statusData(h, INFO, NOW));
  expect(svg).toContain('90.00%');
  expect(svg).toContain('#fe7d37');
});

test('status-page writes the same files the monitor serves, from the history file; a missing history gives the empty page', () => {
  const dir = tmp();
  const path = join(dir, 'h.json');
  const h = new CanaryHistory(path, { now: () => NOW });
  h.setMeta({ version: '9.9.9', target: INFO.target, schedule: 'every 5s', budgetLimit: 5 });
  h.add(record());
  const written = writeStaticSite({ historyPath: path, outDir: join(dir, 'out'), version: '0.0.0', now: NOW });
  expect(written.map((p) => p.slice(dir.length + 5)).sort()).toEqual([
    'api/status.json',
    'badge/latency.svg',
    'badge/status.svg',
    'badge/uptime.svg',
    'index.html',
  ]);
  const expected = renderSite(h, { ...INFO, metrics: null }, NOW);
  for (const f of expected) expect(readFileSync(join(dir, 'out', f.path), 'utf8')).toBe(f.body);
  writeStaticSite({ historyPath: join(dir, 'none.json'), outDir: join(dir, 'empty'), version: '0.0.0', now: NOW });
  expect(readFileSync(join(dir, 'empty/index.html'), 'utf8')).toContain('No canary has settled yet');
  expect(existsSync(join(dir, 'none.json'))).toBe(false);
});
