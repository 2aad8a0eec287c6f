// A user's own pact, written with the lsq-harness/pact builders for a service that sends its keys in
// the x-LSQ-* headers, is verified by `contracts --pact FILE`: the example keys are swapped for the
// target's and moved to where the target takes them.
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PactV4 } from '@pact-foundation/pact';
import { expect, test } from 'vitest';
import { LsqClient, UnauthorizedError } from '../../src/client/index.ts';
import { EXAMPLES, EXAMPLE_CREDENTIALS, INVALID_EXAMPLE_CREDENTIALS, PROVIDER, interactions } from '../../src/pact/index.ts';
import type { ContractsReport } from '../../src/verification/contracts-report.ts';
import { runCliInProcess } from '../support/cli-in-process.ts';

const client = (baseUrl: string, credentials: typeof EXAMPLE_CREDENTIALS | typeof INVALID_EXAMPLE_CREDENTIALS = EXAMPLE_CREDENTIALS) =>
  new LsqClient({ baseUrl, credentials, credentialsIn: 'header', rateLimit: null, timeoutMs: 5000 });

test('a pact written with the builders, keys in headers, verifies against the sandbox with contracts --pact', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'lsq-user-pact-'));
  const pact = new PactV4({ consumer: 'example-crm-sync', provider: PROVIDER, dir, logLevel: 'warn' });
  await interactions.updateAccepted(pact, { credentialsIn: 'header' }).executeTest(async (server) => {
    expect((await client(server.url).submitUpdate(EXAMPLES.updateRequest)).requestId).toBe(EXAMPLES.acceptedRequestId);
  });
  await interactions.updateUnauthorized(pact, { credentialsIn: 'header' }).executeTest(async (server) => {
    await expect(client(server.url, INVALID_EXAMPLE_CREDENTIALS).submitUpdate(EXAMPLES.updateRequest)).rejects.toBeInstanceOf(UnauthorizedError);
  });
  await interactions.statusSucceeded(pact).executeTest(async (server) => {
    expect((await client(server.url).getStatus(EXAMPLES.requestId)).state).toBe('succeeded');
  });
  const file = join(dir, readdirSync(dir)[0]!);
  const written = JSON.parse(readFileSync(file, 'utf8')) as { interactions: Array<{ request: { query?: unknown; headers?: Record<string, string[]> } }> };
  const update = written.interactions.find((i) => i.request.headers?.['x-LSQ-AccessKey']);
  expect(update?.request.headers?.['x-LSQ-AccessKey']).toEqual([EXAMPLE_CREDENTIALS.accessKey]);
  expect(update?.request.query).toBeUndefined();

  // The sandbox takes its keys in the query string (the default): the filter moves them there. The
  // command runs in this worker (what it verifies is the point, not its process; the verifier still runs
  // in the child the command starts): a new Node process loading the CLI cost ~0.45 s of CPU.
  const r = await runCliInProcess(['contracts', '--pact', file, '--json'], { NO_COLOR: '1' });
  expect(r.code, r.stderr).toBe(0);
  const report = JSON.parse(r.stdout) as ContractsReport;
  expect(report.pact).toBe(file);
  expect(report.counts).toEqual({ passed: 3, failed: 0, skipped: 0 });
});
