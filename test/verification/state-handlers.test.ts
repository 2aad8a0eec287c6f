// The provider-state handlers the verifier calls against a sandbox: each state set up (and torn down)
// through the sandbox's admin endpoint, with the values the sandbox answers handed back to the
// verifier, and a refused state an error naming it. They send over node:http, not fetch (undici's fetch
// was about a tenth of a verification's CPU), so these run with fetch made to throw.
import { afterAll, afterEach, beforeAll, expect, test, vi } from 'vitest';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.ts';
import { sandboxStateHandlers } from '../../src/verification/state-handlers.ts';

type Handler = { setup: (params?: Record<string, unknown>) => Promise<unknown>; teardown: () => Promise<unknown> };
let sandbox: Sandbox;

beforeAll(async () => {
  sandbox = await startSandbox();
});
afterAll(() => sandbox.stop());
afterEach(() => {
  vi.unstubAllGlobals();
});

const noFetch = () => vi.stubGlobal('fetch', () => Promise.reject(new Error('the state handlers must not use fetch')));
const handler = (state: string) => sandboxStateHandlers(sandbox.url)[state] as unknown as Handler;

test('a state is set up through the admin endpoint and its values come back to the verifier', async () => {
  noFetch();
  const values = (await handler('an update request succeeded').setup({})) as { RequestID?: unknown };
  expect(values.RequestID).toEqual(expect.any(String));
  expect(sandbox.tasks.get(values.RequestID as string)).toBeDefined();
  await handler('an update request succeeded').teardown();
});

test('a state the sandbox refuses is an error naming the state and the HTTP status', async () => {
  noFetch();
  const handlers = sandboxStateHandlers(sandbox.url);
  const known = Object.keys(handlers)[0]!;
  // The same handler pointed at a path where the sandbox has no admin route for states.
  const wrong = sandboxStateHandlers(`${sandbox.url}/nowhere`)[known] as unknown as Handler;
  await expect(wrong.setup({})).rejects.toThrow(new RegExp(`provider state "${known}" refused by the sandbox \\(HTTP \\d{3}\\)`));
});

test('a sandbox that does not answer fails the state with the connection error', async () => {
  noFetch();
  const closed = await startSandbox();
  const url = closed.url;
  await closed.stop();
  await expect((sandboxStateHandlers(url)['the credentials are valid'] as unknown as Handler).setup({})).rejects.toThrow(/ECONNREFUSED/);
});
