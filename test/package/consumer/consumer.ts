// A user's project importing every entry of the installed lsq-harness and using each for what it is
// for: the client against a sandbox (lsq-harness, lsq-harness/sandbox), a Pact consumer test built from
// lsq-harness/pact, a shipped cassette replayed through msw (lsq-harness/msw). Copied into the temp
// project by test/package/consumer.test.ts, type-checked there, then run with node; it prints one
// line per check and exits 1 when one failed.
import { createRequire } from 'node:module';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { PactV4 } from '@pact-foundation/pact';
import { setupServer } from 'msw/node';
import {
  LsqClient,
  UnauthorizedError,
  exampleStatusSuccess,
  isTerminal,
  parseStatusBody,
  waitForCompletion,
  type ContractViolation,
  type Credentials,
  type TaskState,
  type WaitResult,
} from 'lsq-harness';
import { startSandbox, type Sandbox } from 'lsq-harness/sandbox';
import { EXAMPLES, EXAMPLE_CREDENTIALS, PROVIDER, interactions } from 'lsq-harness/pact';
import { cassetteHandlers, readCassette, shippedCassette, shippedCassetteNames } from 'lsq-harness/msw';

// Fails to compile when a declaration could not be resolved and the type fell back to `any`.
type NotAny<T> = 0 extends 1 & T ? never : T;
const typed = <T>(value: NotAny<T>): T => value;

const failures: string[] = [];
function check(ok: boolean, what: string): void {
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}`);
  if (!ok) failures.push(what);
}

// lsq-harness + lsq-harness/sandbox: submit an update to a sandbox and wait for it.
const credentials: Credentials = { accessKey: 'consumer-access-7', secretKey: 'consumer-secret-7', apiKey: 'consumer-apikey-7' };
const sandbox: Sandbox = typed(await startSandbox({ settings: { credentials, timeScale: 20 } }));
try {
  const client = new LsqClient({ baseUrl: sandbox.url, credentials });
  const submitted = await client.submitUpdate({
    ProspectOpportunityId: '5ca5b042-51ea-4699-b6f0-84c40ab12770',
    Fields: [{ SchemaName: 'mx_Custom_6', Value: '200,000' }],
  });
  const done: WaitResult = await waitForCompletion(client, submitted.requestId, { deadlineMs: 30_000 });
  const state: TaskState = typed(done.state);
  check(state === 'succeeded' && isTerminal(state), `an update submitted to the sandbox succeeded (state ${state}, ${done.polls} polls)`);
  const violations: ContractViolation[] = typed(done.violations);
  check(violations.length === 0, 'the sandbox kept the contract');

  const wrongKey = new LsqClient({ baseUrl: sandbox.url, credentials: { ...credentials, apiKey: 'not-the-api-key' } });
  const refused = await wrongKey
    .submitUpdate({ ProspectOpportunityId: '5ca5b042-51ea-4699-b6f0-84c40ab12770', Fields: [{ SchemaName: 'mx_Custom_6', Value: '1' }] })
    .catch((e: unknown) => e);
  check(refused instanceof UnauthorizedError, 'a wrong key is refused with the typed UnauthorizedError');
} finally {
  await sandbox.stop();
}

// lsq-harness: the contract reads the seed page's example.
check(parseStatusBody(exampleStatusSuccess).state === 'succeeded', "parseStatusBody reads the seed page's status example as succeeded");

// lsq-harness/pact: a consumer test of this client against Pact's mock server.
const pact = new PactV4({
  consumer: 'lsq-harness-package-consumer',
  provider: PROVIDER,
  dir: mkdtempSync(join(tmpdir(), 'lsq-consumer-pacts-')),
  logLevel: 'error',
});
await typed(interactions.statusSucceeded(pact)).executeTest(async (server) => {
  const client = new LsqClient({ baseUrl: server.url, credentials: EXAMPLE_CREDENTIALS, rateLimit: null });
  const status = await client.getStatus(EXAMPLES.requestId);
  check(status.state === 'succeeded' && status.violations.length === 0, 'the Pact interaction statusSucceeded is read as a success within the contract');
});

// lsq-harness/msw: a cassette that ships with the package, replayed through msw to the client.
// The shipped cassettes are found inside the installed package (its package.json is exported too).
const packageRoot = dirname(createRequire(import.meta.url).resolve('lsq-harness/package.json'));
const cassette = shippedCassette('seed-status-success-verbatim');
check(
  cassette === join(packageRoot, 'cassettes/seed-status-success-verbatim.har') && shippedCassetteNames().length > 10,
  'the shipped cassettes are found in the installed package',
);
const har = readCassette(cassette);
const recorded = new URL(har.log.entries[0]!.request.url);
const replay = typed(cassetteHandlers(har, { delayScale: 0 }));
const mswServer = setupServer(...replay.handlers);
mswServer.listen();
try {
  const client = new LsqClient({ baseUrl: recorded.origin, statusPath: recorded.pathname, credentials, rateLimit: null });
  const status = await client.getStatus(recorded.searchParams.get('RequestID')!);
  check(status.state === 'succeeded' && replay.played().length === 1, 'a shipped cassette replays through msw as a success');
} finally {
  mswServer.close();
}

if (failures.length) {
  console.log(`${failures.length} checks failed`);
  process.exitCode = 1;
}
