// The monitor's HTTP server survives repeated runtime errors (EMFILE when descriptors run out): each is
// logged and /metrics keeps answering. It used to handle only the first (a `once`); the second crashed.
import { spawnSync } from 'node:child_process';
import { expect, test } from 'vitest';
import { Registry } from 'prom-client';
import { startMonitorServer } from '../../src/monitor/http-server.ts';

test('two runtime errors on the server are both logged and it keeps serving', async () => {
  const lines: string[] = [];
  const health = () => ({ ok: true, cycles: 0, inFlight: 0, lastOutcome: null, target: 'test' });
  const { server, url } = await startMonitorServer('127.0.0.1', 0, new Registry(), health, (l) => lines.push(l));
  try {
    for (let i = 0; i < 2; i++) {
      const err = Object.assign(new Error('accept EMFILE'), { code: 'EMFILE' });
      expect(() => server.emit('error', err)).not.toThrow(); // an unhandled 'error' event throws
    }
    expect(lines).toEqual(['metrics server error (still serving): EMFILE', 'metrics server error (still serving): EMFILE']);
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
  } finally {
    await new Promise((r) => server.close(r));
  }
});

test('a port that cannot be had still fails the start', async () => {
  const first = await startMonitorServer('127.0.0.1', 0, new Registry(), () => ({ ok: true, cycles: 0, inFlight: 0, lastOutcome: null, target: 't' }));
  const port = Number(new URL(first.url).port);
  try {
    await expect(
      startMonitorServer('127.0.0.1', port, new Registry(), () => ({ ok: true, cycles: 0, inFlight: 0, lastOutcome: null, target: 't' })),
    ).rejects.toThrow(/EADDRINUSE/);
  } finally {
    await new Promise((r) => first.server.close(r));
  }
});

test('on an IPv6 loopback the URL it gives is a URL: the address in brackets', async () => {
  const lines: string[] = [];
  const health = () => ({ ok: true, cycles: 0, inFlight: 0, lastOutcome: null, target: 'test' });
  let started: Awaited<ReturnType<typeof startMonitorServer>>;
  try {
    started = await startMonitorServer('::1', 0, new Registry(), health, (l) => lines.push(l));
  } catch (err) {
    // A machine without IPv6 on loopback cannot run this: say so rather than pass silently.
    if ((err as NodeJS.ErrnoException).code === 'EADDRNOTAVAIL') return console.warn('no IPv6 loopback here: skipped');
    throw err;
  }
  try {
    expect(started.url).toMatch(/^http:\/\/\[::1\]:\d+$/);
    expect((await fetch(`${started.url}/healthz`)).status).toBe(200);
  } finally {
    await new Promise((r) => started.server.close(r));
  }
});

test("starting the monitor's server does not load Node's fetch (undici): checked in a fresh process", () => {
  // An ESM value import of node:http reads its WebSocket export, whose getter loads undici (a few MB of
  // the monitor's footprint, BENCHMARKS.md P5). The probe starts the server and serves one request.
  const probe = `
    const { startMonitorServer } = await import(${JSON.stringify(new URL('../../src/monitor/http-server.ts', import.meta.url).pathname)});
    const { Registry } = await import('prom-client');
    const health = () => ({ ok: true, cycles: 0, inFlight: 0, lastOutcome: null, target: 'test' });
    const { server } = await startMonitorServer('127.0.0.1', 0, new Registry(), health, () => {});
    server.close();
    process.stdout.write(JSON.stringify(process.moduleLoadList.filter((m) => m.includes('undici'))));
  `;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', probe], { encoding: 'utf8', timeout: 30_000 });
  expect(r.status, r.stderr).toBe(0);
  expect(JSON.parse(r.stdout)).toEqual([]);
});
