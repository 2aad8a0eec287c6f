// Matchers the interactions share. Ids, notes and free text are matched by shape, never pinned as
// literals; contract words (status words, "Error") stay literal so that a renamed word breaks the pact.
import { MatchersV3 } from '@pact-foundation/pact';
import { CREDENTIAL_PATTERN, EXAMPLE_CREDENTIALS } from './example-credentials.ts';

const { regex } = MatchersV3;

/** uuid-shaped in any case (pact's uuid() accepts lower case only). */
export const UUID_REGEX = '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$';
export const anyUuid = (example: string) => regex(UUID_REGEX, example);

/** The x-api-key header: only the example reaches the pact, whatever key the test ran with. */
export const apiKeyHeader = (example: string = EXAMPLE_CREDENTIALS.apiKey) => ({ 'x-api-key': regex(CREDENTIAL_PATTERN, example) });

/** accessKey/secretKey in the query string, as the async page shows them. */
export const credentialQuery = (accessKey: string = EXAMPLE_CREDENTIALS.accessKey, secretKey: string = EXAMPLE_CREDENTIALS.secretKey) => ({
  accessKey: regex(CREDENTIAL_PATTERN, accessKey),
  secretKey: regex(CREDENTIAL_PATTERN, secretKey),
});

/** LeadSquared's error envelope: `Status` is the literal word, the type an MX…Exception, the message any text. */
export const errorEnvelope = (exceptionType: string, exceptionMessage: string | ReturnType<typeof regex>) => ({
  Status: 'Error',
  ExceptionType: regex('^MX\\w*Exception$', exceptionType),
  ExceptionMessage: typeof exceptionMessage === 'string' ? MatchersV3.string(exceptionMessage) : exceptionMessage,
});
