// Interactions of the Status call (GET /opportunity/update/status?RequestID=…): one per documented
// status word (In-Queue, Success, FAILURE, ERROR) and the unknown RequestID. The RequestID comes from
// the provider state (fromProviderState): a provider mints its own ids, so verification asks the state
// for one. Message is pinned both ways: a JSON string on Success, null otherwise (nullValue() means
// must-be-null; Pact has no string-or-null).
import { MatchersV3 } from '@pact-foundation/pact';
import { SUCCESS_STATUS_REASON, TASK_STEPS } from '../../contract/index.ts';
import { EXAMPLES } from '../examples.ts';
import { anyUuid, apiKeyHeader, errorEnvelope } from '../matchers.ts';
import { STATES } from '../provider-states.ts';
import type { PactLike, ReadyInteraction, RequestBuilder } from './pact-types.ts';
import { PATHS } from './request-parts.ts';

const { fromProviderState, nullValue, regex, string } = MatchersV3;

export interface StatusOptions {
  /** The interaction's description; each default names what it pins. Unique within one pact. */
  description?: string;
}

/** The status request: the RequestID from the provider state, the x-api-key header (status takes no access/secret key). */
const statusRequest = (b: RequestBuilder) => {
  // biome-ignore lint/suspicious/noTemplateCurlyInString: '${RequestID}' is a Pact provider-state expression the verifier fills in, not a template literal
  b.query({ RequestID: fromProviderState('${RequestID}', EXAMPLES.requestId) }).headers(apiKeyHeader());
};

const requestBody = () => string(EXAMPLES.echoedRequestBody);

/** In-Queue, with TaskCurrentStep and a null Message. */
export function statusQueued(pact: PactLike, o: StatusOptions = {}): ReadyInteraction {
  return pact
    .addInteraction()
    .given(STATES.queued)
    .uponReceiving(o.description ?? 'a status request for a queued update')
    .withRequest('GET', PATHS.status, statusRequest)
    .willRespondWith(200, (b) =>
      b.jsonBody({
        RequestID: anyUuid(EXAMPLES.requestId),
        TaskStatus: {
          TaskType: string('Opportunity Update'),
          Status: 'In-Queue',
          TaskCurrentStep: string(TASK_STEPS.queued),
          RequestBody: requestBody(),
          Message: nullValue(),
        },
      }),
    );
}

/** Success, with Message a JSON *string* holding the opportunity's Id (an object there breaks the pact). */
export function statusSucceeded(pact: PactLike, o: StatusOptions = {}): ReadyInteraction {
  return pact
    .addInteraction()
    .given(STATES.succeeded)
    .uponReceiving(o.description ?? 'a status request for a successful update')
    .withRequest('GET', PATHS.status, statusRequest)
    .willRespondWith(200, (b) =>
      b.jsonBody({
        RequestID: anyUuid(EXAMPLES.requestId),
        TaskStatus: {
          TaskType: string('Opportunity Update'),
          Status: 'Success',
          StatusReason: string(SUCCESS_STATUS_REASON),
          TaskCurrentStep: nullValue(),
          RequestBody: requestBody(),
          Message: regex('^\\{.*"Message"\\s*:\\s*\\{.*"Id"\\s*:\\s*"[^"]+".*\\}\\s*\\}$', EXAMPLES.successMessage),
        },
      }),
    );
}

/** FAILURE, with an `MX…Exception: …` StatusReason and a null Message (not retried). */
export function statusFailed(pact: PactLike, o: StatusOptions = {}): ReadyInteraction {
  return pact
    .addInteraction()
    .given(STATES.failedMx)
    .uponReceiving(o.description ?? 'a status request for an update that failed with an MX exception')
    .withRequest('GET', PATHS.status, statusRequest)
    .willRespondWith(200, (b) =>
      b.jsonBody({
        RequestID: anyUuid(EXAMPLES.requestId),
        TaskStatus: {
          Status: 'FAILURE',
          StatusReason: regex('^MX\\w*Exception: .+$', 'MXInvalidInputException: Invalid value for field'),
          TaskCurrentStep: nullValue(),
          RequestBody: requestBody(),
          Message: nullValue(),
        },
      }),
    );
}

/** ERROR after the retries ran out, with the system reason and a null Message. */
export function statusErrored(pact: PactLike, o: StatusOptions = {}): ReadyInteraction {
  return pact
    .addInteraction()
    .given(STATES.erroredAfterRetries)
    .uponReceiving(o.description ?? 'a status request for an update that ended in ERROR')
    .withRequest('GET', PATHS.status, statusRequest)
    .willRespondWith(200, (b) =>
      b.jsonBody({
        RequestID: anyUuid(EXAMPLES.requestId),
        TaskStatus: {
          Status: 'ERROR',
          StatusReason: string('Unable to connect to the database'),
          TaskCurrentStep: nullValue(),
          RequestBody: requestBody(),
          Message: nullValue(),
        },
      }),
    );
}

/**
 * 400 with MXInvalidRequestIdException for EXAMPLES.unknownRequestId. No fromProviderState here: any
 * id the provider never minted is unknown, so this needs no set-up and writes nothing, and is safe to
 * verify against a real host.
 */
export function statusUnknownRequestId(pact: PactLike, o: StatusOptions = {}): ReadyInteraction {
  const id = EXAMPLES.unknownRequestId;
  return pact
    .addInteraction()
    .given(STATES.unknownRequestId)
    .uponReceiving(o.description ?? 'a status request for an unknown RequestID')
    .withRequest('GET', PATHS.status, (b) => b.query({ RequestID: anyUuid(id) }).headers(apiKeyHeader()))
    .willRespondWith(400, (b) => b.jsonBody(errorEnvelope('MXInvalidRequestIdException', `No request found for RequestID ${id}`)));
}
