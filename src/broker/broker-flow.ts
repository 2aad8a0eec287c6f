// The broker steps, in CI order: publish the pacts (versioned by git commit, on the branch, tagged with
// the branch), publish the OpenAPI document as a provider contract when asked (bi-directional), verify
// the pacts the selectors pick and publish the result, then ask can-i-deploy (polling while a result
// is unknown). Without a broker each step returns `skipped` with one line that says why.
import { PACT_DIR, CONSUMER, PROVIDER } from '../pact/pact-names.ts';
import type { BrokerSource, ConsumerVersionSelector } from '../verification/verify.ts';
import type { SelectorWord } from './broker-options.ts';
import type { BrokerSettings } from './broker-settings.ts';
import { runPactBroker } from './pact-broker-cli.ts';
import { publishProviderContractCli } from './provider-contract.ts';

export interface StepResult {
  step: 'publish pacts' | 'publish provider contract' | 'publish verification results' | 'can-i-deploy' | 'record deployment' | 'record release';
  status: 'ok' | 'failed' | 'skipped';
  line: string;
  output?: string;
}

const NO_BROKER = 'PACT_BROKER_BASE_URL is not set';

/** Publishes the pacts in `pacts` (a folder, or one pact file) under `consumer`'s version = the commit. */
export async function publishPacts(broker: BrokerSettings | null, pacts: string = PACT_DIR, consumer: string = CONSUMER): Promise<StepResult> {
  const step = 'publish pacts';
  if (!broker) return { step, status: 'skipped', line: `broker: ${step} skipped (${NO_BROKER})` };
  const r = await runPactBroker(['publish', pacts, '--consumer-app-version', broker.commit, '--branch', broker.branch, '--tag', broker.branch], broker);
  return {
    step,
    status: r.ok ? 'ok' : 'failed',
    line: `broker: ${step} as ${consumer} ${broker.commit} on ${broker.branch}: ${r.ok ? 'done' : 'FAILED'}`,
    output: r.output,
  };
}

/** The OpenAPI document and Schemathesis' report as a PactFlow provider contract; skipped unless asked for. */
export async function publishProviderContract(broker: BrokerSettings | null): Promise<StepResult | null> {
  const step = 'publish provider contract';
  if (!broker) return null;
  const contract = broker.providerContract;
  if (!contract) return null;
  const r = await publishProviderContractCli(broker, contract);
  const verified = contract.success
    ? `self-verified (${contract.cases} Schemathesis cases)`
    : `self-verification FAILED (${contract.failed} of ${contract.cases} cases)`;
  return {
    step,
    status: r.ok ? 'ok' : 'failed',
    line: `broker: ${step} ${PROVIDER} ${broker.commit} on ${broker.branch}, ${verified}: ${r.ok ? 'done' : 'FAILED'}`,
    output: r.output,
  };
}

const SELECTORS: Record<SelectorWord, (broker: BrokerSettings) => ConsumerVersionSelector> = {
  branch: (broker) => ({ branch: broker.branch }),
  mainBranch: () => ({ mainBranch: true }),
  matchingBranch: () => ({ matchingBranch: true }),
  deployedOrReleased: () => ({ deployedOrReleased: true }),
};

/** The selectors in words, for people: "of branch B", or "selected by branch B, mainBranch". */
export function describeSelectors(broker: BrokerSettings): string {
  const words = broker.verification.selectors.map((w) => (w === 'branch' ? `branch ${broker.branch}` : w));
  return words.length === 1 && broker.verification.selectors[0] === 'branch' ? `of ${words[0]}` : `selected by ${words.join(', ')}`;
}

/** Where the verifier takes its pacts from and publishes its result to; null without a broker. */
export function verificationSource(broker: BrokerSettings | null): BrokerSource | undefined {
  if (!broker) return undefined;
  const { selectors, enablePending, includeWipPactsSince } = broker.verification;
  return {
    url: broker.url,
    token: broker.token,
    providerVersion: broker.commit,
    providerVersionBranch: broker.branch,
    consumerVersionSelectors: selectors.map((w) => SELECTORS[w](broker)),
    enablePending,
    ...(includeWipPactsSince ? { includeWipPactsSince } : {}),
  };
}

export function verificationResultsSkipped(broker: BrokerSettings | null): StepResult | null {
  return broker
    ? null
    : {
        step: 'publish verification results',
        status: 'skipped',
        line: `broker: publish verification results skipped (${NO_BROKER}); the committed pacts were verified locally`,
      };
}

export async function canIDeploy(broker: BrokerSettings | null, pacticipant: string = CONSUMER): Promise<StepResult> {
  const step = 'can-i-deploy';
  if (!broker) return { step, status: 'skipped', line: `broker: ${step} skipped (${NO_BROKER})` };
  const { retryWhileUnknown, retryIntervalSeconds } = broker.canIDeploy;
  const args = ['can-i-deploy', '--pacticipant', pacticipant, '--version', broker.commit, '--to-environment', broker.environment];
  if (retryWhileUnknown > 0) args.push('--retry-while-unknown', String(retryWhileUnknown), '--retry-interval', String(retryIntervalSeconds));
  // The polling is the CLI's own: give it every retry's wait on top of the usual minute.
  const r = await runPactBroker(args, broker, 60_000 + retryWhileUnknown * retryIntervalSeconds * 1000);
  return {
    step,
    status: r.ok ? 'ok' : 'failed',
    line: `broker: ${step} ${pacticipant} ${broker.commit} to ${broker.environment}: ${r.ok ? 'yes' : 'NO'}${!r.ok && retryWhileUnknown > 0 ? ` (asked up to ${retryWhileUnknown + 1} times, ${retryIntervalSeconds} s apart, while unknown)` : ''}`,
    output: r.output,
  };
}
