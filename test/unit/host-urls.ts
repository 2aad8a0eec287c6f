// The plain-http hosts test/unit/host-url-transport.test.ts judges: those that only look local, and
// the loopback ones with the base URL each becomes.

/** Plain-http hosts that are not loopback, though some look it. */
export const HOSTILE_HTTP = [
  'http://127.attacker.example',
  'http://127.0.0.1.nip.io',
  'http://127.0.0.1.nip.io:8080/api',
  'http://localhost.attacker.example',
  'http://localhost.',
  'http://foo.localhost',
  'http://128.0.0.1',
  'http://10.0.0.1',
  'http://[::ffff:127.0.0.1]',
  'http://[::2]',
  'http://asyncapi-in21.leadsquared.com',
];

/** Plain-http hosts that are loopback, each with the base URL it is used as (WHATWG's normal form). */
export const LOOPBACK_HTTP: Array<[string, string]> = [
  ['http://127.0.0.1:8080', 'http://127.0.0.1:8080'],
  ['http://127.255.255.254:1/base/', 'http://127.255.255.254:1/base'],
  ['http://localhost:1', 'http://localhost:1'],
  ['http://LOCALHOST:1', 'http://localhost:1'],
  ['http://[::1]:9', 'http://[::1]:9'],
  ['http://[0:0:0:0:0:0:0:1]:9', 'http://[::1]:9'],
  // Shorthand IPv4 forms: WHATWG URL (and so fetch) reads them as 127.0.0.1 itself, no DNS involved;
  // they are accepted, and the base URL is the normal form, so every log line shows the real address.
  ['http://127.1', 'http://127.0.0.1'],
  ['http://0x7f.0.0.1:2', 'http://127.0.0.1:2'],
  ['http://2130706433', 'http://127.0.0.1'],
  ['http://127.0.0.1.', 'http://127.0.0.1'],
];
