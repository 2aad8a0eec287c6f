// The secret values the test suites configure, in one list: the secret scan (scripts/scan-secrets.ts)
// looks for each of them in every artefact a full test run leaves behind. Where a suite exports its
// credentials, the value is imported from there so the two cannot drift apart; the others are inline
// literals in their test files and are repeated here (test/reliability/secret-list.test.ts fails when
// a suite configures a credential this list does not know).
//
// Not secret, so not listed: the sandbox's documented defaults (sandbox-access-key, …) and the pact's
// example credentials (example-access-key, …), which a pact file is meant to hold.
import { CREDS as MONITOR_TEST_CREDENTIALS } from '../support/monitor.ts';
import { TEST_CREDENTIALS as UNIT_TEST_CREDENTIALS } from '../unit/helpers.ts';

export interface ConfiguredSecret {
  /** Where the value comes from: printed instead of the value when it is found. */
  name: string;
  value: string;
}

const group = (source: string, values: Record<string, string>): ConfiguredSecret[] =>
  Object.entries(values).map(([key, value]) => ({ name: `${source}.${key}`, value }));

/** Credentials the reliability suites use (fault campaign, fuzzing, bad configurations). */
export const RELIABILITY_CREDENTIALS = { accessKey: 'reliability-access-3c9e1f', secretKey: 'reliability-secret-8d2b7a', apiKey: 'reliability-apikey-51f0c4' };

export const CONFIGURED_SECRETS: readonly ConfiguredSecret[] = [
  ...group('test/unit TEST_CREDENTIALS', UNIT_TEST_CREDENTIALS),
  ...group('test/support/monitor.ts CREDS', MONITOR_TEST_CREDENTIALS),
  ...group('test/reliability RELIABILITY_CREDENTIALS', RELIABILITY_CREDENTIALS),
  // Inline in their test files:
  ...group('test/unit/cli.test.ts REAL', { accessKey: 'cli-access-secret', secretKey: 'cli-secret-secret', apiKey: 'cli-api-secret' }),
  ...group('test/unit/cli-in-process.test.ts keys', { accessKey: 'inproc-access-7731', secretKey: 'inproc-secret-7732', apiKey: 'inproc-apikey-7733' }),
  ...group('test/unit wrong keys', { secretKey: 'wrong-secret-value', apiKey: 'other-api-key', unregistered: 'never-registered-secret' }),
  ...group('contracts/consumer/no-secrets.test.ts CONFIGURED', {
    accessKey: 'configured-access-7f3a9c21',
    secretKey: 'configured-secret-0b44e6d8',
    apiKey: 'configured-api-91c2d7aa',
  }),
  ...group('test/verification/real-host.test.ts KEYS', {
    accessKey: 'real-host-access-4411',
    secretKey: 'real-host-secret-5522',
    apiKey: 'real-host-api-6633',
  }),
  ...group('test/verification/sandbox-url.test.ts SANDBOX_KEYS', {
    accessKey: 'url-sandbox-access-0001',
    secretKey: 'url-sandbox-secret-0002',
    apiKey: 'url-sandbox-api-0003',
  }),
  ...group('test/monitor/monitor-cli.test.ts keys', { accessKey: 'ak-value', secretKey: 'sk-value', apiKey: 'api-value' }),
  ...group('test/gate/support/real-host-stand-in.ts STAND_IN_CREDENTIALS', {
    accessKey: 'stand-in-access-KEY-31',
    secretKey: 'stand-in-secret-KEY-47',
    apiKey: 'stand-in-api-KEY-59',
  }),
  ...group('test/unit/empty-settings.test.ts real', { accessKey: 'empty-test-access', secretKey: 'empty-test-secret', apiKey: 'empty-test-api' }),
  ...group('test/package/consumer/consumer.ts', {
    accessKey: 'consumer-access-7',
    secretKey: 'consumer-secret-7',
    apiKey: 'consumer-apikey-7',
    wrongApiKey: 'not-the-api-key',
  }),
  ...group('test/package/run-bin.ts', { accessKey: 'pkg-access-Qw31', secretKey: 'pkg-secret-Ty84', apiKey: 'pkg-apikey-Hn52' }),
  ...group('test/verification/contracts-command.test.ts', {
    accessKey: 'contracts-cmd-access-7101',
    secretKey: 'contracts-cmd-secret-7202',
    apiKey: 'contracts-cmd-api-7303',
  }),
  ...group('scripts/test.d/03-openapi.sh', { accessKey: 'ci-access-Oa31', secretKey: 'ci-secret-Oa52', apiKey: 'ci-apikey-Oa73' }),
  ...group('scripts/test.d/30-load.sh', { accessKey: 'ci-access-Zq81', secretKey: 'ci-secret-Vx42', apiKey: 'ci-apikey-Lm77' }),
  ...group('test/unit/redact-forms.test.ts unregistered', { accessKey: 'unregistered-a', apiKey: 'unregistered-b' }),
  ...group('test/unit/host-url-transport.test.ts KEYS', { accessKey: 'transport-access-key', secretKey: 'transport-secret-key', apiKey: 'transport-api-key' }),
  ...group('test/unit/undocumented-word-monitor.test.ts KEYS', { accessKey: 'word-access-key', secretKey: 'word-secret-key', apiKey: 'word-api-key' }),
  ...group('test/gate/gate.test.ts keys', { accessKey: 'a-key-value', secretKey: 's-key-value', apiKey: 'x-key-value' }),
];

/** Values that are credentials in form but public on purpose (see the header). */
export const PUBLIC_CREDENTIAL_VALUES: readonly string[] = [
  'sandbox-access-key',
  'sandbox-secret-key',
  'sandbox-api-key',
  'example-access-key',
  'example-secret-key',
  'example-api-key',
  'example-invalid-access-key',
  'example-invalid-secret-key',
];

/** The forms a value may take in an artefact: raw, URL-encoded, JSON-escaped, base64. */
export function encodedForms(value: string): string[] {
  return [...new Set([value, encodeURIComponent(value), JSON.stringify(value).slice(1, -1), Buffer.from(value).toString('base64')])];
}
