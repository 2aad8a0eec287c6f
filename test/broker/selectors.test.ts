// The verification side of a mature broker set-up: which consumer versions to verify (selectors such
// as mainBranch and deployedOrReleased), pending pacts and work-in-progress pacts, all from settings.
// The real Pact Verifier asks a recorded broker for the pacts; the tests read the body of its
// pacts-for-verification request, which is where the broker learns all of this.
import { afterEach, expect, test } from 'vitest';
import { describeSelectors, verificationSource } from '../../src/broker/broker-flow.ts';
import { readBrokerSettings } from '../../src/broker/broker-settings.ts';
import { ConfigError } from '../../src/config/errors.ts';
import { openVerificationTarget } from '../../src/verification/verification-target.ts';
import { verifyPacts } from '../../src/verification/verify.ts';
import { brokerFrom, CI_ENV, requestTo, type BrokerUnderTest } from './broker-under-test.ts';

const FOR_VERIFICATION = '/pacts/provider/leadsquared-async-api/for-verification';
let under: BrokerUnderTest | null = null;

afterEach(async () => {
  await under?.broker.stop();
  under = null;
});

async function verifyFrom(cassette: string, env: Record<string, string>): Promise<Record<string, unknown>> {
  under = await brokerFrom(cassette, env);
  const target = await openVerificationTarget();
  try {
    const result = await verifyPacts(target, verificationSource(under.settings));
    expect(result.ok, result.output).toBe(true);
  } finally {
    await target.close();
  }
  expect(under.broker.unmatched).toEqual([]);
  return JSON.parse(requestTo(under.broker, 'POST', FOR_VERIFICATION).body) as Record<string, unknown>;
}

test('the selectors from PACT_BROKER_CONSUMER_VERSION_SELECTORS reach the broker, in their order', async () => {
  const body = await verifyFrom('verify.json', { PACT_BROKER_CONSUMER_VERSION_SELECTORS: 'mainBranch,deployedOrReleased,branch' });
  expect(body.consumerVersionSelectors).toEqual([{ mainBranch: true }, { deployedOrReleased: true }, { branch: 'feature/contracts' }]);
  expect(body.providerVersionBranch).toBe('feature/contracts');
  expect(body.includePendingStatus).toBe(false);
  expect(body).not.toHaveProperty('includeWipPactsSince');
});

test('pending and WIP pacts are asked for when set, and the pending WIP pact is verified and its result published', async () => {
  const body = await verifyFrom('verify-pending-wip.json', {
    PACT_BROKER_CONSUMER_VERSION_SELECTORS: 'mainBranch,matchingBranch',
    PACT_BROKER_ENABLE_PENDING: 'true',
    PACT_BROKER_INCLUDE_WIP_PACTS_SINCE: '2026-11-01',
  });
  expect(body.consumerVersionSelectors).toEqual([{ mainBranch: true }, { matchingBranch: true }]);
  expect(body.includePendingStatus).toBe(true);
  expect(body.includeWipPactsSince).toBe('2026-11-01');
  const published = JSON.parse(requestTo(under!.broker, 'POST', /\/verification-results$/).body) as Record<string, unknown>;
  expect(published).toMatchObject({ providerApplicationVersion: '0123abcd', success: true });
});

test('the selectors are described for people: the default as the branch, others by name', () => {
  const settings = (selectors?: string) =>
    readBrokerSettings({
      PACT_BROKER_BASE_URL: 'https://example.pactflow.io',
      ...CI_ENV,
      ...(selectors ? { PACT_BROKER_CONSUMER_VERSION_SELECTORS: selectors } : {}),
    })!;
  expect(describeSelectors(settings())).toBe('of branch feature/contracts');
  expect(describeSelectors(settings('branch,mainBranch'))).toBe('selected by branch feature/contracts, mainBranch');
});

const base = { PACT_BROKER_BASE_URL: 'https://example.pactflow.io', ...CI_ENV };
const refused = (env: Record<string, string>, message: RegExp) => {
  expect(() => readBrokerSettings({ ...base, ...env })).toThrow(ConfigError);
  expect(() => readBrokerSettings({ ...base, ...env })).toThrow(message);
};

test('an unknown or repeated selector is a bad setting naming PACT_BROKER_CONSUMER_VERSION_SELECTORS and the accepted words', () => {
  refused({ PACT_BROKER_CONSUMER_VERSION_SELECTORS: 'mainBranch,latest' }, /PACT_BROKER_CONSUMER_VERSION_SELECTORS: "latest" is not one of branch, mainBranch/);
  refused({ PACT_BROKER_CONSUMER_VERSION_SELECTORS: 'branch,branch' }, /PACT_BROKER_CONSUMER_VERSION_SELECTORS: names a selector twice/);
});

test('pending takes true or false, and WIP pacts take a real date and need pending', () => {
  refused({ PACT_BROKER_ENABLE_PENDING: '1' }, /PACT_BROKER_ENABLE_PENDING: must be true or false/);
  refused(
    { PACT_BROKER_ENABLE_PENDING: 'true', PACT_BROKER_INCLUDE_WIP_PACTS_SINCE: '2026-02-30' },
    /PACT_BROKER_INCLUDE_WIP_PACTS_SINCE: must be a date YYYY-MM-DD/,
  );
  refused({ PACT_BROKER_INCLUDE_WIP_PACTS_SINCE: '2026-11-01' }, /PACT_BROKER_INCLUDE_WIP_PACTS_SINCE: needs PACT_BROKER_ENABLE_PENDING=true/);
});
