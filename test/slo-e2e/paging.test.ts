// From a fault to a page and back, on loopback: the sandbox with a fault, the monitor watching it, a
// real Prometheus scraping the monitor and evaluating the generated SLO rules (windows scaled down 60x:
// the 1 h window is a minute), a real Alertmanager routed by the example config (its receivers pointed
// at a webhook receiver written here, its waits shortened), and that receiver. A short blip pages
// nobody; a lasting submit failure pages the availability SLO with its labels and runbook link; the
// page resolves once the fault is cleared. Every wait is bounded; the whole run takes ~2-3 minutes.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { parse, stringify } from 'yaml';
import { createCanaryMetrics } from '../../src/metrics/canary-metrics.ts';
import type { Monitor } from '../../src/monitor/monitor.ts';
import type { Sandbox } from '../../src/sandbox/index.ts';
import { renderSloRules } from '../../src/slo/render.ts';
import { query, startPrometheus, type Running } from '../monitor/processes.ts';
import { clearFaults, fault, freePort, monitorFor, requireBinary, sandbox } from '../support/monitor.ts';

const ROOT = new URL('../../', import.meta.url);
const TIME_SCALE = 60;

interface Notification {
  path: string;
  at: number;
  body: { status: string; receiver: string; alerts: Array<{ status: string; labels: Record<string, string>; annotations: Record<string, string> }> };
}

const received: Notification[] = [];
let webhook: Server;
let sb: Sandbox;
let monitor: Monitor;
let prom: Running;
let am: ChildProcess;
let amDir: string;
const started = Date.now();
const log = (line: string) => process.stdout.write(`[slo-e2e +${((Date.now() - started) / 1000).toFixed(1)}s] ${line}\n`);

/** Waits until `check` holds, polling every 500 ms, for at most `ms`; returns whether it held. */
async function until(ms: number, check: () => boolean | Promise<boolean>): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await check()) return true;
    await new Promise((r) => setTimeout(r, 500));
  }
  return false;
}

const pages = (status?: string) =>
  received.filter((n) => n.path === '/page' && n.body.alerts.some((a) => a.labels.severity === 'page' && (!status || a.status === status)));

/** The example Alertmanager config, its receivers pointed at the test's webhook and its waits shortened. */
function alertmanagerConfig(webhookUrl: string): string {
  const config = parse(readFileSync(new URL('monitors/alertmanager/alertmanager.yml', ROOT), 'utf8'));
  Object.assign(config.route, { group_wait: '1s', group_interval: '1s' });
  for (const receiver of config.receivers) {
    const path = receiver.name === 'pages' ? '/page' : '/ticket';
    for (const key of Object.keys(receiver)) if (key.endsWith('_configs')) delete receiver[key];
    receiver.webhook_configs = [{ url: `${webhookUrl}${path}`, send_resolved: true }];
  }
  return stringify(config);
}

async function startAlertmanager(webhookUrl: string): Promise<string> {
  amDir = mkdtempSync(join(tmpdir(), 'lsq-am-'));
  writeFileSync(join(amDir, 'alertmanager.yml'), alertmanagerConfig(webhookUrl));
  const port = await freePort();
  let out = '';
  const bin = requireBinary('prometheus-alertmanager');
  const args = [
    `--config.file=${join(amDir, 'alertmanager.yml')}`,
    `--storage.path=${join(amDir, 'data')}`,
    `--web.listen-address=127.0.0.1:${port}`,
    '--cluster.listen-address=',
  ];
  // Debian's build reads its default notification template from /usr/share/prometheus/alertmanager/,
  // a fixed path. Unpacked into .tools/ (nothing installed system-wide), that file is under the
  // package's own usr/share: in a private mount namespace of its own, the test binds that folder over
  // /usr/share for Alertmanager alone. A machine with the package installed runs it as it is.
  const share = join(bin, '../../share');
  const [cmd, argv] = existsSync('/usr/share/prometheus/alertmanager/default.tmpl')
    ? [bin, args]
    : ['unshare', ['--mount', '--propagation', 'private', 'sh', '-c', 'mount --bind "$0" /usr/share && exec "$@"', share, bin, ...args]];
  am = spawn(cmd, argv, { stdio: ['ignore', 'pipe', 'pipe'] });
  am.stdout!.on('data', (d) => (out = (out + d).slice(-4000)));
  am.stderr!.on('data', (d) => (out = (out + d).slice(-4000)));
  const url = `http://127.0.0.1:${port}`;
  const ready = await until(20_000, async () => (await fetch(`${url}/-/ready`).catch(() => null))?.ok === true);
  if (!ready) throw new Error(`Alertmanager not ready: ${out}`);
  return url;
}

beforeAll(async () => {
  webhook = createServer((req, res) => {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      const n = { path: req.url ?? '', at: Date.now(), body: JSON.parse(body) };
      received.push(n);
      log(
        `webhook ${n.path}: ${n.body.status} ${n.body.alerts.map((a: { labels: Record<string, string>; status: string }) => `${a.labels.alertname}/${a.labels.severity}/${a.status}`).join(', ')}`,
      );
      res.end('ok');
    });
  });
  await new Promise<void>((r) => webhook.listen(0, '127.0.0.1', r));
  const webhookUrl = `http://127.0.0.1:${(webhook.address() as { port: number }).port}`;
  const amUrl = await startAlertmanager(webhookUrl);

  sb = await sandbox({ rateLimit: { limit: 0 } });
  ({ monitor } = monitorFor(sb, { metrics: createCanaryMetrics({ processMetrics: false }), deadlineMs: 5000 }));
  const target = (await monitor.listen('127.0.0.1', 0)).replace('http://', '');
  const config = [
    'global: { scrape_interval: 1s, evaluation_interval: 1s }',
    'rule_files: [slo-rules.yml]',
    `alerting: { alertmanagers: [{ static_configs: [{ targets: ['${amUrl.replace('http://', '')}'] }] }] }`,
    `scrape_configs: [{ job_name: lsq-canary, static_configs: [{ targets: ['${target}'] }] }]`,
  ].join('\n');
  const rules = renderSloRules(readFileSync(new URL('monitors/slo.yml', ROOT), 'utf8'), { timeScale: TIME_SCALE });
  prom = await startPrometheus(config, { 'slo-rules.yml': rules }, ['--rules.alert.resend-delay=1s']);
  monitor.start({ kind: 'interval', ms: 1000 });
  log('started: sandbox, monitor (a canary a second), Prometheus, Alertmanager, webhook');
}, 60_000);

afterAll(async () => {
  await monitor?.stop(0);
  await prom?.stop();
  if (am && am.exitCode === null) {
    const exited = new Promise((r) => am.once('exit', r));
    am.kill('SIGTERM');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
    if (am.exitCode === null) am.kill('SIGKILL');
  }
  if (amDir) rmSync(amDir, { recursive: true, force: true });
  await sb?.stop();
  await new Promise((r) => webhook?.close(r));
  log(`done in ${((Date.now() - started) / 1000).toFixed(0)} s`);
});

test('a short blip, a lasting fault, recovery: one page with its labels and runbook, then resolved', async () => {
  // Healthy history first: ~40 canaries in Prometheus, so one failure is a small share of every window.
  // The 30 s window (the 6 h tier's short one, scaled) must hold 25 canaries or more, so that one
  // failure stays under its 5.6x burn (0.056) whatever pace a busy machine gives the canaries.
  const inWindow = async (w: string) => Number((await query(prom.url, `sum(increase(lsq_canary_runs_total[${w}]))`).catch(() => []))[0]?.value[1] ?? 0);
  const history = await until(90_000, async () => (await inWindow('30s')) >= 25 && (await inWindow('1m')) >= 40);
  expect(history, 'healthy canaries reached Prometheus').toBe(true);
  const availability = async () => Number((await query(prom.url, 'lsq_slo:sli_error:ratio_rate5m{slo="availability"}'))[0]?.value[1] ?? NaN);
  expect(await availability()).toBe(0);

  // A blip: one cycle whose submit and re-check both fail (a confirmed failure), then healthy again.
  await fault(sb, { kind: 'http-5xx', endpoint: 'update', count: 2 });
  log('blip: one confirmed failure');
  expect(await until(10_000, async () => (await availability()) > 0), 'the blip shows in the 5 m (scaled) window').toBe(true);
  await new Promise((r) => setTimeout(r, 15_000));
  expect(pages(), 'a short blip pages nobody').toEqual([]);

  // A lasting fault: every submit gets a 500 (and so does every re-check).
  await fault(sb, { kind: 'http-5xx', endpoint: 'update' });
  const faultAt = Date.now();
  log('fault: every submit answers 500');
  expect(await until(60_000, () => pages('firing').length > 0), 'the page arrives').toBe(true);
  log(`paged ${((Date.now() - faultAt) / 1000).toFixed(1)} s after the fault`);
  const page = pages('firing')[0]!;
  const alert = page.body.alerts.find((a) => a.labels.severity === 'page')!;
  expect(page.body.receiver).toBe('pages');
  expect(alert.labels).toMatchObject({ alertname: 'LsqAvailabilityBudgetBurn', severity: 'page', slo: 'availability', job: 'lsq-canary' });
  expect(alert.annotations.runbook_url).toMatch(/\/docs\/runbooks\/LsqAvailabilityBudgetBurn\.md$/);
  expect(alert.annotations.description).toMatch(/burning at [\d.]+x/);
  expect(alert.annotations.summary).toContain('availability SLO');
  // The re-checks confirmed the failures: none was transient.
  expect(Number((await query(prom.url, 'sum(lsq_canary_rechecks_total{result="confirmed"})'))[0]?.value[1])).toBeGreaterThan(3);

  // Recovery: the page resolves once the short windows see healthy canaries again.
  await clearFaults(sb);
  const clearedAt = Date.now();
  log('fault cleared');
  expect(
    await until(90_000, () => received.some((n) => n.path === '/page' && n.at > clearedAt && n.body.alerts.every((a) => a.status === 'resolved'))),
    'the page resolves',
  ).toBe(true);
  log(`resolved ${((Date.now() - clearedAt) / 1000).toFixed(1)} s after the fault was cleared`);
  // Nothing but the availability SLO paged.
  expect(new Set(pages().flatMap((n) => n.body.alerts.map((a) => a.labels.alertname)))).toEqual(new Set(['LsqAvailabilityBudgetBurn']));
});
