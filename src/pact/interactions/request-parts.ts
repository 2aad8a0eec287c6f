// What every interaction's request shares: the path, and the credentials as the caller sends them
// (accessKey/secretKey in the query string as the async page shows them, or the x-LSQ-* headers), with
// x-api-key always a header. Only the example credentials reach the pact; any key of the same shape
// matches, and provider verification swaps the examples for the target's keys.
import { MatchersV3 } from '@pact-foundation/pact';
import { DEFAULT_STATUS_PATH, DEFAULT_UPDATE_PATH } from '../../contract/index.ts';
import { CREDENTIAL_PATTERN, EXAMPLE_CREDENTIALS } from '../example-credentials.ts';
import { apiKeyHeader, credentialQuery } from '../matchers.ts';
import type { RequestBuilder } from './pact-types.ts';

export interface RequestOptions {
  /** Where the caller sends accessKey and secretKey: `query` (default, as LeadSquared's page shows) or `header`. */
  credentialsIn?: 'query' | 'header';
  /** The interaction's description; each default names what it pins. Unique within one pact. */
  description?: string;
}

export const PATHS = { update: DEFAULT_UPDATE_PATH, status: DEFAULT_STATUS_PATH } as const;

type Keys = { accessKey: string; secretKey: string };

/** Puts the access and secret key where the caller sends them, and the x-api-key header. */
export function withCredentials(b: RequestBuilder, credentialsIn: RequestOptions['credentialsIn'], keys: Keys = EXAMPLE_CREDENTIALS): RequestBuilder {
  if (credentialsIn === 'header') {
    const { regex } = MatchersV3;
    return b.headers({
      ...apiKeyHeader(),
      'x-LSQ-AccessKey': regex(CREDENTIAL_PATTERN, keys.accessKey),
      'x-LSQ-SecretKey': regex(CREDENTIAL_PATTERN, keys.secretKey),
    });
  }
  return b.query(credentialQuery(keys.accessKey, keys.secretKey)).headers(apiKeyHeader());
}
