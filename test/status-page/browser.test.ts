// The status page in a real browser (Debian's Chromium, headless, driven by playwright-core; one launch
// for the whole file). A monitor (the CLI, as scripts/run.sh runs it) watches a sandbox that this test
// steers canary by canary through a scripted mix of outcomes: a success, a failure (a 503 on submit), a
// drift (Message sent as an object), a 429, a slow one (4 s) and a success again. Then the page must
// show exactly what the history file and the ledger hold, one plot point per canary, the drift rule,
// no console error, no failed request, no request anywhere but the monitor, no serious accessibility
// finding (axe-core injected into the page), in light and dark schemes and on a phone-sized screen —
// and the same after a monitor restart (the history reloaded), and a clean empty page on a new history.
// Screenshots for a reviewer land in reports/status-page/.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { CanaryRecordSchema, type CanaryRecord } from '../../src/monitor/record.ts';
import { HistoryEntrySchema, type HistoryEntry } from '../../src/status-page/history.ts';
import { StatusDataSchema } from '../../src/status-page/status-data.ts';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.ts';
import { CANARY, CREDS, clearFaults, configure, fault, requireBinary } from '../support/monitor.ts';

const ROOT = new URL('../..', import.meta.url).pathname;
const CLI = join(ROOT, 'src/cli/main.ts');
const REPORTS = join(ROOT, 'reports/status-page');
const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const NEVER = '0 0 1 1 *'; // a cron that will not fire during the test: a monitor that only serves

interface RunningMonitor {
  child: ChildProcess;
  url: string;
  records: CanaryRecord[];
  stderr: string[];
  waitRecords: (n: number, timeoutMs?: number) => Promise<void>;
  stop: () => Promise<number | null>;
}

let sb: Sandbox;
let dir: string;
let browser: Browser;
const historyPath = () => join(dir, 'history.json');
const ledgerPath = () => join(dir, 'ledger.json');

async function startMonitor(args: string[]): Promise<RunningMonitor> {
  const env = {
    PATH: process.env.PATH,
    LSQ_ACCESS_KEY: CREDS.accessKey,
    LSQ_SECRET_KEY: CREDS.secretKey,
    LSQ_API_KEY: CREDS.apiKey,
    LSQ_CANARY_OPPORTUNITY_ID: CANARY,
    LSQ_TIMEOUT_MS: '2000',
  };
  const child = spawn(
    process.execPath,
    [CLI, 'monitor', '--host', sb.url, '--listen', '127.0.0.1:0', '--json', '--budget', '25', '--deadline', '20s', ...args],
    { env, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const records: CanaryRecord[] = [];
  const stderr: string[] = [];
  let waiters: Array<() => boolean> = [];
  const wake = () => {
    waiters = waiters.filter((w) => !w());
  };
  let outBuf = '';
  child.stdout!.on('data', (d: Buffer) => {
    outBuf += d.toString();
    const lines = outBuf.split('\n');
    outBuf = lines.pop()!;
    for (const l of lines) if (l.startsWith('{')) records.push(CanaryRecordSchema.parse(JSON.parse(l)));
    wake();
  });
  let errBuf = '';
  const url = await new Promise<string>((resolve, reject) => {
    child.stderr!.on('data', (d: Buffer) => {
      errBuf += d.toString();
      stderr.push(d.toString());
      const m = /status page: (http:\/\/127\.0\.0\.1:\d+)\/$/m.exec(errBuf);
      if (m) resolve(m[1]!);
    });
    child.once('exit', (code) => reject(new Error(`monitor exited ${code}: ${errBuf}`)));
  });
  return {
    child,
    url,
    records,
    stderr,
    waitRecords: (n, timeoutMs = 30_000) =>
      new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`waited for ${n} records, got ${records.length}: ${stderr.join('')}`)), timeoutMs);
        const check = () => {
          if (records.length < n) return false;
          clearTimeout(timer);
          resolve();
          return true;
        };
        if (!check()) waiters.push(check);
      }),
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve(child.exitCode);
        child.once('exit', (code) => resolve(code));
        child.kill('SIGTERM');
      }),
  };
}

interface Visit {
  page: Page;
  consoleErrors: string[];
  failedRequests: string[];
  foreignRequests: string[];
  bytes: number;
}

/** Opens the monitor's page with everything but the monitor blocked, collecting errors and bytes. */
async function visit(url: string, options: { colorScheme: 'light' | 'dark'; width: number; height: number }): Promise<Visit> {
  const context = await browser.newContext({ colorScheme: options.colorScheme, viewport: { width: options.width, height: options.height } });
  const page = await context.newPage();
  const v: Visit = { page, consoleErrors: [], failedRequests: [], foreignRequests: [], bytes: 0 };
  await context.route('**/*', (route) => {
    const u = route.request().url();
    if (u.startsWith(`${url}/`)) return route.continue();
    v.foreignRequests.push(u);
    return route.abort();
  });
  page.on('console', (m) => void (m.type() === 'error' && v.consoleErrors.push(m.text())));
  page.on('pageerror', (e) => v.consoleErrors.push(String(e)));
  page.on('requestfailed', (r) => v.failedRequests.push(`${r.url()} ${r.failure()?.errorText}`));
  page.on('response', async (r) => {
    if (r.status() >= 400) v.failedRequests.push(`${r.url()} ${r.status()}`);
    v.bytes += (await r.body().catch(() => Buffer.alloc(0))).length;
  });
  await page.goto(`${url}/`, { waitUntil: 'load' });
  return v;
}

async function axeFindings(page: Page): Promise<string[]> {
  await page.evaluate(AXE);
  // Expressions as strings: they run in the page, whose DOM types this (Node) project does not load.
  const result = (await page.evaluate("axe.run(document, { resultTypes: ['violations'] })")) as {
    violations: Array<{ id: string; impact: string; help: string; nodes: unknown[] }>;
  };
  return result.violations
    .filter((x) => x.impact === 'serious' || x.impact === 'critical')
    .map((x) => `${x.id} (${x.impact}): ${x.help} — ${x.nodes.length} nodes`);
}

/** What the page's table of last canaries shows, row by row. */
async function rows(page: Page) {
  return page.$$eval('#recent tbody tr', (trs) =>
    trs.map((tr) => ({
      canaryId: tr.getAttribute('data-canary-id'),
      outcome: tr.getAttribute('data-outcome'),
      requestId: tr.getAttribute('data-request-id') || null,
      cells: [...tr.querySelectorAll('td')].map((td) => td.textContent!.replace(/\s+/g, ' ').trim()),
    })),
  );
}

/** Markers drawn in a plot for one series: each marker starts with one `M` (success dot or failure cross). */
async function markers(page: Page, plotId: string, series: string): Promise<number> {
  const ds = await page.$$eval(`#${plotId} path[data-series="${series}"]`, (ps) => ps.map((p) => p.getAttribute('d') ?? ''));
  return ds.join('').split('M').length - 1;
}

interface Snapshot {
  v: Visit;
  shown: Awaited<ReturnType<typeof rows>>;
  entries: HistoryEntry[];
  ledger: Array<{ canaryId: string; outcome: string; requestId: string | null }>;
}

/** The history file's entries and the ledger's recent canaries, oldest first. */
function files(): Pick<Snapshot, 'entries' | 'ledger'> {
  const entries = (JSON.parse(readFileSync(historyPath(), 'utf8')) as { entries: unknown[] }).entries.map((e) => HistoryEntrySchema.parse(e));
  const ledger = (JSON.parse(readFileSync(ledgerPath(), 'utf8')) as { recent: Snapshot['ledger'] }).recent;
  return { entries, ledger };
}

/**
 * The page, and the history file and the ledger as they were when the page was made. The monitor keeps
 * publishing (a canary every 3 s), and on a busy machine a page visit takes longer than that, so reading
 * the files after the visit until they agree with it could fail ten times in a row. Instead the files are
 * read before and after the visit: the page was made at a moment between the two reads, so it shows the
 * files as read after it less the newest canaries, at most those published between the reads. That state
 * is what the assertions compare the page with; when no such state matches (or the ledger disagrees with
 * the history), the visit is made again, and after ten tries the assertions below say what differed.
 */
async function snapshot(url: string): Promise<Snapshot> {
  for (let attempt = 0; ; attempt++) {
    const before = files();
    const v = await visit(url, { colorScheme: 'light', width: 1280, height: 900 });
    const shown = await rows(v.page);
    const after = files();
    const ids = shown
      .map((r) => r.canaryId)
      .reverse()
      .join();
    const known = new Set(before.entries.map((e) => e.canaryId));
    const published = after.entries.filter((e) => !known.has(e.canaryId)).length;
    for (let late = 0; late <= published; late++) {
      const entries = after.entries.slice(0, after.entries.length - late);
      const gone = new Set(after.entries.slice(entries.length).map((e) => e.canaryId));
      const ledger = after.ledger.filter((e) => !gone.has(e.canaryId));
      const entryIds = entries.map((e) => e.canaryId).join();
      if (ids === entryIds && ids === ledger.map((e) => e.canaryId).join()) return { v, shown, entries, ledger };
    }
    if (attempt === 9) return { v, shown, ...after };
    await v.page.context().close();
  }
}

/**
 * The status of a conditional GET with the ETag just received. A canary the monitor publishes between
 * the two requests changes the badge, and so its ETag: a 200 is then right, and the pair is tried
 * again with the new ETag (a few times); a 200 with the same ETag is what fails.
 */
async function revalidated(url: string, etag: string): Promise<number> {
  for (let attempt = 0; ; attempt++) {
    const again = await fetch(url, { headers: { 'if-none-match': etag } });
    await again.arrayBuffer();
    const fresh = again.headers.get('etag');
    if (again.status !== 200 || fresh === etag || !fresh || attempt === 4) return again.status;
    etag = fresh;
  }
}

function expectClean(v: Visit, findings: string[]): void {
  expect(v.consoleErrors).toEqual([]);
  expect(v.failedRequests).toEqual([]);
  expect(v.foreignRequests).toEqual([]);
  expect(findings).toEqual([]);
}

let first: RunningMonitor;

beforeAll(async () => {
  const executablePath = process.env.LSQ_CHROMIUM || requireBinary('chromium');
  dir = mkdtempSync(join(tmpdir(), 'lsq-status-page-'));
  mkdirSync(REPORTS, { recursive: true });
  sb = await startSandbox({ settings: { credentials: CREDS, latency: { kind: 'fixed', ms: 300 } } });
  browser = await chromium.launch({ executablePath, args: ['--no-sandbox', '--disable-gpu'] });
  // --no-recheck: one canary per cycle, so each scripted step meets exactly one canary (a re-check would
  // add a second record to the 503's cycle and shift every later step by one).
  first = await startMonitor(['--interval', '3s', '--no-recheck', '--history', historyPath(), '--ledger', ledgerPath()]);
  // The script: each step is set up before the next canary submits and undone once it settled.
  const steps: Array<{ before?: () => Promise<void>; after?: () => Promise<void> }> = [
    {},
    { before: () => fault(sb, { kind: 'http-5xx', endpoint: 'update', status: 503, count: 1 }) },
    { before: () => configure(sb, { drift: ['message-object'] }), after: () => configure(sb, { drift: [] }) },
    { before: () => fault(sb, { kind: 'rate-limit-storm', endpoint: 'update', count: 1 }) },
    { before: () => configure(sb, { latency: { kind: 'fixed', ms: 4000 } }), after: () => configure(sb, { latency: { kind: 'fixed', ms: 300 } }) },
    {},
  ];
  await first.waitRecords(1);
  for (let i = 1; i < steps.length; i++) {
    await steps[i]!.before?.();
    await first.waitRecords(i + 1);
    await steps[i]!.after?.();
    await clearFaults(sb);
  }
}, 120_000);

afterAll(async () => {
  await first?.stop();
  await browser?.close();
  await sb?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** The ± a row shows after the completion: half the bracket the canary measured it in (none on older entries). */
function plusMinus(e: { completionUncertaintyMs?: number | null }): string {
  return typeof e.completionUncertaintyMs === 'number' ? ` ± ${(e.completionUncertaintyMs / 1000).toFixed(2)} s` : '';
}

test('the scripted canaries produced the mix of outcomes the page must show', () => {
  const outcomes = first.records.map((r) => r.outcome);
  expect(outcomes).toEqual(expect.arrayContaining(['success', 'http_error', 'contract_violation', 'rate_limited']));
  // The slow one (4 s): its bracket's upper edge is past the truth; its middle may fall below 3.5 s.
  expect(first.records.some((r) => r.outcome === 'success' && (r.completionHighMs ?? r.completionMs)! > 3500)).toBe(true);
});

test('the page shows the history: one row per canary as the ledger and the history file hold it, one plot point per canary, the drift rule, and nothing but the monitor is asked for', async () => {
  const { v, shown, entries, ledger } = await snapshot(first.url);
  // Newest first; every canary the monitor published is in the history, the ledger and the table.
  expect(shown.map((r) => r.canaryId)).toEqual(entries.map((e) => e.canaryId).reverse());
  await first.waitRecords(shown.length);
  expect(shown.map((r) => r.canaryId).reverse()).toEqual(first.records.slice(0, shown.length).map((r) => r.canaryId));
  expect(shown.map(({ canaryId, outcome, requestId }) => ({ canaryId, outcome, requestId }))).toEqual(
    ledger.map(({ canaryId, outcome, requestId }) => ({ canaryId, outcome, requestId })).reverse(),
  );
  for (const [i, e] of [...entries].reverse().entries()) {
    const cells = shown[i]!.cells;
    expect(cells[0]).toBe(`${new Date(e.settledAt).toISOString().slice(0, 19).replace('T', ' ')} UTC`);
    expect(cells[2]).toBe(e.submitMs === null ? '—' : `${Math.round(e.submitMs)} ms`);
    expect(cells[3]).toBe(e.completionMs === null ? '—' : `${(e.completionMs / 1000).toFixed(2)} s${plusMinus(e)}`);
    expect(cells[4]).toBe(String(e.polls));
    expect(cells[7]).toBe(e.outcome === 'success' ? '—' : e.reason);
  }
  const drifted = shown.find((r) => r.outcome === 'contract_violation')!;
  expect(drifted.cells[6]).toMatch(/status\.message\.object: Message sent as a JSON object/);
  // One point per canary in the 24-hour plots: completion and submit (failures as crosses, no value in the top band).
  expect(await v.page.getAttribute('#plot-completion-24h', 'data-drawn')).toBe('points');
  expect(await markers(v.page, 'plot-completion-24h', 'completion')).toBe(entries.length);
  expect(await markers(v.page, 'plot-submit-24h', 'submit')).toBe(entries.length);
  expect(await markers(v.page, 'plot-calls-24h', 'polls')).toBe(entries.length);
  expect(await v.page.$$eval('#plot-completion-24h path.fail[data-series="completion"]', (ps) => (ps[0]!.getAttribute('d') ?? '').split('M').length - 1)).toBe(
    entries.filter((e) => e.outcome !== 'success').length,
  );
  expect(await v.page.textContent('#drift tr[data-rule="status.message.object"]')).toMatch(/Message sent as a JSON object/);
  expect(await v.page.getAttribute('.target', 'data-state')).toBe(entries.at(-1)!.outcome === 'success' ? 'up' : 'down');
  expectClean(v, await axeFindings(v.page));
  expect(v.bytes).toBeLessThanOrEqual(150 * 1024);
  writeFileSync(join(REPORTS, 'weight.txt'), `page weight (HTML + badges, uncompressed) with ${entries.length} canaries: ${v.bytes} bytes\n`);
  await v.page.screenshot({ path: join(REPORTS, 'light.png'), fullPage: true });
  await v.page.context().close();
});

test('the dark scheme and a phone-sized screen are clean and readable too', async () => {
  const dark = await visit(first.url, { colorScheme: 'dark', width: 1280, height: 900 });
  expect(await dark.page.evaluate('getComputedStyle(document.body).backgroundColor')).toBe('rgb(13, 17, 23)');
  expectClean(dark, await axeFindings(dark.page));
  await dark.page.screenshot({ path: join(REPORTS, 'dark.png'), fullPage: true });
  await dark.page.context().close();
  const narrow = await visit(first.url, { colorScheme: 'light', width: 390, height: 844 });
  // The page itself never scrolls sideways on a phone: wide tables and plots scroll in their own boxes.
  expect(await narrow.page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
  expectClean(narrow, await axeFindings(narrow.page));
  await narrow.page.screenshot({ path: join(REPORTS, 'narrow.png'), fullPage: true });
  await narrow.page.context().close();
});

test('status.json, the badges and the page carry no secret, and the badges revalidate with their ETag', async () => {
  const json = await (await fetch(`${first.url}/api/status.json`)).text();
  const data = StatusDataSchema.parse(JSON.parse(json));
  await first.waitRecords(data.recent.length);
  expect(data.recent.map((r) => r.canaryId)).toEqual(
    first.records
      .slice(0, data.recent.length)
      .map((r) => r.canaryId)
      .reverse(),
  );
  const badge = await fetch(`${first.url}/badge/uptime.svg`);
  expect(badge.headers.get('cache-control')).toBe('public, max-age=60');
  expect(await badge.text()).toContain('uptime 24h');
  expect(await revalidated(`${first.url}/badge/uptime.svg`, badge.headers.get('etag')!)).toBe(304);
  const everything = [
    json,
    await (await fetch(`${first.url}/`)).text(),
    readFileSync(historyPath(), 'utf8'),
    ...(await Promise.all(['uptime', 'latency', 'status'].map(async (b) => (await fetch(`${first.url}/badge/${b}.svg`)).text()))),
  ].join('\n');
  for (const secret of Object.values(CREDS)) expect(everything).not.toContain(secret);
});

test('after a restart the monitor serves the same page from the reloaded history, and a new history gives a clean empty page', async () => {
  // Stopped first (an in-flight canary may settle during the grace), then the page before is rendered
  // from the history file as it was left, by the static renderer, and compared with the restarted monitor's.
  expect(await first.stop()).toBe(0);
  const kept = (JSON.parse(readFileSync(historyPath(), 'utf8')) as { entries: unknown[] }).entries.map((e) => HistoryEntrySchema.parse(e));
  expect(kept.length).toBeGreaterThanOrEqual(6);

  const again = await startMonitor(['--cron', NEVER, '--history', historyPath(), '--ledger', ledgerPath()]);
  try {
    const after = await visit(again.url, { colorScheme: 'light', width: 1280, height: 900 });
    const shown = await rows(after.page);
    expect(shown.map(({ canaryId, outcome, requestId }) => ({ canaryId, outcome, requestId }))).toEqual(
      kept.map(({ canaryId, outcome, requestId }) => ({ canaryId, outcome, requestId })).reverse(),
    );
    expect(shown.map((r) => r.cells.slice(2, 5))).toEqual(
      kept
        .map((e) => [
          e.submitMs === null ? '—' : `${Math.round(e.submitMs)} ms`,
          e.completionMs === null ? '—' : `${(e.completionMs / 1000).toFixed(2)} s${plusMinus(e)}`,
          String(e.polls),
        ])
        .reverse(),
    );
    expect(await after.page.textContent('#drift tr[data-rule="status.message.object"]')).toMatch(/Message sent as a JSON object/);
    expect(await markers(after.page, 'plot-completion-24h', 'completion')).toBe(kept.length);
    expectClean(after, await axeFindings(after.page));
    await after.page.context().close();
  } finally {
    await again.stop();
  }

  const empty = await startMonitor(['--cron', NEVER, '--history', join(dir, 'empty-history.json'), '--ledger', join(dir, 'empty-ledger.json')]);
  try {
    const v = await visit(empty.url, { colorScheme: 'light', width: 1280, height: 900 });
    expect(await rows(v.page)).toEqual([]);
    expect(await v.page.textContent('#empty')).toMatch(/No canary has settled yet/);
    expect(await v.page.getAttribute('.target', 'data-state')).toBe('unknown');
    expect(await markers(v.page, 'plot-completion-24h', 'completion')).toBe(0);
    expectClean(v, await axeFindings(v.page));
    await v.page.context().close();
  } finally {
    await empty.stop();
  }
});
