// Credentials never reach a pact file. The client here holds configured (secret-looking) keys, read
// through the settings as a real run would; the request matchers let only the example values into the
// pact. (The scan of the committed pacts runs after this project, in test/verification/, because the
// consumer tests rewrite those files while they run.)
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PactV4 } from '@pact-foundation/pact';
import { expect, test } from 'vitest';
import { LsqClient } from '../../src/client/index.ts';
import { loadSettings } from '../../src/config/settings.ts';
import { exampleUpdateRequest } from '../../src/contract/index.ts';
import { EXAMPLE_CREDENTIALS } from '../../src/pact/example-credentials.ts';
import { anyUuid, apiKeyHeader, credentialQuery } from '../../src/pact/matchers.ts';
import { CONSUMER, PROVIDER } from '../../src/pact/pact-names.ts';

const CONFIGURED = { LSQ_ACCESS_KEY: 'configured-access-7f3a9c21', LSQ_SECRET_KEY: 'configured-secret-0b44e6d8', LSQ_API_KEY: 'configured-api-91c2d7aa' };

const variants = (value: string) => [value, encodeURIComponent(value)];

test('no configured secret value reaches a pact file written by a client holding real keys', async () => {
  const settings = loadSettings(CONFIGURED);
  const dir = mkdtempSync(join(tmpdir(), 'lsq-pact-secrets-'));
  const pact = new PactV4({ consumer: CONSUMER, provider: PROVIDER, dir, logLevel: 'warn' });
  await pact
    .addInteraction()
    .uponReceiving('an update sent with configured keys')
    .withRequest('POST', '/opportunity/update', (b) => b.query(credentialQuery()).headers(apiKeyHeader()).jsonBody(exampleUpdateRequest))
    .willRespondWith(200, (b) =>
      b.jsonBody({ Status: 'Request accepted. Please use below request id to check the status', RequestID: anyUuid('7ba60ab0-7054-4856-8590-1b5a9f904ad1') }),
    )
    .executeTest(async (server) => {
      const client = new LsqClient({ baseUrl: server.url, credentials: settings.credentials, rateLimit: null });
      await client.submitUpdate(exampleUpdateRequest);
    });
  const files = readdirSync(dir);
  expect(files).toHaveLength(1);
  const text = readFileSync(join(dir, files[0]!), 'utf8');
  for (const secret of Object.values(CONFIGURED).flatMap(variants)) expect(text).not.toContain(secret);
  for (const example of Object.values(EXAMPLE_CREDENTIALS)) expect(text).toContain(example);
});
