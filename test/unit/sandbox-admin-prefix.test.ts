// The sandbox's admin path has one spelling (src/sandbox/admin-prefix.ts): the sandbox serves its admin
// API there, and the probe that tells a sandbox from a real host asks there.
import { createServer } from 'node:http';
import { afterEach, expect, test } from 'vitest';
import { SANDBOX_ADMIN_PREFIX, answersAsSandbox } from '../../src/config/sandbox-probe.ts';
import { ADMIN_PREFIX, startSandbox, type Sandbox } from '../../src/sandbox/index.ts';

let sandbox: Sandbox | null = null;
afterEach(async () => {
  await sandbox?.stop();
  sandbox = null;
});

test('the probe asks where the sandbox serves its admin API, and finds it', async () => {
  sandbox = await startSandbox({ settings: { seed: 1 } });
  const health = await fetch(`${sandbox.url}${SANDBOX_ADMIN_PREFIX}health`);
  expect(await health.json()).toMatchObject({ ok: true });
  expect(await answersAsSandbox(sandbox.url)).toBe(true);
});

test("the probe's prefix is the sandbox's, with the slash that ends it", () => {
  expect(SANDBOX_ADMIN_PREFIX).toBe(`${ADMIN_PREFIX}/`);
});

test('a loopback host that is not a sandbox is not taken for one', async () => {
  const server = createServer((_req, res) => res.writeHead(404).end());
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  try {
    expect(await answersAsSandbox(`http://127.0.0.1:${(server.address() as { port: number }).port}`)).toBe(false);
  } finally {
    server.close();
  }
});
