// `--provider-url`: a sandbox running on its own (as `lsq-harness sandbox` starts it) with its own
// credentials; the states are set through its admin endpoint and the example keys swapped for its keys.
import { afterAll, beforeAll, expect, test } from 'vitest';
import { ConfigError } from '../../src/config/errors.ts';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.ts';
import { openVerificationTarget } from '../../src/verification/verification-target.ts';
import { verifyPacts } from '../../src/verification/verify.ts';

const SANDBOX_KEYS = { accessKey: 'url-sandbox-access-0001', secretKey: 'url-sandbox-secret-0002', apiKey: 'url-sandbox-api-0003' };
const env = { LSQ_ACCESS_KEY: SANDBOX_KEYS.accessKey, LSQ_SECRET_KEY: SANDBOX_KEYS.secretKey, LSQ_API_KEY: SANDBOX_KEYS.apiKey };
let sandbox: Sandbox;

beforeAll(async () => {
  sandbox = await startSandbox({ settings: { credentials: SANDBOX_KEYS } });
});
afterAll(() => sandbox.stop());

test('the pact holds against a sandbox at --provider-url, states set through its admin endpoint', async () => {
  const target = await openVerificationTarget({ providerUrl: sandbox.url, env });
  const result = await verifyPacts(target);
  expect(result.ok, result.output).toBe(true);
  // Every interaction reached the sandbox with its keys: nine answers, none a 401 but the one expected.
  expect(sandbox.answered.get('update 401')).toBe(1);
  expect(sandbox.answered.get('update 429')).toBe(1);
});

test('a sandbox at --provider-url answering with drift fails verification', async () => {
  await fetch(`${sandbox.url}/__sandbox/settings`, {
    method: 'PATCH',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ drift: ['message-object'] }),
  });
  try {
    const result = await verifyPacts(await openVerificationTarget({ providerUrl: sandbox.url, env }));
    expect(result.ok).toBe(false);
  } finally {
    await fetch(`${sandbox.url}/__sandbox/reset`, { method: 'POST', headers: { 'content-type': 'application/json' } });
  }
});

test('a --provider-url where no sandbox answers is a bad setting naming --provider-url', async () => {
  const closed = await startSandbox();
  const url = closed.url;
  await closed.stop();
  await expect(openVerificationTarget({ providerUrl: url, env })).rejects.toThrow(ConfigError);
  await expect(openVerificationTarget({ providerUrl: 'ftp://example.invalid', env })).rejects.toThrow(/--provider-url/);
});
