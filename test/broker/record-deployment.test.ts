// After a green gate the version is recorded as deployed (or released) to an environment, so that
// can-i-deploy and the deployedOrReleased selector know what runs where. The real pact-broker CLI
// records against a recorded broker (recorded/record-deployment.json, from the broker's documented
// version and deployed-versions resources); the gate is run as a user runs it, and a red can-i-deploy
// must leave the gate red with nothing recorded.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, test } from 'vitest';
import { recordRequest, recordVersion } from '../../src/broker/record-deployment.ts';
import { ConfigError } from '../../src/config/errors.ts';
import { runCliInProcess } from '../support/cli-in-process.ts';
import { runCli } from '../verification/run-cli.ts';
import { loadCassette, type RecordedExchange } from './recorded-broker.ts';
import { brokerFrom, requestTo, type BrokerUnderTest } from './broker-under-test.ts';

const VERSION = '/pacticipants/lsq-harness/versions/0123abcd';
const PRODUCTION = 'c540ce64-5493-48c5-ab7c-28dae27b166b';
let under: BrokerUnderTest | null = null;
let out: string | null = null;

afterEach(async () => {
  await under?.broker.stop();
  under = null;
  if (out) rmSync(out, { recursive: true, force: true });
  out = null;
});

const gateOut = () => {
  out = mkdtempSync(join(tmpdir(), 'lsq-gate-record-'));
  return out;
};

const posts = () => under!.broker.received.filter((r) => r.method === 'POST').map((r) => r.path);

test('record-deployment posts to the deployed-versions link of the environment named, for the commit', async () => {
  under = await brokerFrom('record-deployment.json');
  const [step] = await recordVersion(under.settings, { deployment: 'production', release: undefined });
  expect(step?.status, step?.output).toBe('ok');
  expect(step?.line).toBe('broker: record deployment of lsq-harness 0123abcd to production: done');
  expect(requestTo(under.broker, 'GET', VERSION).headers.authorization).toBe('Bearer example-broker-token');
  expect(posts()).toEqual([`${VERSION}/deployed-versions/environment/${PRODUCTION}`]);
  expect(under.broker.unmatched).toEqual([]);
});

test('record-release posts to the released-versions link, after a deployment when both are asked for', async () => {
  under = await brokerFrom('record-deployment.json');
  const steps = await recordVersion(under.settings, { deployment: 'production', release: 'production' });
  expect(steps.map((s) => s.status)).toEqual(['ok', 'ok']);
  expect(posts()).toEqual([`${VERSION}/deployed-versions/environment/${PRODUCTION}`, `${VERSION}/released-versions/environment/${PRODUCTION}`]);
});

test('an environment the broker does not know fails the record', async () => {
  under = await brokerFrom('record-deployment.json');
  const [step] = await recordVersion(under.settings, { deployment: 'staging', release: undefined });
  expect(step?.status).toBe('failed');
  expect(step?.output).toContain('staging');
  expect(posts()).toEqual([]);
});

test('a record needs a broker and the can-i-deploy stage, and a valid environment name, each named when missing', async () => {
  under = await brokerFrom('record-deployment.json');
  const all = ['contracts', 'can-i-deploy'];
  expect(() => recordRequest({ recordDeployment: 'production' }, null, all)).toThrow(/--record-deployment: needs a broker: set PACT_BROKER_BASE_URL/);
  expect(() => recordRequest({ recordRelease: 'production' }, under!.settings, ['canary'])).toThrow(/--record-release: needs the can-i-deploy stage/);
  expect(() => recordRequest({ recordDeployment: 'prod env' }, under!.settings, all)).toThrow(ConfigError);
  const fromSetting = { ...under.settings, recordDeployment: 'production' };
  expect(() => recordRequest({}, fromSetting, ['canary'])).toThrow(/PACT_BROKER_RECORD_DEPLOYMENT: needs the can-i-deploy stage/);
  expect(recordRequest({ recordDeployment: 'test' }, fromSetting, all)).toEqual({ deployment: 'test', release: undefined });
  expect(recordRequest({}, under.settings, ['canary'])).toEqual({ deployment: undefined, release: undefined });
});

test('gate --record-deployment without a broker exits 2 naming the flag, before any stage', async () => {
  // What the command decides of its flags: run in this worker (cli-in-process.ts: an environment with no
  // broker and nothing of ours), not a new Node process; the gates below are real processes.
  const r = await runCliInProcess(['gate', '--stages', 'can-i-deploy', '--record-deployment', 'production'], { NO_COLOR: '1' });
  expect(r.code, r.stderr).toBe(2);
  expect(r.stderr).toContain('bad setting --record-deployment: needs a broker: set PACT_BROKER_BASE_URL');
  expect(r.stderr).not.toContain('[gate]');
});

/** A broker that answers can-i-deploy and the deployment record. */
function gateBroker(exchanges: RecordedExchange[]): void {
  const matrix = loadCassette(new URL('./recorded/can-i-deploy.json', import.meta.url)).find((e) => e.request === 'GET /matrix')!;
  exchanges.push(matrix);
}

test('a green gate with --record-deployment records the deployment after can-i-deploy said yes', async () => {
  under = await brokerFrom('record-deployment.json', {}, gateBroker);
  const r = await runCli(['gate', '--stages', 'can-i-deploy', '--out', gateOut(), '--record-deployment', 'production'], { env: under.env });
  expect(r.code, r.stderr).toBe(0);
  expect(r.stderr).toContain('gate: broker: record deployment of lsq-harness 0123abcd to production: done');
  expect(under.broker.received.map((r) => `${r.method} ${r.path}`)).toEqual([
    'GET /matrix',
    `GET ${VERSION}`,
    `POST ${VERSION}/deployed-versions/environment/${PRODUCTION}`,
  ]);
});

test('a red can-i-deploy keeps the gate red and records nothing', async () => {
  under = await brokerFrom('record-deployment.json', { PACT_BROKER_RETRY_WHILE_UNKNOWN: '0' }, (exchanges) => {
    gateBroker(exchanges);
    const body = exchanges.at(-1)!.response.body as { summary: Record<string, unknown> };
    body.summary = {
      deployable: false,
      reason: 'There is no verified pact between lsq-harness (0123abcd) and leadsquared-async-api',
      success: 0,
      failed: 1,
      unknown: 0,
    };
  });
  // The gate above is a real process, as a user runs it; this one runs main() in this worker
  // (cli-in-process.ts): what it decides is the point, and a new Node process loading the CLI costs ~0.5 s
  // of CPU. The pact CLI still runs as the gate's child process.
  const r = await runCliInProcess(['gate', '--stages', 'can-i-deploy', '--out', gateOut(), '--record-deployment', 'production'], {
    NO_COLOR: '1',
    ...under.env,
  });
  expect(r.code, r.stderr).toBe(1);
  expect(r.stderr).not.toContain('record deployment');
  expect(posts()).toEqual([]);
});
