import { execFile } from 'node:child_process';
import { afterEach, expect, test } from 'vitest';
import type { Sandbox } from '../../src/sandbox/index.ts';
import { exampleStatusSuccess } from '../../src/contract/index.ts';
import { createServer, type Server } from 'node:http';
import { cliEnv } from '../support/cli-env.ts';
import { runCliInProcess } from '../support/cli-in-process.ts';

const CLI = new URL('../../src/cli/main.ts', import.meta.url).pathname;

// Asynchronous on purpose: the odd-body providers below run in this process and must keep answering.
function run(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], { env: cliEnv(env), encoding: 'utf8', timeout: 30_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? ((error as { code?: number }).code ?? null) : 0, stdout, stderr });
    });
  });
}

let server: Server | null = null;
let sandbox: Sandbox | null = null;
afterEach(async () => {
  await new Promise((r) => (server ? server.close(r) : r(null)));
  server = null;
  await sandbox?.stop();
  sandbox = null;
});

/** A one-body provider, to see how `status` reads odd bodies. */
async function serve(body: string, status = 200, type = 'application/json'): Promise<string> {
  server = createServer((_req, res) => {
    res.writeHead(status, { 'content-type': type });
    res.end(body);
  });
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', () => r()));
  return `http://127.0.0.1:${(server.address() as { port: number }).port}`;
}

const REAL = { LSQ_ACCESS_KEY: 'cli-access-secret', LSQ_SECRET_KEY: 'cli-secret-secret', LSQ_API_KEY: 'cli-api-secret' };

test.concurrent.each([
  [['status', 'x'], { LSQ_RATE_LIMIT: 'many' }, 'LSQ_RATE_LIMIT'],
  [['status', 'x'], { LSQ_TIMEOUT_MS: '-5' }, 'LSQ_TIMEOUT_MS'],
  [['status', 'x'], { LSQ_CREDENTIALS_IN: 'cookie' }, 'LSQ_CREDENTIALS_IN'],
  [['status', 'x'], { LSQ_STATUS_PATH: 'no-slash' }, 'LSQ_STATUS_PATH'],
  [['status', 'x'], { LSQ_ASYNC_HOST: 'ftp://x' }, 'LSQ_ASYNC_HOST'],
  [['status', 'x'], { LSQ_ASYNC_HOST: 'http://asyncapi.example' }, 'LSQ_ASYNC_HOST'],
  [['status', 'x'], { LSQ_ASYNC_HOST: 'https://asyncapi.example' }, 'LSQ_ACCESS_KEY'],
  [['status', 'x'], { LSQ_SECRETS_FILE: '/nonexistent/file' }, 'LSQ_SECRETS_FILE'],
  [['status', 'x'], { LSQ_CANARY_OPPORTUNITY_ID: 'not-an-id' }, 'LSQ_CANARY_OPPORTUNITY_ID'],
  [['status', 'x', '--host', 'nota url'], {}, '--host'],
  [['update', '--opportunity', 'x', '--field', 'novalue'], {}, '--field'],
  [['update', '--opportunity', 'x'], {}, '--field'],
  [['sandbox', '--port', '99999'], {}, '--port'],
  [['sandbox', '--time-scale', 'fast'], {}, '--time-scale'],
  [['no-such-command'], {}, 'no-such-command'],
] as const)('%j with %j exits 2 naming %s', async (args, env, setting) => {
  // In this worker: what is tested is the command's decision, not the process (see cli-in-process.ts).
  const r = await runCliInProcess([...args], { ...env });
  expect(r.code).toBe(2);
  expect(r.stderr).toContain(setting);
});

test('an unknown command, as a real process, exits 2 naming it', async () => {
  const r = await run(['no-such-command']);
  expect(r.code).toBe(2);
  expect(r.stderr).toContain('no-such-command');
});

// In this worker too (cli-in-process.ts): the help text, and update and status runs, which end on their own
// having stopped what they started; the process around them is tested by the real-process cases here.
test('--help exits 0 and lists the commands', async () => {
  const r = await runCliInProcess(['--help']);
  expect(r.code).toBe(0);
  expect(r.stdout).toMatch(/update[\s\S]*status[\s\S]*sandbox/);
});

test('update --wait against the embedded sandbox exits 0 on Success', async () => {
  const r = await run(['update', '--opportunity', '5ca5b042-51ea-4699-b6f0-84c40ab12770', '--field', 'mx_Custom_6=200,000', '--wait', '--json']);
  expect(r.code).toBe(0);
  expect(JSON.parse(r.stdout)).toMatchObject({
    state: 'succeeded',
    status: 'Success',
    violations: [],
    message: { Message: { Id: '5ca5b042-51ea-4699-b6f0-84c40ab12770' } },
  });
});

test('update --wait exits 1 when the update ends FAILURE', async () => {
  const r = await runCliInProcess([
    'update',
    '--opportunity',
    '5ca5b042-51ea-4699-b6f0-84c40ab12770',
    '--field',
    'mx_Custom_1=SANDBOX_FAIL_MX',
    '--wait',
    '--json',
  ]);
  expect(r.code).toBe(1);
  expect(JSON.parse(r.stdout)).toMatchObject({ state: 'failed', status: 'FAILURE' });
});

test('status --json classifies the seed Success body with no violation', async () => {
  const host = await serve(JSON.stringify(exampleStatusSuccess));
  const r = await runCliInProcess(['status', exampleStatusSuccess.RequestID, '--json', '--host', host], REAL);
  expect(r.code).toBe(0);
  expect(JSON.parse(r.stdout)).toMatchObject({
    requestId: exampleStatusSuccess.RequestID,
    state: 'succeeded',
    status: 'Success',
    reason: 'Request was successfully completed',
    violations: [],
    message: { Status: 'Success' },
  });
});

test('status --json classifies an odd body: SUCCESS, RequestId, Message as an object', async () => {
  const { RequestID, TaskStatus } = exampleStatusSuccess;
  const host = await serve(
    JSON.stringify({ RequestId: RequestID, TaskStatus: { ...TaskStatus, Status: 'SUCCESS', Message: { Status: 'Success', Message: { Id: 'abc' } } } }),
  );
  const r = await runCliInProcess(['status', RequestID, '--json', '--host', host], REAL);
  expect(r.code).toBe(1);
  const j = JSON.parse(r.stdout);
  expect(j).toMatchObject({ requestId: RequestID, state: 'succeeded', status: 'SUCCESS', message: { Message: { Id: 'abc' } } });
  expect(j.violations.map((v: { rule: string }) => v.rule)).toEqual(['status.message.object']);
});

test('status --json keeps an unknown word verbatim as unknown', async () => {
  const host = await serve(JSON.stringify({ ...exampleStatusSuccess, TaskStatus: { ...exampleStatusSuccess.TaskStatus, Status: 'Paused', Message: null } }));
  const j = JSON.parse((await runCliInProcess(['status', exampleStatusSuccess.RequestID, '--json', '--host', host], REAL)).stdout);
  expect(j).toMatchObject({ state: 'unknown', status: 'Paused' });
});

test('status on an HTML gateway page exits 1 with a typed error and no secret in the output', async () => {
  const host = await serve('<html>502 Bad Gateway</html>', 502, 'text/html');
  const r = await runCliInProcess(['status', 'abc', '--json', '--host', host], REAL);
  expect(r.code).toBe(1);
  expect(JSON.parse(r.stdout).error).toMatchObject({ kind: 'ServerError', httpStatus: 502 });
  for (const s of Object.values(REAL)) expect(r.stdout + r.stderr).not.toContain(s);
});

test('sandbox prints its listening line and stops on SIGTERM', async () => {
  const { spawn } = await import('node:child_process');
  const child = spawn(process.execPath, [CLI, 'sandbox', '--port', '0'], { env: cliEnv() });
  const line = await new Promise<string>((resolve) => child.stdout.once('data', (d) => resolve(String(d))));
  expect(line).toMatch(/^listening on http:\/\/127\.0\.0\.1:\d+/);
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  child.kill('SIGTERM');
  expect(await exited).toBe(0);
});
