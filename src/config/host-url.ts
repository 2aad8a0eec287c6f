// The rule for a base URL that credentials are sent to, in a module of its own: the settings (which load
// the contract, hence zod) and the CLI's --provider-url option (which must not: building a command is all
// --help does, BENCHMARKS.md P7) judge by this one function.
import { ConfigError } from './errors.ts';
import { requireSecureTransport } from './loopback.ts';

/**
 * A base URL that credentials are sent to (LSQ_ASYNC_HOST, --host, --provider-url): https, or plain http
 * to loopback only. Returned in WHATWG's normal form, the address fetch will really connect to.
 */
export function parseHostUrl(raw: string, setting: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(setting, `must be a URL like https://asyncapi-in21.leadsquared.com, got ${JSON.stringify(raw)}`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new ConfigError(setting, `must be https, got ${url.protocol}//`);
  requireSecureTransport(url, setting);
  if (url.search || url.hash) throw new ConfigError(setting, 'must not carry a query string or fragment (credentials go in LSQ_* settings)');
  if (url.username || url.password) throw new ConfigError(setting, 'must not carry credentials');
  return url.origin + url.pathname.replace(/\/+$/, '');
}
