// Bi-directional contract testing: the OpenAPI document is published to PactFlow as the provider
// contract of LeadSquared's API, with Schemathesis' JUnit report as its self-verification, by the real
// `pactflow publish-provider-contract` against a recorded PactFlow (recorded/provider-contract.json,
// written from PactFlow's documented publish resource). The tests read what PactFlow would receive.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterEach, expect, test } from 'vitest';
import { publishProviderContract } from '../../src/broker/broker-flow.ts';
import { readBrokerSettings } from '../../src/broker/broker-settings.ts';
import { OPENAPI_DOCUMENT } from '../../src/broker/provider-contract.ts';
import { ConfigError } from '../../src/config/errors.ts';
import { brokerFrom, CI_ENV, requestTo, TOKEN, type BrokerUnderTest } from './broker-under-test.ts';

const PASSED = fileURLToPath(new URL('./fixtures/schemathesis-passed.xml', import.meta.url));
const FAILED = fileURLToPath(new URL('./fixtures/schemathesis-failed.xml', import.meta.url));
const PUBLISH = '/provider-contracts/provider/leadsquared-async-api/publish';
let under: BrokerUnderTest | null = null;

afterEach(async () => {
  await under?.broker.stop();
  under = null;
});

const decode = (b64: string) => Buffer.from(b64, 'base64').toString('utf8');

interface PublishBody {
  pacticipantVersionNumber?: string;
  branch: string;
  tags: string[];
  contract: {
    content: string;
    contentType: string;
    specification: string;
    selfVerificationResults: { success: boolean; content: string; contentType: string; format: string; verifier: string };
  };
}

test('the OpenAPI document is published as the provider contract, versioned by the commit, with a passing Schemathesis report', async () => {
  under = await brokerFrom('provider-contract.json', { PACT_BROKER_PUBLISH_PROVIDER_CONTRACT: 'true', PACT_BROKER_PROVIDER_CONTRACT_RESULTS: PASSED });
  const step = await publishProviderContract(under.settings);
  expect(step?.status, step?.output).toBe('ok');
  expect(step?.line).toContain('self-verified (3 Schemathesis cases)');
  const sent = requestTo(under.broker, 'POST', PUBLISH);
  expect(sent.headers.authorization).toBe(`Bearer ${TOKEN}`);
  const body = JSON.parse(sent.body) as PublishBody;
  expect(body).toMatchObject({ pacticipantVersionNumber: '0123abcd', branch: 'feature/contracts', tags: ['feature/contracts'] });
  expect(body.contract).toMatchObject({ contentType: 'application/yaml', specification: 'oas' });
  expect(decode(body.contract.content)).toBe(readFileSync(OPENAPI_DOCUMENT, 'utf8'));
  expect(body.contract.selfVerificationResults).toMatchObject({ success: true, contentType: 'application/xml', format: 'junit', verifier: 'schemathesis' });
  expect(decode(body.contract.selfVerificationResults.content)).toBe(readFileSync(PASSED, 'utf8'));
  expect(under.broker.unmatched).toEqual([]);
});

test('a Schemathesis report with a failed case is published as a failed self-verification', async () => {
  under = await brokerFrom('provider-contract.json', { PACT_BROKER_PUBLISH_PROVIDER_CONTRACT: 'true', PACT_BROKER_PROVIDER_CONTRACT_RESULTS: FAILED });
  const step = await publishProviderContract(under.settings);
  expect(step?.status, step?.output).toBe('ok');
  expect(step?.line).toContain('self-verification FAILED (1 of 3 cases)');
  const body = JSON.parse(requestTo(under.broker, 'POST', PUBLISH).body) as PublishBody;
  expect(body.contract.selfVerificationResults.success).toBe(false);
  expect(decode(body.contract.selfVerificationResults.content)).toContain("'Status' is a required property");
});

test('PactFlow refusing the provider contract fails the step', async () => {
  under = await brokerFrom(
    'provider-contract.json',
    { PACT_BROKER_PUBLISH_PROVIDER_CONTRACT: 'true', PACT_BROKER_PROVIDER_CONTRACT_RESULTS: PASSED },
    (exchanges) => {
      const publish = exchanges.find((e) => e.request === `POST ${PUBLISH}`)!;
      publish.response = { status: 400, body: { errors: { contract: ['content is not a valid OpenAPI document'] } } };
    },
  );
  const step = await publishProviderContract(under.settings);
  expect(step?.status).toBe('failed');
  expect(step?.line).toMatch(/FAILED$/);
});

test('without PACT_BROKER_PUBLISH_PROVIDER_CONTRACT=true no provider contract is published', async () => {
  under = await brokerFrom('provider-contract.json');
  expect(under.settings.providerContract).toBeNull();
  expect(await publishProviderContract(under.settings)).toBeNull();
  expect(under.broker.received).toEqual([]);
});

const base = { PACT_BROKER_BASE_URL: 'https://example.pactflow.io', ...CI_ENV, PACT_BROKER_PUBLISH_PROVIDER_CONTRACT: 'true' };

test('publishing a provider contract without a Schemathesis report is a bad setting naming PACT_BROKER_PROVIDER_CONTRACT_RESULTS', () => {
  const missing = { ...base, PACT_BROKER_PROVIDER_CONTRACT_RESULTS: '/nonexistent/junit.xml' };
  expect(() => readBrokerSettings(missing)).toThrow(ConfigError);
  expect(() => readBrokerSettings(missing)).toThrow(/PACT_BROKER_PROVIDER_CONTRACT_RESULTS: .*does not exist; run `lsq-harness conformance` first/);
  const notJunit = { ...base, PACT_BROKER_PROVIDER_CONTRACT_RESULTS: fileURLToPath(new URL('./fixtures/not-junit.xml', import.meta.url)) };
  expect(() => readBrokerSettings(notJunit)).toThrow(/PACT_BROKER_PROVIDER_CONTRACT_RESULTS: .*holds no JUnit test case/);
});

test('PACT_BROKER_PUBLISH_PROVIDER_CONTRACT takes true or false only', () => {
  expect(() => readBrokerSettings({ ...base, PACT_BROKER_PUBLISH_PROVIDER_CONTRACT: 'yes' })).toThrow(
    /PACT_BROKER_PUBLISH_PROVIDER_CONTRACT: must be true or false/,
  );
});
