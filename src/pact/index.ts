// `lsq-harness/pact`: Pact building blocks for a service that calls LeadSquared's async Update an
// Opportunity API and its Status API. Each interaction builder adds one interaction, the way this
// harness pins the contract (the committed pact is built from these same builders), to your PactV4
// and returns it ready for executeTest; you drive your own client against Pact's mock server inside:
//
//   import { PactV4 } from '@pact-foundation/pact';
//   import { EXAMPLES, PROVIDER, interactions } from 'lsq-harness/pact';
//
//   const pact = new PactV4({ consumer: 'my-service', provider: PROVIDER });
//   test('my service submits an update and gets the RequestID', () =>
//     interactions.updateAccepted(pact).executeTest(async (server) => {
//       expect(await myClient(server.url).update(EXAMPLES.updateRequest)).toBe(EXAMPLES.acceptedRequestId);
//     }));
//
// Send the example credentials (EXAMPLE_CREDENTIALS; any key of the same shape matches, only the
// examples reach the pact) and the default paths. `lsq-harness contracts --pact FILE` verifies the
// pact you wrote against the sandbox or, read-only, a real host, swapping the examples for real keys.
import * as status from './interactions/status.ts';
import * as update from './interactions/update.ts';

/** One builder per interaction of the committed pact: `interactions.<name>(pact, options?)`. */
export const interactions = {
  /** POST update → 200, `Status` and the `RequestID` to poll. */
  updateAccepted: update.updateAccepted,
  /** POST update with `Fields: []` → 400 and the error envelope. */
  updateWithoutFields: update.updateWithoutFields,
  /** POST update with INVALID_EXAMPLE_CREDENTIALS → 401 and the error envelope. */
  updateUnauthorized: update.updateUnauthorized,
  /** POST update past the rate limit → 429 with LeadSquared's text. */
  updateRateLimited: update.updateRateLimited,
  /** GET status → In-Queue, TaskCurrentStep set, Message null. */
  statusQueued: status.statusQueued,
  /** GET status → Success, Message a JSON string naming the opportunity. */
  statusSucceeded: status.statusSucceeded,
  /** GET status → FAILURE with an MX exception as the reason. */
  statusFailed: status.statusFailed,
  /** GET status → ERROR after the retries ran out. */
  statusErrored: status.statusErrored,
  /** GET status for a RequestID nobody minted → 400 MXInvalidRequestIdException. */
  statusUnknownRequestId: status.statusUnknownRequestId,
} as const;

export type { UpdateOptions } from './interactions/update.ts';
export type { StatusOptions } from './interactions/status.ts';
export type { RequestOptions } from './interactions/request-parts.ts';
export type { PactLike, ReadyInteraction } from './interactions/pact-types.ts';
export { updateBodyMatcher } from './interactions/update.ts';
export { PATHS } from './interactions/request-parts.ts';
export { EXAMPLES } from './examples.ts';
export { STATES } from './provider-states.ts';
export { CREDENTIAL_PATTERN, EXAMPLE_CREDENTIALS, INVALID_EXAMPLE_CREDENTIALS } from './example-credentials.ts';
export { UUID_REGEX, anyUuid, apiKeyHeader, credentialQuery, errorEnvelope } from './matchers.ts';
/** The provider name to give PactV4 (and the one the verifier checks); CONSUMER is this harness's own. */
export { CONSUMER, PROVIDER } from './pact-names.ts';
