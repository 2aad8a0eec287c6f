// Against a real host only what needs no state and writes nothing is verified, unless --allow-writes;
// with it, also what real calls can set up (a real update waited for to Success, for the status of a
// successful update: the interaction that pins Message).
// A loopback sandbox stands in for the real host here (LSQ_ASYNC_HOST accepts plain http on loopback):
// its ground truth shows whether anything was written.
import { existsSync } from 'node:fs';
import { afterEach, beforeEach, expect, test } from 'vitest';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.ts';
import { PACT_FILE } from '../../src/pact/pact-names.ts';
import { realHostPact } from '../../src/verification/real-host-pact.ts';
import { openVerificationTarget } from '../../src/verification/verification-target.ts';
import { verifyPacts } from '../../src/verification/verify.ts';

const KEYS = { accessKey: 'real-host-access-4411', secretKey: 'real-host-secret-5522', apiKey: 'real-host-api-6633' };
let host: Sandbox;
const env = () => ({
  LSQ_ASYNC_HOST: host.url,
  LSQ_ACCESS_KEY: KEYS.accessKey,
  LSQ_SECRET_KEY: KEYS.secretKey,
  LSQ_API_KEY: KEYS.apiKey,
  LSQ_CANARY_OPPORTUNITY_ID: '6a22455b-213e-4450-a960-3deef72b5eec',
});

beforeEach(async () => {
  // Fast updates: the state "an update request succeeded" waits for a real one to finish.
  host = await startSandbox({ settings: { credentials: KEYS, timeScale: 10 } });
});
afterEach(() => host.stop());

test('without --allow-writes only the interactions that need no state and write nothing are kept', () => {
  expect(realHostPact(PACT_FILE, false).kept.sort()).toEqual(['a status request for an unknown RequestID', 'an update with a wrong accessKey and secretKey']);
  expect(realHostPact(PACT_FILE, true).kept.sort()).toEqual([
    'a status request for a successful update',
    'a status request for an unknown RequestID',
    'an update of an opportunity',
    'an update whose body has no Fields',
    'an update with a wrong accessKey and secretKey',
  ]);
});

test('verification against a real host passes and writes nothing there', async () => {
  const target = await openVerificationTarget({ env: env() });
  expect(target.kind).toBe('real-host');
  const result = await verifyPacts(target);
  expect(result.ok, result.output).toBe(true);
  expect(host.tasks.size).toBe(0);
  expect(Object.fromEntries(host.answered)).toEqual({ 'update 401': 1, 'status 400': 1 });
});

test('with --allow-writes the update interactions are verified too, with the real keys', async () => {
  const result = await verifyPacts(await openVerificationTarget({ env: env(), allowWrites: true }));
  expect(result.ok, result.output).toBe(true);
  // One update for the interaction, one to bring about "an update request succeeded".
  expect(host.tasks.size).toBe(2);
  expect(host.answered.get('update 200')).toBe(2);
});

test('with --allow-writes a Message drifted to an object fails verification against a real host', async () => {
  await host.stop();
  host = await startSandbox({ settings: { credentials: KEYS, timeScale: 10, drift: ['message-object'] } });
  const result = await verifyPacts(await openVerificationTarget({ env: env(), allowWrites: true }));
  expect(result.ok).toBe(false);
  expect(result.output).toMatch(/a status request for a successful update/);
});

test("the real host's filtered copy of the pact is removed with the target", async () => {
  const target = await openVerificationTarget({ allowWrites: false, env: env() });
  expect(target.kind).toBe('real-host');
  const copy = target.pactFiles[0]!;
  expect(existsSync(copy)).toBe(true);
  await target.close();
  expect(existsSync(copy)).toBe(false);
});
