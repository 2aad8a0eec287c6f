// Runs the Pact Verifier against a target. With a broker, the pacts come from the broker and the
// result is published there (tagged with the git commit and branch); without one, the committed
// pact files are verified locally.
import type { VerifierOptions } from '@pact-foundation/pact';
// The Verifier alone: the package's index also loads its consumer DSL (GraphQL, ramda: ~500 modules,
// ~0.25 s of CPU in every verifier child) which verification never uses.
import { Verifier } from '@pact-foundation/pact/src/dsl/verifier/index.js';
import { redact } from '../client/redact.ts';
import { PROVIDER } from '../pact/pact-names.ts';
import { brokenInteractions, summarize, type BrokenInteraction } from './failure-summary.ts';
import { interactionOutcomes, type InteractionOutcome } from './interaction-results.ts';
import type { VerificationTarget } from './verification-target.ts';

export type ConsumerVersionSelector = NonNullable<VerifierOptions['consumerVersionSelectors']>[number];

export interface BrokerSource {
  url: string;
  token?: string | undefined;
  /** The provider version the result is published under: the git commit. */
  providerVersion: string;
  providerVersionBranch: string;
  /** Which consumer versions to verify, e.g. the branch just published, the main branch, what is deployed. */
  consumerVersionSelectors: ConsumerVersionSelector[];
  /** A pact never yet verified successfully by this provider is pending: its failure does not fail the run. */
  enablePending: boolean;
  /** YYYY-MM-DD: also verify the work-in-progress pacts published since then (pending). */
  includeWipPactsSince?: string;
}

export interface VerifyResult {
  ok: boolean;
  /** One line per broken interaction and what differed (redacted); the verifier's own text when it failed otherwise. */
  output: string;
  broken: BrokenInteraction[];
  /** Each interaction the verifier ran and how it went; empty when the verifier could not run. */
  interactions: InteractionOutcome[];
}

export function verifierOptions(target: VerificationTarget, broker?: BrokerSource): VerifierOptions {
  const common: VerifierOptions = {
    provider: PROVIDER,
    providerBaseUrl: target.providerBaseUrl,
    logLevel: (process.env.LSQ_PACT_LOG_LEVEL as 'info' | undefined) ?? 'error',
    timeout: 30_000,
    ...target.options,
  };
  if (!broker) return { ...common, pactUrls: target.pactFiles };
  return {
    ...common,
    pactBrokerUrl: broker.url,
    ...(broker.token ? { pactBrokerToken: broker.token } : {}),
    consumerVersionSelectors: broker.consumerVersionSelectors,
    enablePending: broker.enablePending,
    ...(broker.includeWipPactsSince ? { includeWipPactsSince: broker.includeWipPactsSince } : {}),
    publishVerificationResult: true,
    providerVersion: broker.providerVersion,
    providerVersionBranch: broker.providerVersionBranch,
  };
}

export async function verifyPacts(target: VerificationTarget, broker?: BrokerSource): Promise<VerifyResult> {
  try {
    const output = redact(String((await new Verifier(verifierOptions(target, broker)).verifyProvider()) ?? ''));
    return { ok: true, output, broken: [], interactions: interactionOutcomes(output) ?? [] };
  } catch (e) {
    const message = redact((e as Error).message ?? String(e));
    return { ok: false, output: summarize(message), broken: brokenInteractions(message) ?? [], interactions: interactionOutcomes(message) ?? [] };
  }
}
