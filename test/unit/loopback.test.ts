// The loopback rule on its own: which hostnames (in WHATWG URL's normal form) count as this machine.
import { expect, test } from 'vitest';
import { isLoopbackHostname } from '../../src/config/loopback.ts';

test.each(['127.0.0.1', '127.255.255.254', '127.1.2.3', 'localhost', 'LOCALHOST', '[::1]'])('%s is loopback', (host) => {
  expect(isLoopbackHostname(host)).toBe(true);
});

test.each([
  '127.attacker.example',
  '127.0.0.1.nip.io',
  '127.1',
  '127.0.0.256',
  '0x7f.0.0.1',
  'localhost.',
  'foo.localhost',
  '128.0.0.1',
  '[::ffff:7f00:1]',
  '[::2]',
  '::1x',
  '',
  '__proto__',
])('%j is not loopback', (host) => {
  expect(isLoopbackHostname(host)).toBe(false);
});

test('what WHATWG URL makes of shorthand and numeric forms is what the rule judges', () => {
  expect(['http://127.1', 'http://0x7f.0.0.1', 'http://2130706433', 'http://[0:0:0:0:0:0:0:1]'].map((u) => new URL(u).hostname)).toEqual([
    '127.0.0.1',
    '127.0.0.1',
    '127.0.0.1',
    '[::1]',
  ]);
  expect(['http://127.0.0.1.nip.io', 'http://127.attacker.example'].map((u) => isLoopbackHostname(new URL(u).hostname))).toEqual([false, false]);
});
