// can-i-deploy polls while a result is unknown (a verification still running, PactFlow still comparing
// a provider contract): --retry-while-unknown and --retry-interval from settings, with defaults. The
// real pact-broker CLI asks a recorded broker whose matrix answers "unknown" before it answers; the
// tests count the matrix requests, and a "no" — unknown to the end, or a failed verification — stays a
// "no", in the step and in the gate's stage.
import { afterEach, expect, test } from 'vitest';
import { canIDeploy } from '../../src/broker/broker-flow.ts';
import { RETRY_DEFAULTS } from '../../src/broker/broker-options.ts';
import { readBrokerSettings } from '../../src/broker/broker-settings.ts';
import { ConfigError } from '../../src/config/errors.ts';
import type { StageContext } from '../../src/gate/stage.ts';
import { canIDeployStage } from '../../src/gate/stages/can-i-deploy.ts';
import type { RecordedExchange } from './recorded-broker.ts';
import { brokerFrom, CI_ENV, type BrokerUnderTest } from './broker-under-test.ts';

let under: BrokerUnderTest | null = null;
const FAST = { PACT_BROKER_RETRY_WHILE_UNKNOWN: '3', PACT_BROKER_RETRY_INTERVAL: '1' };

afterEach(async () => {
  await under?.broker.stop();
  under = null;
});

const matrixAsks = () => under!.broker.received.filter((r) => r.path === '/matrix').length;

/** The matrix answers unknown every time (the last exchange, "yes", is dropped). */
const unknownForever = (exchanges: RecordedExchange[]) => {
  exchanges.pop();
};

/** The matrix answers a failed verification: known, and "no". */
const verificationFailed = (exchanges: RecordedExchange[]) => {
  const no = JSON.parse(JSON.stringify(exchanges.at(-1))) as RecordedExchange;
  const body = no.response.body as { summary: Record<string, unknown> };
  body.summary = {
    deployable: false,
    reason: 'The verification for the pact between lsq-harness (0123abcd) and leadsquared-async-api failed',
    success: 0,
    failed: 1,
    unknown: 0,
  };
  exchanges.splice(1, exchanges.length - 1, no);
};

test('can-i-deploy asks again while the result is unknown and passes once the broker says yes', async () => {
  under = await brokerFrom('can-i-deploy-unknown.json', FAST);
  const step = await canIDeploy(under.settings);
  expect(step.status, step.output).toBe('ok');
  expect(matrixAsks()).toBe(3);
  const matrix = under.broker.received.find((r) => r.path === '/matrix')!;
  expect(matrix.query.get('environment')).toBe('production');
});

test('a result unknown to the end stays red, after the first ask and every retry', async () => {
  under = await brokerFrom('can-i-deploy-unknown.json', { PACT_BROKER_RETRY_WHILE_UNKNOWN: '2', PACT_BROKER_RETRY_INTERVAL: '1' }, unknownForever);
  const step = await canIDeploy(under.settings);
  expect(step.status).toBe('failed');
  expect(step.line).toContain('NO (asked up to 3 times, 1 s apart, while unknown)');
  expect(matrixAsks()).toBe(3);
});

test('a failed verification is red at once: a known "no" is not retried', async () => {
  under = await brokerFrom('can-i-deploy-unknown.json', FAST, verificationFailed);
  const step = await canIDeploy(under.settings);
  expect(step.status).toBe('failed');
  expect(matrixAsks()).toBe(1);
});

test("the gate's can-i-deploy stage fails when the broker says no, with the step's line as the reason", async () => {
  under = await brokerFrom('can-i-deploy-unknown.json', FAST, verificationFailed);
  const ctx = { env: under.env } as unknown as StageContext;
  const outcome = await canIDeployStage.run(ctx);
  expect(outcome.verdict).toBe('failed');
  expect(outcome.reason).toMatch(/^broker: can-i-deploy lsq-harness 0123abcd to production: NO/);
});

test('with no retry settings can-i-deploy polls 6 times, 10 s apart', () => {
  expect(RETRY_DEFAULTS).toEqual({ retryWhileUnknown: 6, retryIntervalSeconds: 10 });
  expect(readBrokerSettings({ PACT_BROKER_BASE_URL: 'https://example.pactflow.io', ...CI_ENV })!.canIDeploy).toEqual(RETRY_DEFAULTS);
});

test('retry settings out of range or not whole numbers are bad settings naming them', () => {
  const base = { PACT_BROKER_BASE_URL: 'https://example.pactflow.io', ...CI_ENV };
  for (const [name, value] of [
    ['PACT_BROKER_RETRY_WHILE_UNKNOWN', '-1'],
    ['PACT_BROKER_RETRY_WHILE_UNKNOWN', '121'],
    ['PACT_BROKER_RETRY_INTERVAL', '0'],
    ['PACT_BROKER_RETRY_INTERVAL', '2.5'],
  ] as const) {
    expect(() => readBrokerSettings({ ...base, [name]: value })).toThrow(ConfigError);
    expect(() => readBrokerSettings({ ...base, [name]: value })).toThrow(new RegExp(`${name}: must be a whole number`));
  }
});
