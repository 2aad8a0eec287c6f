// Interactions of the Update an Opportunity call (POST /opportunity/update): accepted with a RequestID
// to poll, refused for a malformed body (400), for wrong keys (401), and past the rate limit (429).
// Each adds its interaction to a PactV4 and returns it ready for executeTest.
import { MatchersV3 } from '@pact-foundation/pact';
import { ACCEPTED_STATUS_TEXT, exampleUpdateRequest } from '../../contract/index.ts';
import { EXAMPLES } from '../examples.ts';
import { INVALID_EXAMPLE_CREDENTIALS } from '../example-credentials.ts';
import { anyUuid, errorEnvelope } from '../matchers.ts';
import { STATES } from '../provider-states.ts';
import type { PactLike, ReadyInteraction } from './pact-types.ts';
import { PATHS, withCredentials, type RequestOptions } from './request-parts.ts';

const { eachLike, regex, string } = MatchersV3;

/** The body a caller sends: the seed page's shape, every value matched by type. */
export const updateBodyMatcher = {
  ProspectOpportunityId: anyUuid(exampleUpdateRequest.ProspectOpportunityId),
  OpportunityNote: string(exampleUpdateRequest.OpportunityNote),
  Fields: eachLike({ SchemaName: regex('^\\w+$', 'mx_Custom_6'), Value: string('200,000') }),
};

export interface UpdateOptions extends RequestOptions {
  /** The request body as a Pact template (matchers allowed); default updateBodyMatcher. */
  body?: unknown;
}

/** 200 with `Status` and the `RequestID` to poll (EXAMPLES.acceptedRequestId from the mock server). */
export function updateAccepted(pact: PactLike, o: UpdateOptions = {}): ReadyInteraction {
  return pact
    .addInteraction()
    .given(STATES.credentialsValid)
    .uponReceiving(o.description ?? 'an update of an opportunity')
    .withRequest('POST', PATHS.update, (b) => withCredentials(b, o.credentialsIn).jsonBody(o.body ?? updateBodyMatcher))
    .willRespondWith(200, (b) => b.jsonBody({ Status: string(ACCEPTED_STATUS_TEXT), RequestID: anyUuid(EXAMPLES.acceptedRequestId) }));
}

/** 400 with the error envelope for a body without Fields (send `{ ...EXAMPLES.updateRequest, Fields: [] }`). */
export function updateWithoutFields(pact: PactLike, o: RequestOptions = {}): ReadyInteraction {
  const body = { ProspectOpportunityId: anyUuid(exampleUpdateRequest.ProspectOpportunityId), OpportunityNote: string('Update note'), Fields: [] };
  return pact
    .addInteraction()
    .given(STATES.credentialsValid)
    .uponReceiving(o.description ?? 'an update whose body has no Fields')
    .withRequest('POST', PATHS.update, (b) => withCredentials(b, o.credentialsIn).jsonBody(body))
    .willRespondWith(400, (b) =>
      b.jsonBody(errorEnvelope('MXInvalidRequestException', 'Invalid request body: Fields: Fields must hold at least one {SchemaName, Value}')),
    );
}

/**
 * 401 with the error envelope. The caller must send INVALID_EXAMPLE_CREDENTIALS' access and secret
 * key: verification never swaps those, so the provider is shown keys it must refuse.
 */
export function updateUnauthorized(pact: PactLike, o: UpdateOptions = {}): ReadyInteraction {
  return pact
    .addInteraction()
    .uponReceiving(o.description ?? 'an update with a wrong accessKey and secretKey')
    .withRequest('POST', PATHS.update, (b) => withCredentials(b, o.credentialsIn, INVALID_EXAMPLE_CREDENTIALS).jsonBody(o.body ?? updateBodyMatcher))
    .willRespondWith(401, (b) => b.jsonBody(errorEnvelope('MXUnAuthorizedAccessException', 'Invalid accessKey or secretKey')));
}

/** 429 with LeadSquared's text (EXAMPLES.rateLimitMessage) in the error envelope. */
export function updateRateLimited(pact: PactLike, o: UpdateOptions = {}): ReadyInteraction {
  return pact
    .addInteraction()
    .given(STATES.rateLimitExhausted)
    .uponReceiving(o.description ?? 'an update past the rate limit')
    .withRequest('POST', PATHS.update, (b) => withCredentials(b, o.credentialsIn).jsonBody(o.body ?? updateBodyMatcher))
    .willRespondWith(429, (b) =>
      b.jsonBody(
        errorEnvelope('MXAPIRateLimitExceededException', regex('^API calls exceeded the limit of \\d+ in \\d+ second\\(s\\)$', EXAMPLES.rateLimitMessage)),
      ),
    );
}
