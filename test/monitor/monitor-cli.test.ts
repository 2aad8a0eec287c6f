// The monitor command end to end: the main job's lines, --once with a Pushgateway, and bad settings.
import { execFile } from 'node:child_process';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { canaryLine } from '../../src/monitor/publish.ts';
import { CanaryRecordSchema } from '../../src/monitor/record.ts';
import { startPushgateway, type Running } from './processes.ts';
import { cliEnv } from '../support/cli-env.ts';
import { runCliInProcess } from '../support/cli-in-process.ts';

const CLI = new URL('../../src/cli/main.ts', import.meta.url).pathname;

function run(args: string[], env: Record<string, string> = {}, timeout = 60_000): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], { env: cliEnv(env), encoding: 'utf8', timeout }, (error, stdout, stderr) => {
      resolve({ code: error ? ((error as { code?: number }).code ?? null) : 0, stdout, stderr });
    });
  });
}

let pgw: Running;
beforeAll(async () => {
  pgw = await startPushgateway();
});
afterAll(async () => pgw?.stop());

test.concurrent('the main job prints one line per canary and serves /metrics', async () => {
  const r = await run(['monitor', '--cycles', '2', '--interval', '1s', '--listen', '127.0.0.1:0']);
  expect(r.code).toBe(0);
  expect(r.stdout).toMatch(/^target: embedded sandbox at http:\/\/127\.0\.0\.1:\d+$/m);
  expect(r.stdout).toMatch(/^metrics: http:\/\/127\.0\.0\.1:\d+\/metrics/m);
  const lines = r.stdout.split('\n').filter((l) => l.startsWith('canary '));
  expect(lines.length).toBeGreaterThanOrEqual(2);
  for (const l of lines) expect(l).toMatch(/^canary success\s+submit=\d+ms\s+completion=\d+\.\d\ds(?:±\d+\.\d\ds)?\s+polls=\d+\s+request=[0-9a-f-]{36}$/);
});

test.concurrent('--once --json prints the canary record as one JSON line on stdout, and the line for people, from the same record, on stderr', async () => {
  const r = await run(['monitor', '--once', '--json', '--listen', '127.0.0.1:0']);
  expect(r.code, r.stderr).toBe(0);
  const lines = r.stdout.trimEnd().split('\n');
  expect(lines).toHaveLength(1);
  const record = CanaryRecordSchema.parse(JSON.parse(lines[0]!));
  expect(record).toMatchObject({ outcome: 'success', resumed: false, violations: [], target: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/) });
  expect(record.calls.map((c) => c.endpoint)).toEqual(['update', ...Array(record.polls).fill('status')]);
  expect(record.settledAt).toBeGreaterThanOrEqual(record.startedAt);
  expect(r.stderr).toMatch(/^target: embedded sandbox at http:\/\/127\.0\.0\.1:\d+$/m);
  expect(r.stderr.split('\n')).toContain(canaryLine(record));
});

// The --once runs below, the help text and the taken port run in this worker (test/support/cli-in-process.ts):
// each ends on its own, having stopped what it started; the process around a --once run is tested above.
test.concurrent('--once --json with a failing canary exits 1 and the record says why', async () => {
  const r = await runCliInProcess(['monitor', '--once', '--json', '--listen', '127.0.0.1:0'], {
    LSQ_CANARY_OPPORTUNITY_ID: '00000000-0000-0000-0000-000000000001',
  });
  expect(r.code, r.stderr).toBe(1);
  const record = CanaryRecordSchema.parse(JSON.parse(r.stdout));
  expect(record).toMatchObject({ outcome: 'failure', reason: 'FAILURE' });
  expect(r.stderr).toMatch(/^canary failure .* reason: FAILURE$/m);
});

test.concurrent('--once pushes to the Pushgateway and exits 0 on success', async () => {
  const r = await runCliInProcess(['monitor', '--once', '--listen', '127.0.0.1:0', '--pushgateway', pgw.url]);
  expect(r.code, r.stderr).toBe(0);
  const pushed = await (await fetch(`${pgw.url}/metrics`)).text();
  expect(pushed).toMatch(/lsq_canary_runs_total\{[^}]*job="lsq_canary"[^}]*outcome="success"[^}]*\} 1/);
});

test.concurrent('monitor --once with a bad flag, as a real process, exits 2 naming it', async () => {
  const r = await run(['monitor', '--once', '--interval', 'often']);
  expect(r.code).toBe(2);
  expect(r.stderr).toContain('--interval');
});

// In this worker (test/support/cli-in-process.ts): each ends at the settings, before the monitor starts
// anything, and the process around it is tested above.
test.concurrent.each([
  [['--interval', '10ms'], {}, '--interval'],
  [['--cron', 'not a cron'], {}, '--cron'],
  [['--cron', '* * * * *', '--interval', '5s'], {}, '--cron'],
  [['--listen', 'nowhere'], {}, '--listen'],
  [['--budget', '0'], {}, '--budget'],
  [['--deadline', 'x'], {}, '--deadline'],
  [['--interval', '32d'], {}, '--interval'],
  [['--interval', '800h'], {}, '--interval'],
  [['--interval', '99999999999999999999h'], {}, '--interval'],
  [['--deadline', '200h'], {}, '--deadline'],
  [['--grace', '2h'], {}, '--grace'],
  [['--cron', '0 0 30 2 *'], {}, '--cron'], // 30 February: no future run
  [
    [],
    { LSQ_ASYNC_HOST: 'https://asyncapi.example', LSQ_ACCESS_KEY: 'ak-value', LSQ_SECRET_KEY: 'sk-value', LSQ_API_KEY: 'api-value' },
    'LSQ_CANARY_OPPORTUNITY_ID',
  ],
] as const)('monitor %j (case %#) exits 2 naming the setting', async (args, env, setting) => {
  const r = await runCliInProcess(['monitor', '--once', ...args], { ...env });
  expect(r.code).toBe(2);
  expect(r.stderr).toContain(setting);
});

test.concurrent('--help states the accepted range of every duration flag', async () => {
  const help = (await runCliInProcess(['monitor', '--help'])).stdout.replace(/\s+/g, ' '); // commander wraps lines
  expect(help).toMatch(/--interval <duration> time between cycles, 1s to 31d/);
  expect(help).toMatch(/--deadline <duration> give up polling a canary after this long, 100ms to 7d/);
  expect(help).toMatch(/--grace <duration> on SIGTERM, how long in-flight canaries may take to settle, 0s to 1h/);
});

test.concurrent("--interval 600h (past setTimeout's 24.8 days) runs one canary, not one every millisecond", async () => {
  const { spawn } = await import('node:child_process');
  const child = spawn(process.execPath, [CLI, 'monitor', '--listen', '127.0.0.1:0', '--interval', '600h'], { env: cliEnv() });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  await new Promise<void>((resolve) => {
    const check = setInterval(() => {
      if (/^canary /m.test(output) || child.exitCode !== null) {
        clearInterval(check);
        resolve();
      }
    }, 50);
  });
  child.kill('SIGTERM');
  expect(await exited).toBe(0);
  expect(output).toMatch(/^schedule: every 2160000s/m);
  expect(output.match(/^canary /gm)).toHaveLength(1);
  expect(output).not.toMatch(/skipped a cycle|TimeoutOverflowWarning/);
});

test.concurrent('a listen port already taken is a settings error naming --listen', async () => {
  const { createServer } = await import('node:net');
  const taken = createServer().listen(0, '127.0.0.1');
  await new Promise((r) => taken.once('listening', r));
  const port = (taken.address() as { port: number }).port;
  const r = await runCliInProcess(['monitor', '--once', '--listen', `127.0.0.1:${port}`]);
  taken.close();
  expect(r.code).toBe(2);
  expect(r.stderr).toMatch(/--listen.*EADDRINUSE/);
});

test.concurrent('SIGTERM stops scheduling and lets the in-flight canary settle before exiting', async () => {
  const { spawn } = await import('node:child_process');
  const child = spawn(process.execPath, [CLI, 'monitor', '--listen', '127.0.0.1:0', '--interval', '1h', '--pushgateway', pgw.url], {
    env: cliEnv(),
  });
  let stdout = '';
  child.stdout.on('data', (d) => (stdout += d));
  await new Promise<void>((resolve) => {
    const check = setInterval(() => {
      if (stdout.includes('schedule:')) {
        clearInterval(check);
        resolve();
      }
    }, 50);
  });
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  child.kill('SIGTERM'); // the first canary (1–3 s in the sandbox) is in flight now
  expect(await exited).toBe(0);
  expect(stdout).toMatch(/^canary success/m);
  const pushed = await (await fetch(`${pgw.url}/metrics`)).text();
  expect(pushed).toMatch(/lsq_canary_in_flight\{[^}]*job="lsq_canary"[^}]*\} 0/);
});
