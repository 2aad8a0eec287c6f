// Consumer contract of the async Update an Opportunity API and its Status API, as the harness's own
// client (src/client) uses them. Every interaction is driven through LsqClient against Pact's mock
// server, so the pact records what the client really sends and what it really relies on.
//
// All interactions live in this one file on purpose: pact-js merges into an existing pact file, so
// the pact is built whole in a fresh folder and replaces the committed one only when every test of
// this file ran and passed. A renamed or dropped interaction then shows up as a diff of
// contracts/pacts/, which CI refuses until it is committed; a run filtered to one test (or a failing
// one) leaves the committed pact as it was.
import { copyFileSync, mkdtempSync, renameSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { MatchersV3, PactV4 } from '@pact-foundation/pact';
import type { V4RequestBuilder } from '@pact-foundation/pact/src/v4/http/types.js';
import { afterAll, expect, test } from 'vitest';
import { BadRequestError, LsqClient, RateLimitedError, UnauthorizedError } from '../../src/client/index.ts';
import { ACCEPTED_STATUS_TEXT, SUCCESS_STATUS_REASON, TASK_STEPS, exampleStatusSuccess, exampleUpdateRequest } from '../../src/contract/index.ts';
import { EXAMPLE_CREDENTIALS, INVALID_EXAMPLE_CREDENTIALS } from '../../src/pact/example-credentials.ts';
import { anyUuid, apiKeyHeader, credentialQuery, errorEnvelope } from '../../src/pact/matchers.ts';
import { CONSUMER, PACT_FILE, PROVIDER } from '../../src/pact/pact-names.ts';

const { eachLike, fromProviderState, nullValue, regex, string } = MatchersV3;

const UPDATE_PATH = '/opportunity/update';
const STATUS_PATH = '/opportunity/update/status';
const EXAMPLE_REQUEST_ID = exampleStatusSuccess.RequestID;
const EXAMPLE_OPPORTUNITY = '6a22455b-213e-4450-a960-3deef72b5eec';
/** The original request, echoed back as a JSON string (the status page's sample, \r\n\t and all). */
const REQUEST_BODY = exampleStatusSuccess.TaskStatus.RequestBody;

const WRITE_DIR = mkdtempSync(join(tmpdir(), 'lsq-pact-'));
const pact = new PactV4({ consumer: CONSUMER, provider: PROVIDER, dir: WRITE_DIR, logLevel: 'warn' });

const client = (baseUrl: string, credentials: typeof EXAMPLE_CREDENTIALS | typeof INVALID_EXAMPLE_CREDENTIALS = EXAMPLE_CREDENTIALS) =>
  new LsqClient({ baseUrl, credentials, rateLimit: null, timeoutMs: 5000 });

/** What the client sends on an update: the same shape as the seed page's example, matched by type. */
const updateBody = {
  ProspectOpportunityId: anyUuid(exampleUpdateRequest.ProspectOpportunityId),
  OpportunityNote: string(exampleUpdateRequest.OpportunityNote),
  Fields: eachLike({ SchemaName: regex('^\\w+$', 'mx_Custom_6'), Value: string('200,000') }),
};
const updateRequest = { ...exampleUpdateRequest, Fields: [{ SchemaName: 'mx_Custom_6', Value: '200,000' }] };

/** The status request: the RequestID comes from the provider state, since the provider mints its own. */
const statusRequest = (b: V4RequestBuilder) => {
  b.query({ RequestID: fromProviderState('${RequestID}', EXAMPLE_REQUEST_ID) }).headers(apiKeyHeader());
};

// Vitest wants the first argument (the context) destructured, even when unused.
afterAll(({}, file) => {
  const tests = file.tasks;
  const passed = tests.filter((t) => t.result?.state === 'pass').length;
  if (passed === tests.length) {
    // Copy, then rename: a verifier reading the pact meanwhile (gates run side by side) sees a whole file.
    const partial = `${PACT_FILE}.${process.pid}.tmp`;
    copyFileSync(join(WRITE_DIR, basename(PACT_FILE)), partial);
    renameSync(partial, PACT_FILE);
  } else {
    console.warn(`consumer contract: ${passed} of ${tests.length} interactions ran and passed; ${PACT_FILE} is left as it was`);
  }
});

test('an accepted update returns the RequestID to poll', async () => {
  await pact
    .addInteraction()
    .given('the credentials are valid')
    .uponReceiving('an update of an opportunity')
    .withRequest('POST', UPDATE_PATH, (b) => b.query(credentialQuery()).headers(apiKeyHeader()).jsonBody(updateBody))
    .willRespondWith(200, (b) => b.jsonBody({ Status: string(ACCEPTED_STATUS_TEXT), RequestID: anyUuid('7ba60ab0-7054-4856-8590-1b5a9f904ad1') }))
    .executeTest(async (server) => {
      const result = await client(server.url).submitUpdate(updateRequest);
      expect(result.requestId).toBe('7ba60ab0-7054-4856-8590-1b5a9f904ad1');
      expect(result.violations).toEqual([]);
    });
});

test('a malformed update body is refused with 400 and the error envelope', async () => {
  await pact
    .addInteraction()
    .given('the credentials are valid')
    .uponReceiving('an update whose body has no Fields')
    .withRequest('POST', UPDATE_PATH, (b) =>
      b.query(credentialQuery()).headers(apiKeyHeader()).jsonBody({ ProspectOpportunityId: anyUuid(exampleUpdateRequest.ProspectOpportunityId), OpportunityNote: string('Update note'), Fields: [] }),
    )
    .willRespondWith(400, (b) => b.jsonBody(errorEnvelope('MXInvalidRequestException', 'Invalid request body: Fields: Fields must hold at least one {SchemaName, Value}')))
    .executeTest(async (server) => {
      const sent = client(server.url).submitUpdate({ ...updateRequest, Fields: [] }, { skipValidation: true });
      const error = await sent.then(() => null, (e: unknown) => e);
      expect(error).toBeInstanceOf(BadRequestError);
      expect((error as BadRequestError).envelope?.ExceptionType).toMatch(/^MX\w*Exception$/);
    });
});

test('wrong credentials are refused with 401 and the error envelope', async () => {
  await pact
    .addInteraction()
    .uponReceiving('an update with a wrong accessKey and secretKey')
    .withRequest('POST', UPDATE_PATH, (b) =>
      b.query(credentialQuery(INVALID_EXAMPLE_CREDENTIALS.accessKey, INVALID_EXAMPLE_CREDENTIALS.secretKey)).headers(apiKeyHeader()).jsonBody(updateBody),
    )
    .willRespondWith(401, (b) => b.jsonBody(errorEnvelope('MXUnAuthorizedAccessException', 'Invalid accessKey or secretKey')))
    .executeTest(async (server) => {
      const error = await client(server.url, INVALID_EXAMPLE_CREDENTIALS).submitUpdate(updateRequest).then(() => null, (e: unknown) => e);
      expect(error).toBeInstanceOf(UnauthorizedError);
      expect((error as UnauthorizedError).status).toBe(401);
    });
});

test("a refused call past the rate limit keeps LeadSquared's 429 text", async () => {
  await pact
    .addInteraction()
    .given('the rate limit is exhausted')
    .uponReceiving('an update past the rate limit')
    .withRequest('POST', UPDATE_PATH, (b) => b.query(credentialQuery()).headers(apiKeyHeader()).jsonBody(updateBody))
    .willRespondWith(429, (b) =>
      b.jsonBody(errorEnvelope('MXAPIRateLimitExceededException', regex('^API calls exceeded the limit of \\d+ in \\d+ second\\(s\\)$', 'API calls exceeded the limit of 25 in 5 second(s)'))),
    )
    .executeTest(async (server) => {
      const error = await client(server.url).submitUpdate(updateRequest).then(() => null, (e: unknown) => e);
      expect(error).toBeInstanceOf(RateLimitedError);
      expect((error as RateLimitedError).leadSquaredMessage).toBe('API calls exceeded the limit of 25 in 5 second(s)');
    });
});

test('a queued request reads In-Queue with its current step and a null Message', async () => {
  await pact
    .addInteraction()
    .given('an update request is In-Queue')
    .uponReceiving('a status request for a queued update')
    .withRequest('GET', STATUS_PATH, statusRequest)
    .willRespondWith(200, (b) =>
      b.jsonBody({
        RequestID: anyUuid(EXAMPLE_REQUEST_ID),
        TaskStatus: { TaskType: string('Opportunity Update'), Status: 'In-Queue', TaskCurrentStep: string(TASK_STEPS.queued), RequestBody: string(REQUEST_BODY), Message: nullValue() },
      }),
    )
    .executeTest(async (server) => {
      const s = await client(server.url).getStatus(EXAMPLE_REQUEST_ID);
      expect(s.state).toBe('queued');
      expect(s.currentStep).toBe(TASK_STEPS.queued);
      expect(s.messageForm).toBe('null');
      expect(s.violations).toEqual([]);
    });
});

test('a finished update reads Success with Message as a JSON string naming the opportunity', async () => {
  const message = exampleStatusSuccess.TaskStatus.Message;
  await pact
    .addInteraction()
    .given('an update request succeeded')
    .uponReceiving('a status request for a successful update')
    .withRequest('GET', STATUS_PATH, statusRequest)
    .willRespondWith(200, (b) =>
      b.jsonBody({
        RequestID: anyUuid(EXAMPLE_REQUEST_ID),
        TaskStatus: {
          TaskType: string('Opportunity Update'),
          Status: 'Success',
          StatusReason: string(SUCCESS_STATUS_REASON),
          TaskCurrentStep: nullValue(),
          RequestBody: string(REQUEST_BODY),
          // A string holding a JSON object with the opportunity's Id; an object here breaks the pact.
          Message: regex('^\\{.*"Message"\\s*:\\s*\\{.*"Id"\\s*:\\s*"[^"]+".*\\}\\s*\\}$', message),
        },
      }),
    )
    .executeTest(async (server) => {
      const s = await client(server.url).getStatus(EXAMPLE_REQUEST_ID, { opportunityId: EXAMPLE_OPPORTUNITY });
      expect(s.state).toBe('succeeded');
      expect(s.messageForm).toBe('json-string');
      expect(s.message).toEqual({ Status: 'Success', Message: { Id: EXAMPLE_OPPORTUNITY } });
      expect(s.opportunityId).toBe(EXAMPLE_OPPORTUNITY);
      expect(s.requestBody).toMatchObject({ ProspectOpportunityId: EXAMPLE_OPPORTUNITY });
      expect(s.violations).toEqual([]);
    });
});

test('an update refused by an MX exception reads FAILURE with the reason and no Message', async () => {
  await pact
    .addInteraction()
    .given('an update failed with an MX exception')
    .uponReceiving('a status request for an update that failed with an MX exception')
    .withRequest('GET', STATUS_PATH, statusRequest)
    .willRespondWith(200, (b) =>
      b.jsonBody({
        RequestID: anyUuid(EXAMPLE_REQUEST_ID),
        TaskStatus: {
          Status: 'FAILURE',
          StatusReason: regex('^MX\\w*Exception: .+$', 'MXInvalidInputException: Invalid value for field'),
          TaskCurrentStep: nullValue(),
          RequestBody: string(REQUEST_BODY),
          Message: nullValue(),
        },
      }),
    )
    .executeTest(async (server) => {
      const s = await client(server.url).getStatus(EXAMPLE_REQUEST_ID);
      expect(s.state).toBe('failed');
      expect(s.reason).toMatch(/^MX\w*Exception: /);
      expect(s.violations).toEqual([]);
    });
});

test('an update whose retries ran out reads ERROR with the system reason', async () => {
  await pact
    .addInteraction()
    .given('an update ended in ERROR after retries')
    .uponReceiving('a status request for an update that ended in ERROR')
    .withRequest('GET', STATUS_PATH, statusRequest)
    .willRespondWith(200, (b) =>
      b.jsonBody({
        RequestID: anyUuid(EXAMPLE_REQUEST_ID),
        TaskStatus: { Status: 'ERROR', StatusReason: string('Unable to connect to the database'), TaskCurrentStep: nullValue(), RequestBody: string(REQUEST_BODY), Message: nullValue() },
      }),
    )
    .executeTest(async (server) => {
      const s = await client(server.url).getStatus(EXAMPLE_REQUEST_ID);
      expect(s.state).toBe('errored');
      expect(s.reason).toBe('Unable to connect to the database');
      expect(s.violations).toEqual([]);
    });
});

test('an unknown RequestID is refused with 400 and MXInvalidRequestIdException', async () => {
  // No fromProviderState here: any id the provider never minted is unknown, so this interaction
  // needs no set-up and writes nothing; it is safe to verify against a real host.
  const unknownId = 'f0e1d2c3-b4a5-4968-8776-655443322110';
  await pact
    .addInteraction()
    .given('no update request has that RequestID')
    .uponReceiving('a status request for an unknown RequestID')
    .withRequest('GET', STATUS_PATH, (b) => b.query({ RequestID: anyUuid(unknownId) }).headers(apiKeyHeader()))
    .willRespondWith(400, (b) => b.jsonBody(errorEnvelope('MXInvalidRequestIdException', `No request found for RequestID ${unknownId}`)))
    .executeTest(async (server) => {
      const error = await client(server.url).getStatus(unknownId).then(() => null, (e: unknown) => e);
      expect(error).toBeInstanceOf(BadRequestError);
      expect((error as BadRequestError).envelope?.ExceptionType).toBe('MXInvalidRequestIdException');
    });
});
