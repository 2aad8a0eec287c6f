// The broker steps against recorded broker HTTP exchanges (test/broker/recorded/): a loopback
// server replays the broker's answers and keeps what the pact CLI and the verifier sent, so these
// tests assert the requests a real broker would receive. No broker server can run on these machines.
import { readFileSync } from 'node:fs';
import { afterEach, expect, test } from 'vitest';
import { ConfigError } from '../../src/config/errors.ts';
import { openVerificationTarget } from '../../src/verification/verification-target.ts';
import { verifyPacts } from '../../src/verification/verify.ts';
import { PACT_FILE } from '../../src/pact/pact-names.ts';
import { canIDeploy, publishPacts, verificationResultsSkipped, verificationSource } from '../../src/broker/broker-flow.ts';
import { readBrokerSettings, type BrokerSettings } from '../../src/broker/broker-settings.ts';
import { loadCassette, startRecordedBroker, type RecordedBroker } from './recorded-broker.ts';

const TOKEN = 'example-broker-token';
let broker: RecordedBroker | null = null;

async function brokerFrom(cassette: string, edit?: (exchanges: ReturnType<typeof loadCassette>) => void): Promise<BrokerSettings> {
  const exchanges = loadCassette(new URL(`./recorded/${cassette}`, import.meta.url));
  edit?.(exchanges);
  broker = await startRecordedBroker(exchanges);
  return readBrokerSettings({ PACT_BROKER_BASE_URL: broker.url, PACT_BROKER_TOKEN: TOKEN, GIT_COMMIT: '0123abcd', GIT_BRANCH: 'feature/contracts' })!;
}

afterEach(async () => {
  await broker?.stop();
  broker = null;
});

test('publishing sends the committed pact versioned by the git commit, on the branch, tagged with the branch', async () => {
  const result = await publishPacts(await brokerFrom('publish.json'));
  expect(result.status, result.output).toBe('ok');
  const publish = broker!.received.find((r) => r.method === 'POST' && r.path === '/contracts/publish')!;
  expect(publish.headers.authorization).toBe(`Bearer ${TOKEN}`);
  const body = JSON.parse(publish.body);
  expect(body).toMatchObject({
    pacticipantName: 'lsq-harness',
    pacticipantVersionNumber: '0123abcd',
    branch: 'feature/contracts',
    tags: ['feature/contracts'],
  });
  const sent = JSON.parse(Buffer.from(body.contracts[0].content, 'base64').toString('utf8'));
  const committed = JSON.parse(readFileSync(PACT_FILE, 'utf8'));
  expect(sent.interactions.map((i: { description: string }) => i.description).sort()).toEqual(
    committed.interactions.map((i: { description: string }) => i.description).sort(),
  );
  expect(broker!.unmatched).toEqual([]);
});

test('verification takes the branch pacts from the broker and publishes a successful result under the commit', async () => {
  const settings = await brokerFrom('verify.json');
  const target = await openVerificationTarget();
  try {
    const result = await verifyPacts(target, verificationSource(settings));
    expect(result.ok, result.output).toBe(true);
  } finally {
    await target.close();
  }
  const forVerification = broker!.received.find((r) => r.method === 'POST' && r.path.endsWith('/for-verification'))!;
  expect(JSON.parse(forVerification.body).consumerVersionSelectors).toEqual([{ branch: 'feature/contracts' }]);
  const branchVersion = broker!.received.find((r) => r.method === 'PUT');
  expect(branchVersion?.path).toBe('/pacticipants/leadsquared-async-api/branches/feature%2Fcontracts/versions/0123abcd');
  const published = broker!.received.find((r) => r.method === 'POST' && r.path.endsWith('/verification-results'))!;
  expect(JSON.parse(published.body)).toMatchObject({ providerApplicationVersion: '0123abcd', success: true });
  expect(broker!.unmatched).toEqual([]);
});

test('can-i-deploy asks the matrix about the commit in the target environment', async () => {
  const result = await canIDeploy(await brokerFrom('can-i-deploy.json'));
  expect(result.status, result.output).toBe('ok');
  const matrix = broker!.received.find((r) => r.path === '/matrix')!;
  expect(matrix.query.get('q[][pacticipant]')).toBe('lsq-harness');
  expect(matrix.query.get('q[][version]')).toBe('0123abcd');
  expect(matrix.query.get('environment')).toBe('production');
});

test('can-i-deploy fails the step when the broker says no', async () => {
  const settings = await brokerFrom('can-i-deploy.json', (exchanges) => {
    const body = exchanges.find((e) => e.request === 'GET /matrix')!.response.body as { summary: Record<string, unknown> };
    body.summary = {
      deployable: false,
      reason: 'There is no verified pact between lsq-harness (0123abcd) and leadsquared-async-api',
      success: 0,
      failed: 1,
      unknown: 0,
    };
  });
  const result = await canIDeploy(settings);
  expect(result.status).toBe('failed');
  expect(result.line).toContain('NO');
});

test('without a broker every step is skipped with one line saying why', async () => {
  const lines = [(await publishPacts(null)).line, verificationResultsSkipped(null)!.line, (await canIDeploy(null)).line];
  for (const line of lines) expect(line).toMatch(/^broker: .+ skipped \(PACT_BROKER_BASE_URL is not set\)/);
  expect(readBrokerSettings({})).toBeNull();
});

test('a broker URL that is not a URL is a bad setting naming PACT_BROKER_BASE_URL', () => {
  expect(() => readBrokerSettings({ PACT_BROKER_BASE_URL: 'not a url', GIT_COMMIT: 'x', GIT_BRANCH: 'y' })).toThrow(ConfigError);
  expect(() => readBrokerSettings({ PACT_BROKER_BASE_URL: 'not a url', GIT_COMMIT: 'x', GIT_BRANCH: 'y' })).toThrow(/PACT_BROKER_BASE_URL/);
});
