// The verifier replays the pact's requests, which carry example credentials only. On the way out this
// filter swaps each example for the target's own key (query string and headers), moves accessKey and
// secretKey to where the target takes them (a pact may carry them either way: the builders of
// src/pact offer both), and maps the pact's paths onto the target's configured ones. The 401 interaction's invalid examples are left alone, so
// that interaction still proves that wrong credentials are refused.
import type { VerifierOptions } from '@pact-foundation/pact';
import type { Credentials } from '../client/index.ts';
import { DEFAULT_STATUS_PATH, DEFAULT_UPDATE_PATH } from '../contract/index.ts';
import { EXAMPLE_CREDENTIALS } from '../pact/example-credentials.ts';

export interface FilterTarget {
  credentials: Credentials;
  credentialsIn: 'query' | 'header';
  updatePath: string;
  statusPath: string;
}

type RequestFilter = NonNullable<VerifierOptions['requestFilter']>;
/** The parts of the proxied request (an express request; its types are not installed) this filter touches. */
interface ProxiedRequest {
  url: string;
  headers: Record<string, string | string[] | undefined>;
}

export function credentialFilter(target: FilterTarget): RequestFilter {
  const swap: Record<string, string> = {
    [EXAMPLE_CREDENTIALS.accessKey]: target.credentials.accessKey,
    [EXAMPLE_CREDENTIALS.secretKey]: target.credentials.secretKey,
    [EXAMPLE_CREDENTIALS.apiKey]: target.credentials.apiKey,
  };
  const filter = (req: ProxiedRequest, _res: unknown, next: () => void): void => {
    const url = new URL(req.url, 'http://pact.invalid');
    if (url.pathname === DEFAULT_UPDATE_PATH) url.pathname = target.updatePath;
    else if (url.pathname === DEFAULT_STATUS_PATH) url.pathname = target.statusPath;
    for (const name of ['accessKey', 'secretKey'] as const) {
      const header = `x-lsq-${name.toLowerCase()}`;
      const fromHeader = req.headers[header];
      const value = url.searchParams.get(name) ?? (typeof fromHeader === 'string' ? fromHeader : null);
      if (value === null) continue;
      const swapped = swap[value] ?? value;
      url.searchParams.delete(name);
      delete req.headers[header];
      if (target.credentialsIn === 'header') req.headers[header] = swapped;
      else url.searchParams.set(name, swapped);
    }
    const apiKey = req.headers['x-api-key'];
    if (typeof apiKey === 'string') req.headers['x-api-key'] = swap[apiKey] ?? apiKey;
    req.url = url.pathname + url.search;
    next();
  };
  return filter as unknown as RequestFilter;
}
