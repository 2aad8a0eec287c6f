// The gate's budget plan and its forwarder: the order that waits least, the waits a window demands,
// and a forwarder that passes every call through unchanged while it counts and paces them.
import { createServer, type Server } from 'node:http';
import { afterEach, expect, test } from 'vitest';
import { orderStages, waitBefore, type BudgetNeed } from '../../src/gate/budget-plan.ts';
import { startBudgetProxy, type BudgetProxy } from '../../src/gate/budget-proxy.ts';
import { TEST_CREDENTIALS, sandboxFor } from './helpers.ts';
import type { Sandbox } from '../../src/sandbox/index.ts';

let proxy: BudgetProxy | null = null;
let sandbox: Sandbox | null = null;
let server: Server | null = null;
afterEach(async () => {
  await proxy?.close();
  await sandbox?.stop();
  await new Promise((r) => (server ? server.close(r) : r(null)));
  proxy = sandbox = server = null;
});

test('the stage that needs the whole budget goes first, the ones that leave it spent last', () => {
  const given: Array<[string, BudgetNeed]> = [
    ['contracts', 'exhausts'],
    ['replay', 'nothing'],
    ['load', 'empty'],
    ['canary', 'share'],
    ['can-i-deploy', 'nothing'],
  ];
  const order = orderStages(given.map(([stage, need]) => ({ stage, need }))).map((p) => p.stage);
  expect(order).toEqual(['load', 'replay', 'can-i-deploy', 'canary', 'contracts']);
});

test('a stage waits a whole window (and the guard) after the last call when it needs the budget empty or the budget was spent out of sight', () => {
  const W = 5000;
  const G = 250;
  expect(waitBefore('empty', { lastCallAt: null, spentUnseen: false }, 1000, W, G)).toBe(0);
  expect(waitBefore('empty', { lastCallAt: 1000, spentUnseen: false }, 2000, W, G)).toBe(4250);
  expect(waitBefore('empty', { lastCallAt: 1000, spentUnseen: false }, 7000, W, G)).toBe(0);
  // After the load stage (its calls went through the gate's limiter) a sharing stage is paced, not held.
  expect(waitBefore('share', { lastCallAt: 1000, spentUnseen: false }, 2000, W, G)).toBe(0);
  expect(waitBefore('share', { lastCallAt: 1000, spentUnseen: true }, 2000, W, G)).toBe(4250);
  expect(waitBefore('exhausts', { lastCallAt: 1000, spentUnseen: true }, 3000, W, G)).toBe(3250);
  expect(waitBefore('nothing', { lastCallAt: 1000, spentUnseen: true }, 2000, W, G)).toBe(0);
});

test('the forwarder passes calls through unchanged, counts them, and does not count a sandbox admin call', async () => {
  sandbox = await sandboxFor();
  proxy = await startBudgetProxy({ target: sandbox.url, targetIsSandbox: true, rateLimit: { limit: 25, windowMs: 5000, kind: 'sliding' }, guardMs: 250 });
  const q = new URLSearchParams({ accessKey: TEST_CREDENTIALS.accessKey, secretKey: TEST_CREDENTIALS.secretKey });
  const body = JSON.stringify({ ProspectOpportunityId: '5ca5b042-51ea-4699-b6f0-84c40ab12770', Fields: [{ SchemaName: 'mx_Custom_6', Value: '1' }] });
  const res = await fetch(`${proxy.url}/opportunity/update?${q}`, {
    method: 'POST',
    headers: { 'x-api-key': TEST_CREDENTIALS.apiKey, 'content-type': 'application/json' },
    body,
  });
  expect(res.status).toBe(200);
  const accepted = (await res.json()) as { RequestID: string };
  expect(accepted.RequestID).toMatch(/\S/);
  expect(proxy.calls).toBe(1);
  expect(proxy.lastCallAt).not.toBeNull();
  // The sandbox saw the call as sent: its ground truth knows the request id.
  const truth = await fetch(`${proxy.url}/__sandbox/requests/${accepted.RequestID}`);
  expect(truth.status).toBe(200);
  expect(proxy.calls).toBe(1);
});

test('in pace mode the forwarder holds calls over the budget until the window lets them through', async () => {
  const arrivals: number[] = [];
  server = createServer((_req, res) => {
    arrivals.push(performance.now());
    res.end('{}');
  });
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', () => r()));
  const target = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  proxy = await startBudgetProxy({ target, targetIsSandbox: false, rateLimit: { limit: 3, windowMs: 400, kind: 'sliding' }, guardMs: 50 });
  await Promise.all(Array.from({ length: 5 }, () => fetch(`${proxy!.url}/x`).then((r) => r.text())));
  expect(arrivals).toHaveLength(5);
  arrivals.sort((a, b) => a - b);
  // The 4th call waited until the 1st left the window (400 ms + 50 ms guard, measured from when the
  // forwarder let the 1st go; its arrival here can lag that a little on a busy machine). Unpaced, all
  // five arrive within a few ms.
  expect(arrivals[3]! - arrivals[0]!).toBeGreaterThanOrEqual(350);
  expect(proxy.calls).toBe(5);
});

test('in pass mode calls go at once, over the budget, and are still counted', async () => {
  const arrivals: number[] = [];
  server = createServer((_req, res) => {
    arrivals.push(performance.now());
    res.end('{}');
  });
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', () => r()));
  const target = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  proxy = await startBudgetProxy({ target, targetIsSandbox: false, rateLimit: { limit: 3, windowMs: 2000, kind: 'sliding' }, guardMs: 50 });
  proxy.mode = 'pass';
  await Promise.all(Array.from({ length: 6 }, () => fetch(`${proxy!.url}/x`).then((r) => r.text())));
  arrivals.sort((a, b) => a - b);
  expect(arrivals[5]! - arrivals[0]!).toBeLessThan(1500);
  expect(proxy.calls).toBe(6);
  // The gate's view of the window: full, so a stage that must not be paced waits for room first.
  expect(proxy.room()).toBe(0);
});

test('a target that cannot be reached drops the connection, as the target would', async () => {
  proxy = await startBudgetProxy({
    target: 'http://127.0.0.1:9',
    targetIsSandbox: false,
    rateLimit: { limit: 25, windowMs: 5000, kind: 'sliding' },
    guardMs: 250,
  });
  await expect(fetch(`${proxy.url}/opportunity/update`)).rejects.toThrow();
});
