// The one rule for plain http: credentials sent over http travel in cleartext, so http is allowed only
// to this machine. "This machine" is judged on the hostname as WHATWG URL parses it (what fetch then
// connects to): an IPv4 literal in 127.0.0.0/8, [::1], or localhost. A name that only looks local
// ("127.attacker.example", "127.0.0.1.nip.io", "localhost.") is a DNS name anyone can point anywhere.
// Every setting and flag that may carry a secret goes through requireSecureTransport.
import { isIPv4 } from 'node:net';
import { ConfigError } from './errors.ts';

/**
 * True for a loopback hostname in WHATWG URL's normal form: `localhost`, `[::1]`, or a dotted-quad IPv4
 * literal whose first octet is 127. WHATWG already turns `127.1`, `0x7f.0.0.1` and `2130706433` into
 * `127.0.0.1` (it parses them as numbers, no DNS), and `[0:0:0:0:0:0:0:1]` into `[::1]`.
 */
export function isLoopbackHostname(hostname: string): boolean {
  const host = hostname.toLowerCase();
  if (host === 'localhost' || host === '[::1]') return true;
  return isIPv4(host) && host.split('.')[0] === '127';
}

/** Refuses a URL that would send secrets in cleartext: https anywhere, plain http only to loopback. */
export function requireSecureTransport(url: URL, setting: string): void {
  if (url.protocol === 'https:') return;
  if (url.protocol === 'http:' && isLoopbackHostname(url.hostname)) return;
  throw new ConfigError(setting, `must be https (plain http only to a loopback address: 127.x.x.x, [::1] or localhost), got ${url.protocol}//${url.host}`);
}
