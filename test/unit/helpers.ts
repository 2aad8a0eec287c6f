// Shared test helpers: a sandbox with known credentials and a client pointed at it.
import { LsqClient, type ClientOptions } from '../../src/client/index.ts';
import { type groundTruth, startSandbox, type Sandbox, type SandboxSettingsPatch } from '../../src/sandbox/index.ts';
import type { Clock } from '../../src/timing/clock.ts';

export const TEST_CREDENTIALS = { accessKey: 'test-access-KEY-1234', secretKey: 'test-secret-KEY-5678', apiKey: 'test-api-KEY-9012' };

export async function sandboxFor(settings: SandboxSettingsPatch = {}, clock?: Clock): Promise<Sandbox> {
  return startSandbox({ settings: { credentials: TEST_CREDENTIALS, ...settings }, ...(clock ? { clock } : {}) });
}

export function clientFor(sandbox: Sandbox, options: Partial<ClientOptions> = {}): LsqClient {
  return new LsqClient({ baseUrl: sandbox.url, credentials: TEST_CREDENTIALS, rateLimit: null, ...options });
}

export const OPPORTUNITY = '5ca5b042-51ea-4699-b6f0-84c40ab12770';
export const update = (extra: Record<string, unknown> = {}) => ({
  ProspectOpportunityId: OPPORTUNITY,
  OpportunityNote: 'note',
  Fields: [{ SchemaName: 'mx_Custom_6', Value: '200,000' }],
  ...extra,
});

/** What the admin endpoint's GET /requests and GET /requests/ID answer: the ground truth of a request. */
export type GroundTruth = ReturnType<typeof groundTruth>;

export async function admin(sandbox: Sandbox, method: string, path: string, body?: unknown): Promise<Response> {
  // Every admin write says application/json, with a body or without (the admin endpoint refuses others).
  return fetch(`${sandbox.url}/__sandbox${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}
