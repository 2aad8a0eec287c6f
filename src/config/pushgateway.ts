// --pushgateway: where the monitor pushes its metrics. Metrics are not secret, so a Pushgateway inside
// the network may stay plain http; only basic auth written into the URL (user:password@) is a secret,
// and then the loopback rule applies as for every other credential. The URL is used in WHATWG's normal
// form, so the host judged here is the host prom-client's own (legacy) URL parser pushes to.
import { registerSecret } from '../client/redact.ts';
import { ConfigError } from './errors.ts';
import { requireSecureTransport } from './loopback.ts';

/** Hides a user:password@ part, so that a URL that fails to parse is never echoed with its password. */
function withoutUserinfo(raw: string): string {
  return raw.replace(/\/\/[^/?#]*@/, '//…@');
}

export function parsePushgatewayUrl(raw: string, setting = '--pushgateway'): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(setting, `must be a URL like http://127.0.0.1:9091, got ${JSON.stringify(withoutUserinfo(raw))}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new ConfigError(setting, `must be http or https, got ${url.protocol}//`);
  if (url.password) registerSecret(decodeURIComponent(url.password));
  if (url.username || url.password) requireSecureTransport(url, setting);
  // prom-client resolves its own path against this URL: a query or fragment would be dropped silently.
  if (url.search || url.hash) throw new ConfigError(setting, 'must not carry a query string or fragment');
  return url.href;
}
