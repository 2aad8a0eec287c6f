// The sandbox's memory for request bodies is capped (maxKeptBodyBytes): every task kept its body, up
// to 256 KiB, and 50,000 tasks were kept (200 posts of 260 KB raised RSS by ~100 MB). The oldest bodies
// of final tasks go first, then the oldest in flight; an evicted task's status still answers in shape.
import { execFile } from 'node:child_process';
import { afterEach, expect, test } from 'vitest';
import type { ErrorEnvelope } from '../../src/contract/schemas.ts';
import type { Sandbox, SandboxSettings } from '../../src/sandbox/index.ts';
import { FakeClock } from '../../src/timing/clock.ts';
import { OPPORTUNITY, TEST_CREDENTIALS, admin, clientFor, type GroundTruth, sandboxFor, update } from './helpers.ts';
import { cliEnv } from '../support/cli-env.ts';

const settingsOf = async (res: Response) => (await res.json()) as SandboxSettings;

let sandbox: Sandbox;
afterEach(async () => sandbox?.stop());

const KB = 1024;
const q = `accessKey=${TEST_CREDENTIALS.accessKey}&secretKey=${TEST_CREDENTIALS.secretKey}`;
/** Posts an update whose body is about `kb` KiB; returns its RequestID. */
async function post(kb: number, extra: Record<string, unknown> = {}): Promise<string> {
  const body = JSON.stringify(update({ OpportunityNote: 'n'.repeat(kb * KB), ...extra }));
  const res = await fetch(`${sandbox.url}/opportunity/update?${q}`, {
    method: 'POST',
    body,
    headers: { 'content-type': 'application/json', 'x-api-key': TEST_CREDENTIALS.apiKey },
  });
  expect(res.status).toBe(200);
  return ((await res.json()) as { RequestID: string }).RequestID;
}
const evicted = (id: string) => Boolean(sandbox.tasks.get(id)?.bodyEvicted);

test('posting many large bodies keeps the kept bytes under the cap, and an evicted task still answers well-formed', async () => {
  const cap = 1024 * KB;
  sandbox = await sandboxFor({ maxKeptBodyBytes: cap, rateLimit: { limit: 0 } }, new FakeClock());
  const ids: string[] = [];
  for (let i = 0; i < 40; i++) {
    ids.push(await post(200));
    expect(sandbox.tasks.keptBodyBytes).toBeLessThanOrEqual(cap);
  }
  expect(sandbox.tasks.keptBodyBytes).toBeGreaterThan(cap - 2 * 201 * KB); // bodies are kept up to the cap
  const health: unknown = await (await admin(sandbox, 'GET', '/health')).json();
  expect(health).toMatchObject({ tasks: 40, keptBodyBytes: sandbox.tasks.keptBodyBytes });

  const client = clientFor(sandbox);
  const old = await client.getStatus(ids[0]!);
  expect(old).toMatchObject({
    state: 'queued',
    violations: [],
    requestBodyForm: 'json-string',
    requestBody: { ProspectOpportunityId: OPPORTUNITY, _sandbox: expect.stringMatching(/evicted/) },
  });
  const newest = await client.getStatus(ids.at(-1)!);
  expect(newest.requestBody).toMatchObject({ OpportunityNote: 'n'.repeat(200 * KB) });
  // The ground truth says so, and stays small: no body in it.
  const truth = (await (await admin(sandbox, 'GET', `/requests/${ids[0]}`)).json()) as GroundTruth;
  expect(truth.bodyEvicted!.bytes).toBeGreaterThan(200 * KB);
  expect(JSON.stringify(truth).length).toBeLessThan(2 * KB);
});

test('bodies of final tasks go first; a task in flight loses its body only when no final one is left', async () => {
  const clock = new FakeClock();
  sandbox = await sandboxFor({ maxKeptBodyBytes: 250 * KB, latency: { kind: 'fixed', ms: 1000 } }, clock);
  const finished = await post(100);
  await clock.advance(5000);
  const stuck = await post(100, { Fields: [{ SchemaName: 'mx_Custom_1', Value: 'SANDBOX_STUCK' }] });
  const third = await post(100);
  expect([evicted(finished), evicted(stuck), evicted(third)]).toEqual([true, false, false]);
  const fourth = await post(100);
  expect([evicted(stuck), evicted(third), evicted(fourth)]).toEqual([true, false, false]);
  expect(sandbox.tasks.keptBodyBytes).toBeLessThanOrEqual(250 * KB);
});

test('reset and forgotten tasks give their bytes back', async () => {
  sandbox = await sandboxFor({ maxTasks: 2 });
  await post(10);
  await post(10);
  await post(10);
  expect(sandbox.tasks.keptBodyBytes).toBeLessThan(2 * 11 * KB);
  await admin(sandbox, 'POST', '/reset');
  expect(sandbox.tasks.keptBodyBytes).toBe(0);
});

test('the cap is an admin setting; bad values are refused naming it', async () => {
  sandbox = await sandboxFor();
  expect((await settingsOf(await admin(sandbox, 'GET', '/settings'))).maxKeptBodyBytes).toBe(32 * 1024 * KB);
  for (const bad of [-1, 1.5, '1MB', 2 ** 40]) {
    const res = await admin(sandbox, 'PATCH', '/settings', { maxKeptBodyBytes: bad });
    expect(res.status).toBe(400);
    expect(((await res.json()) as ErrorEnvelope).ExceptionMessage).toMatch(/^maxKeptBodyBytes: /);
  }
  expect((await settingsOf(await admin(sandbox, 'PATCH', '/settings', { maxKeptBodyBytes: 0 }))).maxKeptBodyBytes).toBe(0);
  const id = await post(1);
  expect(evicted(id)).toBe(true);
});

const CLI = new URL('../../src/cli/main.ts', import.meta.url).pathname;

test('the sandbox command takes --max-kept-body-bytes and refuses a bad one naming it', async () => {
  const refused = await new Promise<{ code: number | null; stderr: string }>((resolve) =>
    execFile(process.execPath, [CLI, 'sandbox', '--max-kept-body-bytes', '-5'], { env: cliEnv(), encoding: 'utf8', timeout: 30_000 }, (err, _o, stderr) =>
      resolve({ code: err ? ((err as { code?: number }).code ?? null) : 0, stderr }),
    ),
  );
  expect(refused.code).toBe(2);
  expect(refused.stderr).toContain('--max-kept-body-bytes');

  const { spawn } = await import('node:child_process');
  const child = spawn(process.execPath, [CLI, 'sandbox', '--port', '0', '--max-kept-body-bytes', '4096'], { env: cliEnv() });
  try {
    const line = await new Promise<string>((resolve) => child.stdout.once('data', (d) => resolve(String(d))));
    const url = /http:\/\/127\.0\.0\.1:\d+/.exec(line)![0];
    expect((await settingsOf(await fetch(`${url}/__sandbox/settings`))).maxKeptBodyBytes).toBe(4096);
  } finally {
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await exited;
  }
});
