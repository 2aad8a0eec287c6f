// The broker flow's settings: read once, validated with a message naming the setting. No
// PACT_BROKER_BASE_URL means no broker: every broker step is skipped with one line saying so.
import { execFileSync } from 'node:child_process';
import { registerSecret } from '../client/redact.ts';
import { ConfigError } from '../config/errors.ts';
import { requireSecureTransport } from '../config/loopback.ts';
import { environmentName, readCanIDeployRetries, readVerificationChoice, type CanIDeployRetries, type VerificationChoice } from './broker-options.ts';
import { readProviderContract, type ProviderContract } from './provider-contract.ts';

export interface BrokerSettings {
  url: string;
  /** Bearer token (PactFlow, or a broker with tokens); passed to the tools through the environment only. */
  token: string | undefined;
  username: string | undefined;
  password: string | undefined;
  /** The version pacts and verification results are published under. */
  commit: string;
  branch: string;
  /** Where can-i-deploy asks to deploy to. */
  environment: string;
  /** Which consumer versions the verifier takes from the broker, and whether pending and WIP pacts are on. */
  verification: VerificationChoice;
  /** How long can-i-deploy polls while a result is unknown. */
  canIDeploy: CanIDeployRetries;
  /** The OpenAPI document to publish as a PactFlow provider contract with Schemathesis' report; null: not published. */
  providerContract: ProviderContract | null;
  /** Environments to record the version as deployed to / released to after a green gate (unset: none). */
  recordDeployment: string | undefined;
  recordRelease: string | undefined;
}

export const BROKER_SETTINGS_DOC = {
  PACT_BROKER_BASE_URL: 'Pact Broker / PactFlow base URL. Unset: the broker steps are skipped.',
  PACT_BROKER_TOKEN: 'Bearer token for the broker (secret).',
  PACT_BROKER_USERNAME: 'Basic-auth user, instead of a token.',
  PACT_BROKER_PASSWORD: 'Basic-auth password (secret).',
  PACT_BROKER_ENVIRONMENT: 'Environment can-i-deploy checks against, default production.',
  PACT_BROKER_CONSUMER_VERSION_SELECTORS:
    'Which consumer versions the verifier takes, comma-separated from branch (the branch being built), mainBranch, matchingBranch, deployedOrReleased; default branch.',
  PACT_BROKER_ENABLE_PENDING: 'true: a pact the provider has never verified successfully is pending (its failure does not fail verification); default false.',
  PACT_BROKER_INCLUDE_WIP_PACTS_SINCE:
    'YYYY-MM-DD: also verify work-in-progress pacts published since then (needs PACT_BROKER_ENABLE_PENDING=true); default none.',
  PACT_BROKER_RETRY_WHILE_UNKNOWN: 'How many times can-i-deploy asks again while a result is unknown, 0-120; default 6.',
  PACT_BROKER_RETRY_INTERVAL: 'Seconds between those retries, 1-300; default 10.',
  PACT_BROKER_PUBLISH_PROVIDER_CONTRACT:
    "true: publish the OpenAPI document as a PactFlow provider contract with Schemathesis' report (bi-directional); default false.",
  PACT_BROKER_PROVIDER_CONTRACT_RESULTS: "The Schemathesis JUnit report published as the contract's self-verification; default reports/conformance/junit.xml.",
  PACT_BROKER_RECORD_DEPLOYMENT: 'Environment to record the version as deployed to after a green gate (`gate --record-deployment ENV`); default none.',
  PACT_BROKER_RECORD_RELEASE: 'Environment to record the version as released to after a green gate (`gate --record-release ENV`); default none.',
  GIT_COMMIT: 'Version to publish under; default `git rev-parse HEAD`.',
  GIT_BRANCH: 'Branch to publish under; default `git rev-parse --abbrev-ref HEAD`.',
} as const;

type Env = Record<string, string | undefined>;

function git(args: string[], setting: string, cwd: string): string {
  try {
    return execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 5000 }).trim();
  } catch {
    throw new ConfigError(setting, `is not set and \`git ${args.join(' ')}\` failed; set ${setting}`);
  }
}

export function readBrokerSettings(env: Env = process.env, cwd: string = process.cwd()): BrokerSettings | null {
  const raw = env.PACT_BROKER_BASE_URL;
  if (!raw) return null;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError('PACT_BROKER_BASE_URL', `must be a URL like https://example.pactflow.io, got ${JSON.stringify(raw)}`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new ConfigError('PACT_BROKER_BASE_URL', `must be http(s), got ${url.protocol}//`);
  if (url.username || url.password)
    throw new ConfigError('PACT_BROKER_BASE_URL', 'must not carry credentials (use PACT_BROKER_TOKEN or PACT_BROKER_USERNAME/PASSWORD)');
  // A token or a basic-auth login goes in every request's Authorization header: never in cleartext
  // past this machine. Without one, a plain-http broker (read-only, inside a network) stays allowed.
  if (env.PACT_BROKER_TOKEN || env.PACT_BROKER_USERNAME || env.PACT_BROKER_PASSWORD) requireSecureTransport(url, 'PACT_BROKER_BASE_URL');
  for (const secret of [env.PACT_BROKER_TOKEN, env.PACT_BROKER_PASSWORD]) registerSecret(secret);
  const commit = env.GIT_COMMIT || git(['rev-parse', 'HEAD'], 'GIT_COMMIT', cwd);
  const branch = env.GIT_BRANCH || git(['rev-parse', '--abbrev-ref', 'HEAD'], 'GIT_BRANCH', cwd);
  if (branch === 'HEAD') throw new ConfigError('GIT_BRANCH', 'the checkout is on a detached HEAD; set GIT_BRANCH');
  return {
    url: url.toString().replace(/\/+$/, ''),
    token: env.PACT_BROKER_TOKEN || undefined,
    username: env.PACT_BROKER_USERNAME || undefined,
    password: env.PACT_BROKER_PASSWORD || undefined,
    commit,
    branch,
    environment: env.PACT_BROKER_ENVIRONMENT || 'production',
    verification: readVerificationChoice(env),
    canIDeploy: readCanIDeployRetries(env),
    providerContract: readProviderContract(env),
    recordDeployment: env.PACT_BROKER_RECORD_DEPLOYMENT ? environmentName('PACT_BROKER_RECORD_DEPLOYMENT', env.PACT_BROKER_RECORD_DEPLOYMENT) : undefined,
    recordRelease: env.PACT_BROKER_RECORD_RELEASE ? environmentName('PACT_BROKER_RECORD_RELEASE', env.PACT_BROKER_RECORD_RELEASE) : undefined,
  };
}
