// LeadSquared will never run our Pact verification: it is a third-party provider. PactFlow's
// bi-directional contract testing takes instead a provider contract — our OpenAPI document of its API
// (contracts/openapi/lsq-async-api.yaml) — with the provider's self-verification: Schemathesis' JUnit
// report from `lsq-harness conformance`. PactFlow then compares our pact with the document, and
// can-i-deploy answers from that. Published with `pactflow publish-provider-contract` (pact-cli).
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError } from '../config/errors.ts';
import { PROVIDER } from '../pact/pact-names.ts';
import { flag } from './broker-options.ts';
import type { BrokerSettings } from './broker-settings.ts';
import { runPactflow, type CliResult } from './pact-broker-cli.ts';

/** The generated OpenAPI document (same place relative to this file in a checkout and in the package). */
export const OPENAPI_DOCUMENT = fileURLToPath(new URL('../../contracts/openapi/lsq-async-api.yaml', import.meta.url));
export const DEFAULT_PROVIDER_CONTRACT_RESULTS = 'reports/conformance/junit.xml';
const RESULTS = 'PACT_BROKER_PROVIDER_CONTRACT_RESULTS';

export interface ProviderContract {
  /** The Schemathesis JUnit report: the self-verification results published with the document. */
  results: string;
  /** At least one test case, and none failed. */
  success: boolean;
  cases: number;
  failed: number;
}

/** Test cases and failed ones in a JUnit report (Schemathesis writes one flat testsuite). */
export function countJunit(xml: string): { cases: number; failed: number } {
  const cases = [...xml.matchAll(/<testcase\b[^>]*?(\/>|>([\s\S]*?)<\/testcase>)/g)];
  return { cases: cases.length, failed: cases.filter((m) => /<(failure|error)\b/.test(m[2] ?? '')).length };
}

/** The provider contract to publish, or null unless PACT_BROKER_PUBLISH_PROVIDER_CONTRACT=true. */
export function readProviderContract(env: Record<string, string | undefined>): ProviderContract | null {
  if (!flag(env, 'PACT_BROKER_PUBLISH_PROVIDER_CONTRACT')) return null;
  const results = resolve(env[RESULTS] || DEFAULT_PROVIDER_CONTRACT_RESULTS);
  if (!existsSync(results)) {
    throw new ConfigError(
      RESULTS,
      `${results} does not exist; run \`lsq-harness conformance\` first (it writes ${DEFAULT_PROVIDER_CONTRACT_RESULTS}) or set ${RESULTS}`,
    );
  }
  const { cases, failed } = countJunit(readFileSync(results, 'utf8'));
  if (cases === 0) throw new ConfigError(RESULTS, `${results} holds no JUnit test case; it must be the JUnit report of \`lsq-harness conformance\``);
  return { results, success: failed === 0, cases, failed };
}

/** The pactflow arguments: the document as version = commit on the branch, with its self-verification. */
export function providerContractArgs(broker: BrokerSettings, contract: ProviderContract, document: string = OPENAPI_DOCUMENT): string[] {
  return [
    'publish-provider-contract',
    document,
    '--provider',
    PROVIDER,
    '--provider-app-version',
    broker.commit,
    '--branch',
    broker.branch,
    '--tag',
    broker.branch,
    '--specification',
    'oas',
    '--content-type',
    'application/yaml',
    contract.success ? '--verification-success' : '--no-verification-success',
    '--verification-results',
    contract.results,
    '--verification-results-content-type',
    'application/xml',
    '--verification-results-format',
    'junit',
    '--verifier',
    'schemathesis',
  ];
}

export function publishProviderContractCli(broker: BrokerSettings, contract: ProviderContract): Promise<CliResult> {
  return runPactflow(providerContractArgs(broker, contract), broker);
}
