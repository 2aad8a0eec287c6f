// The example values the interactions put in a pact, and what a consumer test can expect back from
// Pact's mock server. Ids and text are matched by shape, so any value of the same shape passes; these
// are only the examples the mock server answers with and the pact records.
import { exampleStatusSuccess, exampleUpdateAccepted, exampleUpdateRequest } from '../contract/index.ts';

export const EXAMPLES = {
  /** The RequestID the accepted update answers with. */
  acceptedRequestId: exampleUpdateAccepted.RequestID,
  /** The RequestID status requests carry (the provider state replaces it with one it minted). */
  requestId: exampleStatusSuccess.RequestID,
  /** The opportunity the successful status names in Message and RequestBody. */
  opportunityId: '6a22455b-213e-4450-a960-3deef72b5eec',
  /** A RequestID no provider ever minted. */
  unknownRequestId: 'f0e1d2c3-b4a5-4968-8776-655443322110',
  /** A body the update interactions accept (the seed page's, with one field). */
  updateRequest: { ...exampleUpdateRequest, Fields: [{ SchemaName: 'mx_Custom_6', Value: '200,000' }] },
  /** The original request echoed back as a JSON string in RequestBody (the status page's sample). */
  echoedRequestBody: exampleStatusSuccess.TaskStatus.RequestBody,
  /** The stringified Message of a successful update. */
  successMessage: exampleStatusSuccess.TaskStatus.Message,
  /** LeadSquared's 429 text. */
  rateLimitMessage: 'API calls exceeded the limit of 25 in 5 second(s)',
} as const;
