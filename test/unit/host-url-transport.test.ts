// Credentials travel in cleartext over plain http, so http is allowed only to a literal loopback
// address (127.0.0.0/8, [::1]) or localhost, judged on the hostname as WHATWG URL parses it (what
// fetch connects to). Names that merely look local ("127.attacker.example", "127.0.0.1.nip.io") are
// DNS names anyone can point anywhere: they must be https. Nothing here connects anywhere.
import { expect, test } from 'vitest';
import { readBrokerSettings } from '../../src/broker/broker-settings.ts';
import { ConfigError } from '../../src/config/errors.ts';
import { loadSettings, parseHostUrl } from '../../src/config/settings.ts';
import { HOSTILE_HTTP, LOOPBACK_HTTP } from './host-urls.ts';

const KEYS = { LSQ_ACCESS_KEY: 'transport-access-key', LSQ_SECRET_KEY: 'transport-secret-key', LSQ_API_KEY: 'transport-api-key' };

function configErrorOf(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (e) {
    if (e instanceof ConfigError) return e;
    throw e;
  }
  throw new Error('expected a ConfigError, nothing was thrown');
}

test.each(HOSTILE_HTTP)('LSQ_ASYNC_HOST %s is refused: not loopback, so it must be https', (host) => {
  const e = configErrorOf(() => loadSettings({ ...KEYS, LSQ_ASYNC_HOST: host }));
  expect(e.setting).toBe('LSQ_ASYNC_HOST');
  expect(e.message).toMatch(/https/);
  for (const secret of Object.values(KEYS)) expect(e.message).not.toContain(secret);
});

test.each(HOSTILE_HTTP)('--host %s is refused naming --host', (host) => {
  expect(configErrorOf(() => loadSettings(KEYS, { host })).setting).toBe('--host');
});

test.each(HOSTILE_HTTP)('--provider-url %s is refused naming --provider-url', (host) => {
  expect(configErrorOf(() => parseHostUrl(host, '--provider-url')).setting).toBe('--provider-url');
});

test.each(HOSTILE_HTTP.map((h) => h.replace(/^http:/, 'https:')))('the same host over https, %s, is accepted', (host) => {
  const settings = loadSettings({ ...KEYS, LSQ_ASYNC_HOST: host });
  expect(settings.target).toMatchObject({ kind: 'remote' });
});

test.each(LOOPBACK_HTTP)('loopback %s is accepted over plain http, as %s', (host, base) => {
  expect(loadSettings({ ...KEYS, LSQ_ASYNC_HOST: host }).target).toEqual({ kind: 'remote', baseUrl: base });
  expect(parseHostUrl(host, '--provider-url')).toBe(base);
});

const BROKER = { GIT_COMMIT: '0123abcd', GIT_BRANCH: 'main' };

test.each(HOSTILE_HTTP)('a broker at %s with a token or a password is refused naming PACT_BROKER_BASE_URL', (url) => {
  for (const auth of [{ PACT_BROKER_TOKEN: 'broker-token-value' }, { PACT_BROKER_USERNAME: 'ci', PACT_BROKER_PASSWORD: 'broker-password-value' }]) {
    const e = configErrorOf(() => readBrokerSettings({ ...BROKER, ...auth, PACT_BROKER_BASE_URL: url }));
    expect(e.setting).toBe('PACT_BROKER_BASE_URL');
    expect(e.message).not.toContain('broker-token-value');
    expect(e.message).not.toContain('broker-password-value');
  }
});

test('a broker over plain http is accepted when it is loopback, or when nothing secret is sent', () => {
  expect(readBrokerSettings({ ...BROKER, PACT_BROKER_TOKEN: 'broker-token-value', PACT_BROKER_BASE_URL: 'http://127.0.0.1:9292' })?.url).toBe(
    'http://127.0.0.1:9292',
  );
  expect(readBrokerSettings({ ...BROKER, PACT_BROKER_TOKEN: 'broker-token-value', PACT_BROKER_BASE_URL: 'https://example.pactflow.io' })?.url).toBe(
    'https://example.pactflow.io',
  );
  expect(readBrokerSettings({ ...BROKER, PACT_BROKER_BASE_URL: 'http://broker.internal.example' })?.url).toBe('http://broker.internal.example');
});
