// The broker steps, in CI order: publish the pacts (versioned by git commit, on the branch, tagged with
// the branch), verify the published pacts and publish the result, then ask can-i-deploy. Without a
// broker each step returns `skipped` with one line that says why.
import { PACT_DIR, CONSUMER } from '../pact/pact-names.ts';
import type { BrokerSource } from '../verification/verify.ts';
import type { BrokerSettings } from './broker-settings.ts';
import { runPactBroker } from './pact-broker-cli.ts';

export interface StepResult {
  step: 'publish pacts' | 'publish verification results' | 'can-i-deploy';
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

/** Where the verifier takes its pacts from and publishes its result to; null without a broker. */
export function verificationSource(broker: BrokerSettings | null): BrokerSource | undefined {
  if (!broker) return undefined;
  return { url: broker.url, token: broker.token, providerVersion: broker.commit, providerVersionBranch: broker.branch, consumerBranch: broker.branch };
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
  const r = await runPactBroker(['can-i-deploy', '--pacticipant', pacticipant, '--version', broker.commit, '--to-environment', broker.environment], broker);
  return {
    step,
    status: r.ok ? 'ok' : 'failed',
    line: `broker: ${step} ${pacticipant} ${broker.commit} to ${broker.environment}: ${r.ok ? 'yes' : 'NO'}`,
    output: r.output,
  };
}
