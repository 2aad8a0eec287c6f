// What the contracts command asks of the verifier child (passed as one JSON argument; it holds no
// secret: credentials reach the child through its environment) and what the child answers (written as
// JSON to `resultFile`, its text already redacted).
import type { InteractionOutcome } from './interaction-results.ts';
import type { VerificationTarget } from './verification-target.ts';

export interface VerifierJob {
  /** A sandbox already running there; unset: the embedded sandbox, or the real host of LSQ_ASYNC_HOST. */
  providerUrl?: string | undefined;
  allowWrites: boolean;
  /** The pact file verified (unless the pacts come from the broker). */
  pactFile: string;
  /** PACT_BROKER_BASE_URL is set: a sandbox verifies the broker's pacts and publishes the result. */
  broker: boolean;
  /** Where the child writes its VerifierAnswer. */
  resultFile: string;
}

export interface VerifierAnswer {
  ok: boolean;
  target: { kind: VerificationTarget['kind']; describe: string };
  /** The pacts came from the broker, and the result was published there. */
  fromBroker: boolean;
  interactions: InteractionOutcome[];
  /** The failure summary, or the verifier's own text when it could not run. */
  output: string;
  /** A bad setting found in the child: the command exits 2 with it. */
  configError?: { setting: string; message: string };
}
