// The ledger file belongs to one monitor, and a canary is resumed only against the target it was
// submitted to. Two monitors sharing a file (or a monitor pointed at another host) used to resume
// each other's canaries and ask the wrong provider about them.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, test, vi } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { Ledger, LedgerError } from '../../src/monitor/ledger.ts';
import type { Sandbox } from '../../src/sandbox/index.ts';
import { CANARY, CREDS, metricsOf, monitorFor, sample, sandbox } from '../support/monitor.ts';

const cleanup: Array<() => void | Promise<void>> = [];
afterEach(async () => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
  for (const c of cleanup.splice(0)) await c();
});

const ledgerFile = () => join(mkdtempSync(join(tmpdir(), 'lsq-ledger-lock-')), 'ledger.json');

/** A live process that is not this one, to own a lock. */
function otherProcess(): number {
  const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60_000)'], { stdio: 'ignore' });
  cleanup.push(() => void child.kill());
  return child.pid!;
}

/** The pid of a process that has ended. */
function deadPid(): number {
  return spawnSync(process.execPath, ['-e', '0']).pid;
}

test('a ledger locked by another live monitor is refused, naming the owner and the way out', () => {
  const path = ledgerFile();
  const owner = otherProcess();
  writeFileSync(`${path}.lock`, String(owner));
  expect(() => new Ledger(path)).toThrow(LedgerError);
  expect(() => new Ledger(path)).toThrow(new RegExp(`in use by another monitor \\(pid ${owner}.*own --ledger`));
  expect(readFileSync(`${path}.lock`, 'utf8')).toBe(String(owner)); // the owner keeps its lock
});

test("a dead monitor's lock is stale and taken over (a SIGKILLed monitor restarts)", () => {
  const path = ledgerFile();
  writeFileSync(`${path}.lock`, String(deadPid()));
  const ledger = new Ledger(path);
  expect(JSON.parse(readFileSync(`${path}.lock`, 'utf8')).pid).toBe(process.pid);
  ledger.close();
  expect(existsSync(`${path}.lock`)).toBe(false);
});

test('a ledger that is not JSON, or not a ledger, is refused and left as it was', () => {
  for (const text of ['{"version":1,"unsettled":[', '{"hello":"world"}', 'null']) {
    const path = ledgerFile();
    writeFileSync(path, text);
    expect(() => new Ledger(path)).toThrow(LedgerError);
    expect(() => new Ledger(path)).toThrow(/left as it is/);
    expect(readFileSync(path, 'utf8')).toBe(text);
    expect(existsSync(`${path}.lock`)).toBe(false); // a refused ledger holds no lock
  }
});

test('a canary submitted to another target is expired with a reason, and that target is not asked', async () => {
  const sb: Sandbox = await sandbox();
  cleanup.push(() => sb.stop());
  const path = ledgerFile();
  const other = new Ledger(path);
  const entry = other.open({
    canaryId: 'elsewhere-1',
    opportunityId: CANARY,
    target: 'https://api-in21.leadsquared.example',
    marker: 'm',
    startedAt: Date.now(),
  });
  other.submitted(entry.canaryId, '11111111-2222-4333-8444-555555555555', Date.now());
  other.close();

  const { monitor } = monitorFor(sb, { ledgerPath: path });
  const [r] = await monitor.resumeUnsettled();
  await monitor.stop(0);
  expect(r).toMatchObject({
    outcome: 'timeout',
    resumed: true,
    polls: 0,
    reason: expect.stringMatching(/submitted to https:\/\/api-in21\.leadsquared\.example, not to this monitor's target http:\/\/127\.0\.0\.1:\d+; not resumed/),
  });
  expect(sample(await metricsOf(monitor), 'lsq_canary_http_requests_total', { endpoint: 'status', code: '400' })).toBeUndefined();
  const onDisk = JSON.parse(readFileSync(path, 'utf8'));
  expect(onDisk.unsettled).toEqual([]);
  expect(onDisk.recent.at(-1)).toMatchObject({ canaryId: 'elsewhere-1', outcome: 'timeout' });
});

test('a canary of this target is recorded with it and resumed as before', async () => {
  const sb: Sandbox = await sandbox();
  cleanup.push(() => sb.stop());
  const path = ledgerFile();
  const { monitor } = monitorFor(sb, { ledgerPath: path });
  const r = (await monitor.cycle())!;
  await monitor.stop(0);
  expect(r.outcome).toBe('success');
  expect(JSON.parse(readFileSync(path, 'utf8')).recent.at(-1)).toMatchObject({ target: sb.url, outcome: 'success' });
  expect(existsSync(`${path}.lock`)).toBe(false); // stop() released it
});

test('lsq-harness monitor with a ledger in use, or broken, exits 2 naming --ledger', async () => {
  const sb: Sandbox = await sandbox();
  cleanup.push(() => sb.stop());
  const inUse = ledgerFile();
  writeFileSync(`${inUse}.lock`, String(otherProcess()));
  const broken = ledgerFile();
  writeFileSync(broken, 'not json');
  const creds = { LSQ_ACCESS_KEY: CREDS.accessKey, LSQ_SECRET_KEY: CREDS.secretKey, LSQ_API_KEY: CREDS.apiKey, LSQ_CANARY_OPPORTUNITY_ID: CANARY };
  for (const [k, v] of Object.entries(creds)) vi.stubEnv(k, v);
  let stderr = '';
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
    stderr += String(chunk);
    return true;
  });
  vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
  for (const path of [inUse, broken]) {
    stderr = '';
    const code = await main(['monitor', '--once', '--host', sb.url, '--listen', '127.0.0.1:0', '--ledger', path]);
    expect(code, stderr).toBe(2);
    expect(stderr).toMatch(/bad setting --ledger: /);
  }
});

test('a malformed entry is reported once, moved aside with the reason, and the valid entries are kept', () => {
  const path = ledgerFile();
  const good = {
    canaryId: 'good-1',
    opportunityId: CANARY,
    target: 'http://127.0.0.1:1',
    marker: 'm',
    startedAt: 1,
    phase: 'submitted',
    requestId: '11111111-2222-4333-8444-555555555555',
    submittedAt: 2,
  };
  const bad = { ...good, canaryId: 'bad-1', requestId: 42, phase: 'flying' };
  writeFileSync(path, JSON.stringify({ version: 1, unsettled: [good, bad], recent: [{ canaryId: 'bad-2' }] }));
  const lines: string[] = [];
  const ledger = new Ledger(path, { log: (l) => lines.push(l) });
  expect(ledger.unsettled()).toEqual([good]);
  expect(ledger.recent()).toEqual([]);
  expect(lines).toHaveLength(2);
  expect(lines[0]).toMatch(/rejected a malformed unsettled entry bad-1 \(.*requestId.*\); moved to .*ledger\.json\.rejected\.json/);
  expect(lines[1]).toMatch(/rejected a malformed recent entry bad-2/);
  const aside = JSON.parse(readFileSync(`${path}.rejected.json`, 'utf8'));
  expect(aside.map((r: { entry: { canaryId: string } }) => r.entry.canaryId)).toEqual(['bad-1', 'bad-2']);
  expect(aside[0].reason).toMatch(/phase/);
  expect(JSON.parse(readFileSync(path, 'utf8')).unsettled).toEqual([good]); // the ledger on disk is clean
  ledger.close();
  const again: string[] = [];
  new Ledger(path, { log: (l) => again.push(l) }).close();
  expect(again).toEqual([]); // reported once, not at every start
});
