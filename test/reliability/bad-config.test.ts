// Bad configurations: every wrong environment setting or command-line flag ends with exit 2 and a
// message that names the setting. Most cases run in-process (loadSettings, and the CLI's main() with
// stderr captured) because spawning Node 70 times would take a minute; a representative handful runs
// the real command in a child process.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, test, vi } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { ConfigError } from '../../src/config/errors.ts';
import { loadSettings } from '../../src/config/settings.ts';
import { RELIABILITY_CREDENTIALS } from './secret-values.ts';
import { cliEnv } from '../support/cli-env.ts';

const CLI = new URL('../../src/cli/main.ts', import.meta.url).pathname;
const KEYS = {
  LSQ_ACCESS_KEY: RELIABILITY_CREDENTIALS.accessKey,
  LSQ_SECRET_KEY: RELIABILITY_CREDENTIALS.secretKey,
  LSQ_API_KEY: RELIABILITY_CREDENTIALS.apiKey,
};
const REMOTE = { LSQ_ASYNC_HOST: 'https://asyncapi.example', ...KEYS };
const dir = mkdtempSync(join(tmpdir(), 'lsq-bad-config-'));
const file = (name: string, text: string) => {
  writeFileSync(join(dir, name), text);
  return join(dir, name);
};

// [environment, the setting the message must name]
const ENV_CASES: Array<[Record<string, string>, string]> = [
  ...['many', '-1', '1.5', '100001', '25 per 5s'].map((v): [Record<string, string>, string] => [{ LSQ_RATE_LIMIT: v }, 'LSQ_RATE_LIMIT']),
  ...['-5', '0', '49', '600001', 'ten', '1e3'].map((v): [Record<string, string>, string] => [{ LSQ_TIMEOUT_MS: v }, 'LSQ_TIMEOUT_MS']),
  ...['0', '3601', 'x', '2.5'].map((v): [Record<string, string>, string] => [{ LSQ_RATE_WINDOW_SECONDS: v }, 'LSQ_RATE_WINDOW_SECONDS']),
  ...['rolling', 'SLIDING', 'fixed '].map((v): [Record<string, string>, string] => [{ LSQ_RATE_WINDOW_KIND: v }, 'LSQ_RATE_WINDOW_KIND']),
  ...['cookie', 'Query', 'body'].map((v): [Record<string, string>, string] => [{ LSQ_CREDENTIALS_IN: v }, 'LSQ_CREDENTIALS_IN']),
  ...['no-slash', '/x?y=1', '/a b', 'https://x/y'].map((v): [Record<string, string>, string] => [{ LSQ_STATUS_PATH: v }, 'LSQ_STATUS_PATH']),
  ...['opportunity/update', '/x#frag'].map((v): [Record<string, string>, string] => [{ LSQ_UPDATE_PATH: v }, 'LSQ_UPDATE_PATH']),
  ...[
    'ftp://x',
    'http://asyncapi.example',
    'not a url',
    'https://user:pw@asyncapi.example',
    'https://asyncapi.example/?accessKey=1',
    'https://asyncapi.example/#f',
    'asyncapi.example',
  ].map((v): [Record<string, string>, string] => [{ ...KEYS, LSQ_ASYNC_HOST: v }, 'LSQ_ASYNC_HOST']),
  [{ ...REMOTE, LSQ_ACCESS_KEY: '' }, 'LSQ_ACCESS_KEY'],
  [{ ...REMOTE, LSQ_SECRET_KEY: '' }, 'LSQ_SECRET_KEY'],
  [{ ...REMOTE, LSQ_API_KEY: '' }, 'LSQ_API_KEY'],
  [{ LSQ_ACCESS_KEY: 'with space' }, 'LSQ_ACCESS_KEY'],
  [{ LSQ_API_KEY: `tab${'\t'}key` }, 'LSQ_API_KEY'],
  [{ LSQ_SECRETS_FILE: join(dir, 'missing.env') }, 'LSQ_SECRETS_FILE'],
  [{ LSQ_SECRETS_FILE: dir }, 'LSQ_SECRETS_FILE'],
  [{ LSQ_SECRETS_FILE: file('bad-line.env', 'LSQ_API_KEY=ok-value\nthis is not a setting\n') }, 'LSQ_SECRETS_FILE'],
  [{ LSQ_SECRETS_FILE: file('space.env', 'LSQ_SECRET_KEY=has space\n') }, 'LSQ_SECRET_KEY'],
  [{ LSQ_SECRETS_FILE: file('remote.env', `LSQ_ACCESS_KEY=${KEYS.LSQ_ACCESS_KEY}\n`), LSQ_ASYNC_HOST: 'https://asyncapi.example' }, 'LSQ_SECRET_KEY'],
  ...['Retrying', 'Retrying:waiting', ':queued', 'Retrying:queued,,Completed:succeeded', 'Success:succeeded'].map((v): [Record<string, string>, string] => [
    { LSQ_EXTRA_STATUS_WORDS: v },
    'LSQ_EXTRA_STATUS_WORDS',
  ]),
  ...['not-an-id', '123', '6a22455b-213e-4450-a960-3deef72b5eec0', '{6a22455b-213e-4450-a960-3deef72b5eec}'].map((v): [Record<string, string>, string] => [
    { LSQ_CANARY_OPPORTUNITY_ID: v },
    'LSQ_CANARY_OPPORTUNITY_ID',
  ]),
];

// Titles show the settings' names, never their values: a test title lands in the JSON report, and the
// secret scan rightly fails a run whose report holds a configured secret.
const named = <T extends unknown[]>(cases: T[], envAt: number) => cases.map((c) => [Object.keys(c[envAt] as object).join('+') || 'no settings', ...c] as const);

test.each(named(ENV_CASES, 0))('bad %s (case %#) is refused naming the setting', (_title, env, setting) => {
  let error: unknown;
  try {
    loadSettings(env);
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(ConfigError);
  expect((error as ConfigError).setting).toBe(setting);
  expect((error as Error).message).toContain(setting);
  for (const secret of Object.values(KEYS)) expect((error as Error).message).not.toContain(secret);
});

// [argv, extra environment, the flag or setting the message must name]
const CLI_CASES: Array<[string[], Record<string, string>, string]> = [
  [['monitor', '--once', '--interval', 'often'], {}, '--interval'],
  [['monitor', '--once', '--interval', '10ms'], {}, '--interval'],
  [['monitor', '--once', '--cron', 'not a cron'], {}, '--cron'],
  [['monitor', '--once', '--cron', '* * * * *', '--interval', '5s'], {}, '--cron'],
  [['monitor', '--once', '--listen', 'nowhere'], {}, '--listen'],
  [['monitor', '--once', '--listen', '127.0.0.1:99999'], {}, '--listen'],
  [['monitor', '--once', '--budget', '0'], {}, '--budget'],
  [['monitor', '--once', '--budget', 'x'], {}, '--budget'],
  [['monitor', '--once', '--deadline', 'x'], {}, '--deadline'],
  [['monitor', '--once', '--grace', 'soon'], {}, '--grace'],
  [['monitor', '--cycles', '0'], {}, '--cycles'],
  [['monitor', '--once', '--pushgateway', 'ftp://gateway'], {}, '--pushgateway'],
  [['monitor', '--once'], REMOTE, 'LSQ_CANARY_OPPORTUNITY_ID'],
  [['monitor', '--once', '--host', 'http://asyncapi.example'], KEYS, '--host'],
  [['monitor', '--once'], { LSQ_RATE_WINDOW_KIND: 'rolling' }, 'LSQ_RATE_WINDOW_KIND'],
  [['sandbox', '--port', '70000'], {}, '--port'],
  [['sandbox', '--port', '-1'], {}, '--port'],
  [['sandbox', '--seed', 'x'], {}, '--seed'],
  [['sandbox', '--time-scale', '0'], {}, '--time-scale'],
  [['sandbox', '--rate-limit', '-1'], {}, '--rate-limit'],
  [['sandbox', '--rate-window', '0'], {}, '--rate-window'],
  [['sandbox', '--rate-window-kind', 'rolling'], {}, '--rate-window-kind'],
  [['update', '--opportunity', 'x', '--field', 'novalue'], {}, '--field'],
  [['update', '--opportunity', 'x'], {}, '--field'],
  [['update', '--field', 'a=b'], {}, '--opportunity'],
  [['update', '--opportunity', 'x', '--field', 'a=b', '--deadline', '0'], {}, '--deadline'],
  [['update', '--opportunity', 'x', '--field', 'a=b'], { LSQ_TIMEOUT_MS: 'soon' }, 'LSQ_TIMEOUT_MS'],
  [['status'], {}, 'requestId'],
  [['status', 'x', '--host', 'nota url'], {}, '--host'],
  [['status', 'x'], { LSQ_STATUS_PATH: 'status' }, 'LSQ_STATUS_PATH'],
  [['status', 'x'], { LSQ_EXTRA_STATUS_WORDS: 'Retrying' }, 'LSQ_EXTRA_STATUS_WORDS'],
  [['monitor', '--once'], { LSQ_EXTRA_STATUS_WORDS: 'Completed:done' }, 'LSQ_EXTRA_STATUS_WORDS'],
  [['status', 'x', '--frobnicate'], {}, '--frobnicate'],
  [['load', '--profile', 'huge'], {}, '--profile'],
  [['load', '--segments', '0'], {}, '--segments'],
  [['load', '--limit', '0'], {}, '--limit'],
  [['load', '--window-kind', 'rolling'], {}, '--window-kind'],
  [['load', '--characterise', '--segments', '2'], {}, '--segments'],
  [['load', '--prometheus-rw', 'http://metrics.example/api/v1/write'], {}, '--prometheus-rw'],
  [['frobnicate'], {}, 'frobnicate'],
  // Plain http only to a literal loopback address: hosts that merely start like one carry no keys.
  [['monitor', '--once', '--host', 'http://127.0.0.1.nip.io'], KEYS, '--host'],
  [['status', 'x', '--host', 'http://127.attacker.example'], KEYS, '--host'],
  [['update', '--opportunity', 'x', '--field', 'a=b'], { ...KEYS, LSQ_ASYNC_HOST: 'http://127.0.0.1.nip.io:8080' }, 'LSQ_ASYNC_HOST'],
  [['load', '--host', 'http://127.attacker.example'], KEYS, '--host'],
  [['record', '--scenario', 'transport-check', '--host', 'http://localhost.attacker.example'], KEYS, '--host'],
  [['gate', '--host', 'http://127.0.0.1.nip.io'], KEYS, '--host'],
  [['contracts', '--provider-url', 'http://127.0.0.1.nip.io:8080'], {}, '--provider-url'],
  [['contracts', '--provider-url', 'http://127.attacker.example'], {}, '--provider-url'],
  [['gate'], { PACT_BROKER_BASE_URL: 'http://127.attacker.example', PACT_BROKER_TOKEN: KEYS.LSQ_API_KEY }, 'PACT_BROKER_BASE_URL'],
  [['monitor', '--once', '--pushgateway', 'http://ci:pushgateway-password@127.0.0.1.nip.io:9091'], {}, '--pushgateway'],
  [['monitor', '--once', '--pushgateway', 'pushgateway:9091'], {}, '--pushgateway'],
];

afterEach(() => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
});

test.each(named(CLI_CASES, 1))('with %s, lsq-harness %j exits 2 naming the setting', async (_title, argv, env, setting) => {
  for (const [k, v] of Object.entries(env)) vi.stubEnv(k, v);
  let stderr = '';
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
    stderr += String(chunk);
    return true;
  });
  vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
  const code = await main(argv);
  expect(code, stderr).toBe(2);
  expect(stderr).toContain(setting);
  for (const secret of Object.values(KEYS)) expect(stderr).not.toContain(secret);
});

test('there are at least 50 bad configurations', () => {
  expect(ENV_CASES.length + CLI_CASES.length).toBeGreaterThanOrEqual(50);
});

// The real command, in a child process: exit code and stderr as a shell would see them.
const SPAWNED: Array<[string[], Record<string, string>, string]> = [
  [['status', 'x'], { LSQ_RATE_LIMIT: 'many' }, 'LSQ_RATE_LIMIT'],
  [['monitor', '--once', '--listen', 'nowhere'], {}, '--listen'],
  [['sandbox', '--port', '70000'], {}, '--port'],
  [['update', '--opportunity', 'x', '--field', 'a=b'], { ...REMOTE, LSQ_API_KEY: '' }, 'LSQ_API_KEY'],
  [['monitor', '--once'], { LSQ_SECRETS_FILE: join(dir, 'missing.env') }, 'LSQ_SECRETS_FILE'],
  [['status', 'x', '--host', 'http://127.0.0.1.nip.io'], KEYS, '--host'],
];
test.each(named(SPAWNED, 1))('with %s, the real command %j exits 2 naming the setting', (_title, argv, env, setting) => {
  const r = spawnSync(process.execPath, [CLI, ...argv], { env: cliEnv(env), encoding: 'utf8', timeout: 20_000 });
  expect(r.status, r.stderr).toBe(2);
  expect(r.stderr).toContain(setting);
  for (const secret of Object.values(KEYS)) expect(r.stderr).not.toContain(secret);
});
