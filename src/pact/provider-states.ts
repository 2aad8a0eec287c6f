// The provider states the interactions are given, as sentences. The sandbox sets each up through its
// admin endpoint; against a real host only the ones that need no set-up (and, with --allow-writes,
// "an update request succeeded") are verified. The type check keeps these and the sandbox's in step.
import type { ProviderState } from '../sandbox/provider-states.ts';

export const STATES = {
  credentialsValid: 'the credentials are valid',
  rateLimitExhausted: 'the rate limit is exhausted',
  queued: 'an update request is In-Queue',
  succeeded: 'an update request succeeded',
  failedMx: 'an update failed with an MX exception',
  erroredAfterRetries: 'an update ended in ERROR after retries',
  unknownRequestId: 'no update request has that RequestID',
} as const satisfies Record<string, ProviderState>;
