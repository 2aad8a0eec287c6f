// --pushgateway: any http(s) URL (metrics are not secret), but basic auth in the URL only over https
// or to loopback; the URL is kept as given apart from WHATWG's normal form (no scheme rewriting).
import { expect, test } from 'vitest';
import { ConfigError } from '../../src/config/errors.ts';
import { parsePushgatewayUrl } from '../../src/config/pushgateway.ts';
import { redact } from '../../src/client/redact.ts';

const refusal = (raw: string): ConfigError => {
  try {
    parsePushgatewayUrl(raw);
  } catch (e) {
    if (e instanceof ConfigError) return e;
    throw e;
  }
  throw new Error('expected a ConfigError');
};

test.each([
  ['http://pushgateway.monitoring:9091', 'http://pushgateway.monitoring:9091/'],
  ['http://127.0.0.1:9091', 'http://127.0.0.1:9091/'],
  ['https://pushgateway.example/prefix', 'https://pushgateway.example/prefix'],
  ['https://ci:pgw-password-1@pushgateway.example', 'https://ci:pgw-password-1@pushgateway.example/'],
  ['http://ci:pgw-password-2@127.0.0.1:9091', 'http://ci:pgw-password-2@127.0.0.1:9091/'],
  ['http://127.1:9091', 'http://127.0.0.1:9091/'],
])('%s is accepted, its scheme untouched', (raw, expected) => {
  expect(parsePushgatewayUrl(raw)).toBe(expected);
});

test.each(['http://ci:pgw-password-3@pushgateway.example', 'http://ci:pgw-password-3@127.0.0.1.nip.io:9091', 'http://ci@127.attacker.example'])(
  'basic auth over plain http to %s is refused, without the password in the message',
  (raw) => {
    const e = refusal(raw);
    expect(e.setting).toBe('--pushgateway');
    expect(e.message).toMatch(/https/);
    expect(e.message).not.toContain('pgw-password-3');
  },
);

test.each(['ftp://gateway', 'not a url', 'gateway:9091', 'http://127.0.0.1:9091/?x=1', 'http://ci:pgw pass@gw'])(
  '%j is refused naming --pushgateway',
  (raw) => {
    const e = refusal(raw);
    expect(e.setting).toBe('--pushgateway');
    expect(e.message).not.toContain('pgw pass');
  },
);

test('a basic-auth password in the URL is a secret: redacted wherever it would be logged', () => {
  parsePushgatewayUrl('https://ci:pgw-password-4@pushgateway.example');
  expect(redact('pushing to pgw-password-4 failed')).not.toContain('pgw-password-4');
});
