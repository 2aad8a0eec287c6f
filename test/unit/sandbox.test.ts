import { afterEach, expect, test } from 'vitest';
import type { ErrorEnvelope, StatusResponse, UpdateAccepted } from '../../src/contract/schemas.ts';
import type { Sandbox, SandboxSettings } from '../../src/sandbox/index.ts';
import { FakeClock } from '../../src/timing/clock.ts';
import { admin, sandboxFor, TEST_CREDENTIALS, update } from './helpers.ts';

let sandbox: Sandbox;
afterEach(async () => sandbox?.stop());

const q = `accessKey=${TEST_CREDENTIALS.accessKey}&secretKey=${TEST_CREDENTIALS.secretKey}`;
const post = (body: string, headers: Record<string, string> = {}) =>
  fetch(`${sandbox.url}/opportunity/update?${q}`, {
    method: 'POST',
    body,
    headers: { 'content-type': 'application/json', 'x-api-key': TEST_CREDENTIALS.apiKey, ...headers },
  });
const status = (id: string) => fetch(`${sandbox.url}/opportunity/update/status?RequestID=${id}`, { headers: { 'x-api-key': TEST_CREDENTIALS.apiKey } });
const envelopeOf = async (res: Response) => ({ status: res.status, body: (await res.json()) as ErrorEnvelope });
const acceptedOf = async (res: Response) => (await res.json()) as UpdateAccepted;
const statusOf = async (res: Response) => (await res.json()) as StatusResponse;

test('an accepted update answers the documented body', async () => {
  sandbox = await sandboxFor();
  const res = await post(JSON.stringify(update()));
  expect(res.status).toBe(200);
  expect(await res.json()).toEqual({
    Status: 'Request accepted. Please use below request id to check the status',
    RequestID: expect.stringMatching(/^[0-9a-f]{8}-/),
  });
});

test.each([
  ['not JSON', '{"ProspectOpportunityId":', /not valid JSON/],
  ['a non-uuid opportunity id', JSON.stringify(update({ ProspectOpportunityId: '42' })), /ProspectOpportunityId/],
  ['Fields not an array', JSON.stringify(update({ Fields: 'x' })), /Fields/],
  ['a numeric Value', JSON.stringify(update({ Fields: [{ SchemaName: 'mx_Custom_1', Value: 5 }] })), /Value/],
  ['an empty body', '', /not valid JSON/],
])('a body with %s gets 400 and the envelope', async (_what, body, message) => {
  sandbox = await sandboxFor();
  const { status: code, body: env } = await envelopeOf(await post(body));
  expect(code).toBe(400);
  expect(env).toMatchObject({ Status: 'Error', ExceptionType: expect.stringMatching(/^MX/), ExceptionMessage: expect.stringMatching(message) });
});

test('a body with the wrong content type gets 400', async () => {
  sandbox = await sandboxFor();
  expect((await post(JSON.stringify(update()), { 'content-type': 'text/plain' })).status).toBe(400);
});

test('a body over the size limit gets 413 (a 4xx, not a 5xx) with the envelope', async () => {
  sandbox = await sandboxFor({ maxBodyBytes: 2048 });
  const { status: code, body } = await envelopeOf(await post(JSON.stringify(update({ OpportunityNote: 'x'.repeat(5000) }))));
  expect(code).toBe(413);
  expect(body.Status).toBe('Error');
});

test('unknown paths get 404 and wrong methods 405, both with the envelope', async () => {
  sandbox = await sandboxFor();
  const notFound = await envelopeOf(await fetch(`${sandbox.url}/opportunity/nope`));
  expect(notFound).toMatchObject({ status: 404, body: { Status: 'Error' } });
  expect((await fetch(`${sandbox.url}/opportunity/update`, { headers: { 'x-api-key': TEST_CREDENTIALS.apiKey } })).status).toBe(405);
});

test('the update needs x-api-key and accessKey/secretKey; the status needs only x-api-key', async () => {
  sandbox = await sandboxFor();
  expect((await post(JSON.stringify(update()), { 'x-api-key': 'wrong' })).status).toBe(401);
  const noKeys = await fetch(`${sandbox.url}/opportunity/update`, {
    method: 'POST',
    body: JSON.stringify(update()),
    headers: { 'content-type': 'application/json', 'x-api-key': TEST_CREDENTIALS.apiKey },
  });
  expect(noKeys.status).toBe(401);
  const { RequestID } = await acceptedOf(await post(JSON.stringify(update())));
  expect((await status(RequestID)).status).toBe(200);
  expect((await fetch(`${sandbox.url}/opportunity/update/status?RequestID=${RequestID}`)).status).toBe(401);
});

test('the status path is a setting', async () => {
  sandbox = await sandboxFor({ statusPath: '/opportunity/status' });
  const { RequestID } = await acceptedOf(await post(JSON.stringify(update())));
  const res = await fetch(`${sandbox.url}/opportunity/status?RequestID=${RequestID}`, { headers: { 'x-api-key': TEST_CREDENTIALS.apiKey } });
  expect(res.status).toBe(200);
});

test('a status for an unknown RequestID gets 400 with MXInvalidRequestIdException', async () => {
  sandbox = await sandboxFor();
  expect(await envelopeOf(await status('5ebec781-c325-41f0-914e-9692301a2515'))).toMatchObject({
    status: 400,
    body: { ExceptionType: 'MXInvalidRequestIdException' },
  });
});

test('RequestBody is echoed verbatim, whitespace and \\r\\n\\t preserved', async () => {
  sandbox = await sandboxFor();
  const raw =
    '{\r\n\t"ProspectOpportunityId": "5ca5b042-51ea-4699-b6f0-84c40ab12770",\r\n "Fields": [ { "SchemaName": "mx_Custom_5", "Value": "Car Insurance" } ]\r\n}';
  const { RequestID } = await acceptedOf(await post(raw));
  const body = await statusOf(await status(RequestID));
  expect(body.TaskStatus.RequestBody).toBe(raw);
  expect(body.TaskStatus.Status).toBe('In-Queue');
  expect(body.TaskStatus.Message).toBeNull();
});

test('update and status share one per-key budget by default, with the 429 text', async () => {
  sandbox = await sandboxFor({ rateLimit: { limit: 3 } });
  const { RequestID } = await acceptedOf(await post(JSON.stringify(update())));
  await status(RequestID);
  await status(RequestID);
  const refused = await envelopeOf(await status(RequestID));
  expect(refused).toEqual({
    status: 429,
    body: { Status: 'Error', ExceptionType: 'MXAPIRateLimitExceededException', ExceptionMessage: 'API calls exceeded the limit of 3 in 5 second(s)' },
  });
  expect((await post(JSON.stringify(update()))).status).toBe(429);
});

test('with separate budgets, status calls do not spend the update budget', async () => {
  sandbox = await sandboxFor({ rateLimit: { limit: 2, sharedBudget: false } });
  const { RequestID } = await acceptedOf(await post(JSON.stringify(update())));
  for (let i = 0; i < 3; i++) await status(RequestID);
  expect((await post(JSON.stringify(update()))).status).toBe(200);
  expect((await post(JSON.stringify(update()))).status).toBe(429);
});

test.each([true, false])(
  'the provider state "the rate limit is exhausted" refuses both endpoints (shared budget: %s); teardown refills',
  async (sharedBudget) => {
    sandbox = await sandboxFor({ rateLimit: { limit: 4, sharedBudget } });
    const { RequestID } = await acceptedOf(await post(JSON.stringify(update())));
    await admin(sandbox, 'POST', '/states', { state: 'the rate limit is exhausted' });
    expect((await post(JSON.stringify(update()))).status).toBe(429);
    expect((await status(RequestID)).status).toBe(429);
    await admin(sandbox, 'POST', '/states', { state: 'the rate limit is exhausted', action: 'teardown' });
    expect((await status(RequestID)).status).toBe(200);
  },
);

test('"the rate limit is exhausted" holds until the next call, however late it comes; the limiter decides the calls after it', async () => {
  // A verifier on a busy machine sent the interaction's request more than a window after the state
  // was set: the budget had refilled and the 429 interaction broke against a correct sandbox.
  const clock = new FakeClock();
  sandbox = await sandboxFor({ rateLimit: { limit: 4, windowMs: 5000 } }, clock);
  await admin(sandbox, 'POST', '/states', { state: 'the rate limit is exhausted' });
  await clock.advance(6000);
  expect((await post(JSON.stringify(update()))).status).toBe(429);
  expect((await post(JSON.stringify(update()))).status).toBe(200);
});

test('the admin endpoint changes settings and refuses bad ones naming the setting', async () => {
  sandbox = await sandboxFor();
  const bad = await admin(sandbox, 'PATCH', '/settings', { rateLimit: { limit: -1 } });
  expect(bad.status).toBe(400);
  expect(((await bad.json()) as { error: string }).error).toMatch(/rateLimit\.limit/);
  const ok = await admin(sandbox, 'PATCH', '/settings', { rateLimit: { limit: 7, kind: 'fixed' } });
  expect(((await ok.json()) as SandboxSettings).rateLimit).toMatchObject({ limit: 7, kind: 'fixed' });
});

test('provider states create a task and return its RequestID', async () => {
  sandbox = await sandboxFor();
  const res = await admin(sandbox, 'POST', '/states', { state: 'an update failed with an MX exception' });
  const { RequestID } = (await res.json()) as { RequestID: string };
  const body = await statusOf(await status(RequestID));
  expect(body.TaskStatus).toMatchObject({ Status: 'FAILURE', StatusReason: expect.stringMatching(/^MX/), Message: null, TaskCurrentStep: null });
  expect((await admin(sandbox, 'POST', '/states', { state: 'no such state' })).status).toBe(400);
});

test('drift modes break the contract on purpose', async () => {
  sandbox = await sandboxFor();
  const { RequestID } = (await (await admin(sandbox, 'POST', '/states', { state: 'an update request succeeded' })).json()) as { RequestID: string };
  await admin(sandbox, 'PATCH', '/settings', { drift: ['message-object', 'status-word-changed', 'request-id-renamed'] });
  const body = await statusOf(await status(RequestID));
  expect(typeof body.TaskStatus.Message).toBe('object');
  expect(body.TaskStatus.Status).toBe('Done');
  expect(body.RequestID).toBeUndefined();
  expect(body.requestId).toBe(RequestID);
  await admin(sandbox, 'PATCH', '/settings', { drift: ['accepted-without-request-id', 'error-envelope-renamed'] });
  expect(await acceptedOf(await post(JSON.stringify(update())))).not.toHaveProperty('RequestID');
  expect(await acceptedOf(await post('{'))).toHaveProperty('ErrorType');
});

test('the same seed mints the same RequestIDs', async () => {
  const ids: string[] = [];
  for (let run = 0; run < 2; run++) {
    sandbox = await sandboxFor({ seed: 7 });
    ids.push((await acceptedOf(await post(JSON.stringify(update())))).RequestID);
    await sandbox.stop();
  }
  expect(ids[0]).toBe(ids[1]);
});

test('malformed HTTP still gets the envelope, and the sandbox keeps serving', async () => {
  sandbox = await sandboxFor();
  const { connect } = await import('node:net');
  const reply = await new Promise<string>((resolve) => {
    const s = connect(sandbox.port, '127.0.0.1', () => s.write('GARBAGE \x00\x01 HTTP/9\r\n\r\n'));
    let data = '';
    s.on('data', (d) => (data += d));
    s.on('close', () => resolve(data));
  });
  expect(reply).toMatch(/^HTTP\/1\.1 400/);
  expect(reply).toContain('"Status":"Error"');
  expect((await post(JSON.stringify(update()))).status).toBe(200);
});

test('a budget-only reset refills the limiter and keeps tasks, faults and drift', async () => {
  sandbox = await sandboxFor({ rateLimit: { limit: 1 } });
  const { RequestID } = await acceptedOf(await post(JSON.stringify(update())));
  await admin(sandbox, 'PATCH', '/settings', { drift: ['status-word-changed'] });
  expect((await post(JSON.stringify(update()))).status).toBe(429);
  expect((await admin(sandbox, 'POST', '/reset?scope=budget')).status).toBe(200);
  const body = await statusOf(await status(RequestID));
  expect(body.TaskStatus.Status).toBe('Awaiting');
  expect((await admin(sandbox, 'POST', '/reset?scope=everything')).status).toBe(400);
});
