// The --provider-url option (src/cli/options.ts hostUrl) and the settings (src/config/settings.ts) judge a
// URL that credentials go to by one rule, src/config/host-url.ts parseHostUrl, kept in a module without
// zod so that building the contracts command (its --help) stays light (BENCHMARKS.md, P7). The two must
// give the same base URL, or refuse with the same setting and message, for every input. Checked on the
// loopback and hostile cases of the transport test, odd forms, and generated URLs.
import fc from 'fast-check';
import { expect, test } from 'vitest';
import { hostUrl } from '../../src/cli/options.ts';
import { ConfigError } from '../../src/config/errors.ts';
import { parseHostUrl } from '../../src/config/settings.ts';
import { HOSTILE_HTTP, LOOPBACK_HTTP } from './host-urls.ts';

const FLAG = '--provider-url';

type Outcome = { base: string } | { setting: string; message: string };

function outcome(parse: (raw: string) => string, raw: string): Outcome {
  try {
    return { base: parse(raw) };
  } catch (e) {
    if (e instanceof ConfigError) return { setting: e.setting, message: e.message };
    throw e;
  }
}

const option = hostUrl(FLAG);
const settings = (raw: string) => parseHostUrl(raw, FLAG);

const CASES = [
  ...HOSTILE_HTTP,
  ...HOSTILE_HTTP.map((h) => h.replace(/^http:/, 'https:')),
  ...LOOPBACK_HTTP.map(([raw]) => raw),
  '',
  'not a url',
  'ftp://127.0.0.1',
  'file:///etc/passwd',
  'https://u:p@host.example',
  'https://u@host.example',
  'https://host.example/?q=1',
  'https://host.example/#x',
  'https://host.example/a/b///',
  'HTTPS://Host.Example:443/Path',
  'http://127.0.0.1:0',
  'https://[::1]',
  'javascript:alert(1)',
];

test.each(CASES)('%j: the option and the settings agree', (raw) => {
  expect(outcome(option, raw)).toEqual(outcome(settings, raw));
});

test('a refusal really happens and names the flag (the comparison above is not of two no-ops)', () => {
  expect(outcome(option, 'http://127.attacker.example')).toMatchObject({ setting: FLAG });
  expect(outcome(option, 'http://127.1:8080/')).toEqual({ base: 'http://127.0.0.1:8080' });
});

test('generated URLs: the option and the settings agree', () => {
  const url = fc.oneof(
    fc.webUrl({ withQueryParameters: true, withFragments: true, authoritySettings: { withUserInfo: true, withPort: true, withIPv4: true, withIPv6: true } }),
    fc.webUrl().map((u) => u.replace(/^https:/, 'http:')),
    fc.tuple(fc.constantFrom('http://', 'https://', 'ftp://', 'ws://', ''), fc.string({ maxLength: 30 })).map(([scheme, rest]) => scheme + rest),
  );
  fc.assert(
    fc.property(url, (raw) => {
      expect(outcome(option, raw)).toEqual(outcome(settings, raw));
    }),
    { seed: 20261201, numRuns: 500 },
  );
});
