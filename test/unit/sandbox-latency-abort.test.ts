// A client that gives up during an injected `latency` fault must not leave its handler waiting out
// the delay (with a fault of minutes, every aborted poll kept a handler, a timer and a response alive),
// and nothing is written to the closed connection afterwards.
import { connect } from 'node:net';
import { afterEach, expect, test } from 'vitest';
import type { Sandbox } from '../../src/sandbox/index.ts';
import { FakeClock } from '../../src/timing/clock.ts';
import { TEST_CREDENTIALS, admin, sandboxFor } from './helpers.ts';

let sandbox: Sandbox;
afterEach(async () => sandbox?.stop());

async function until(what: () => boolean, ms = 2000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!what()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** Opens a status call on a raw socket and returns it still waiting for the answer. */
function openStatusCall(): ReturnType<typeof connect> {
  const s = connect(sandbox.port, '127.0.0.1', () =>
    s.write(`GET /opportunity/update/status?RequestID=x HTTP/1.1\r\nhost: 127.0.0.1\r\nx-api-key: ${TEST_CREDENTIALS.apiKey}\r\n\r\n`),
  );
  s.on('error', () => {});
  return s;
}

test('an aborted call under the latency fault settles its handler and its sleep (fake clock)', async () => {
  const clock = new FakeClock();
  sandbox = await sandboxFor({}, clock);
  expect((await admin(sandbox, 'POST', '/faults', { kind: 'latency', ms: 600_000 })).status).toBe(201);
  const sockets = [openStatusCall(), openStatusCall(), openStatusCall()];
  await until(() => sandbox.pendingHandlers === 3 && clock.pendingSleepers === 3);
  for (const s of sockets) s.destroy();
  await until(() => sandbox.pendingHandlers === 0 && clock.pendingSleepers === 0);
  // The delay running out later writes nothing: no status answer was ever counted.
  await clock.advance(600_000);
  expect(sandbox.answered.get('status 400') ?? 0).toBe(0);
  expect(sandbox.answered.get('status fault:latency')).toBe(3);
});

test('an aborted call under the latency fault settles its handler (system clock), and a patient one is answered', async () => {
  sandbox = await sandboxFor();
  await admin(sandbox, 'POST', '/faults', { kind: 'latency', ms: 120_000, count: 1 });
  const s = openStatusCall();
  await until(() => sandbox.pendingHandlers === 1);
  s.destroy();
  await until(() => sandbox.pendingHandlers === 0);

  await admin(sandbox, 'POST', '/faults', { kind: 'latency', ms: 50, count: 1 });
  const res = await fetch(`${sandbox.url}/opportunity/update/status?RequestID=x`, { headers: { 'x-api-key': TEST_CREDENTIALS.apiKey } });
  expect(res.status).toBe(400); // unknown RequestID, answered after the delay
  expect(sandbox.pendingHandlers).toBe(0);
});
