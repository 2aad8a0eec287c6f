// The only credentials a pact may hold: obvious examples. The consumer tests send these, the request
// matchers accept any key of the same shape, and the provider verification swaps them for the
// target's real ones on the way out (src/verification/credential-filter.ts).
export const EXAMPLE_CREDENTIALS = {
  accessKey: 'example-access-key',
  secretKey: 'example-secret-key',
  apiKey: 'example-api-key',
} as const;

/** Sent by the 401 interaction: the provider must refuse them, and the verifier never swaps them. */
export const INVALID_EXAMPLE_CREDENTIALS = {
  accessKey: 'example-invalid-access-key',
  secretKey: 'example-invalid-secret-key',
  apiKey: 'example-api-key',
} as const;

/** What a credential looks like: printable, no white space, no separators of a query string. */
export const CREDENTIAL_PATTERN = '^[^\\s&=#]{4,}$';
