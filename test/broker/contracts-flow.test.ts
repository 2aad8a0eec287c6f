// `lsq-harness contracts` with a broker, run as CI runs it: every step in order against one recorded
// broker — publish the pact, publish the OpenAPI provider contract with Schemathesis' report, verify the
// pacts the selectors pick and publish the result, can-i-deploy — and its --json names each step.
import { fileURLToPath } from 'node:url';
import { afterEach, expect, test } from 'vitest';
import type { ContractsReport } from '../../src/verification/contracts-report.ts';
import { runCliInProcess } from '../support/cli-in-process.ts';
import { loadCassette, type RecordedExchange } from './recorded-broker.ts';
import { brokerFrom, type BrokerUnderTest } from './broker-under-test.ts';

const PASSED = fileURLToPath(new URL('./fixtures/schemathesis-passed.xml', import.meta.url));
let under: BrokerUnderTest | null = null;

afterEach(async () => {
  await under?.broker.stop();
  under = null;
});

/** One broker for the whole flow: the provider-contract cassette's index (it has every link) and the other cassettes' exchanges. */
function wholeFlow(exchanges: RecordedExchange[]): void {
  for (const name of ['publish.json', 'verify.json', 'can-i-deploy.json']) {
    exchanges.push(...loadCassette(new URL(`./recorded/${name}`, import.meta.url)).filter((e) => e.request !== 'GET /'));
  }
}

test('contracts publishes the pact, then the provider contract, verifies with the selectors and asks can-i-deploy', async () => {
  under = await brokerFrom(
    'provider-contract.json',
    {
      PACT_BROKER_PUBLISH_PROVIDER_CONTRACT: 'true',
      PACT_BROKER_PROVIDER_CONTRACT_RESULTS: PASSED,
      PACT_BROKER_CONSUMER_VERSION_SELECTORS: 'branch,mainBranch',
    },
    wholeFlow,
  );
  // In this worker (cli-in-process.ts), not a new Node process loading the CLI (~0.45 s of CPU): the test
  // is about the steps and what the broker receives; the pact CLI and the verifier still run as the
  // child processes the command starts.
  const r = await runCliInProcess(['contracts', '--json'], { NO_COLOR: '1', ...under.env });
  expect(r.code, r.stderr).toBe(0);
  const report = JSON.parse(r.stdout) as ContractsReport;
  expect(report.broker.map((s) => [s.step, s.status])).toEqual([
    ['publish pacts', 'ok'],
    ['publish provider contract', 'ok'],
    ['can-i-deploy', 'ok'],
  ]);
  expect(report.pact).toBe("the broker's pacts selected by branch feature/contracts, mainBranch");
  const order = under.broker.received.filter((q) => q.method !== 'GET').map((q) => `${q.method} ${q.path.split('/').slice(0, 3).join('/')}`);
  expect(order.slice(0, 3)).toEqual(['POST /contracts/publish', 'POST /provider-contracts/provider', 'POST /pacts/provider']);
  expect(under.broker.received.at(-1)?.path).toBe('/matrix');
  expect(under.broker.unmatched).toEqual([]);
});
