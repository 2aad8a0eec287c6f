// The schemathesis.toml a conformance run uses. Credentials are named, never written: Schemathesis reads
// ${LSQ_API_KEY} and the others from the environment the run hands it, so no file, argument or report
// of ours holds a secret. One check is told one thing, for one operation, and docs/decisions/009 says
// why: a RequestID the provider never issued is answered 400 (LeadSquared's documented "not as per the
// API specification"; its 404 means an unknown API path), so a schema-valid status call may be a 400.
import { STATUS_OPERATION_ID } from '../openapi/index.ts';

/** Schemathesis' default for positive_data_acceptance, plus 400 (decision 009). */
export const STATUS_POSITIVE_STATUSES = ['2xx', '3xx', '400', '401', '403', '404', '409', '429', '5xx'];

export function schemathesisConfig(): string {
  const auth = (scheme: string, env: string) => `[auth.openapi.${scheme}]\napi_key = "\${${env}}"\n`;
  return [
    '# Written by `lsq-harness conformance`. Credentials are read from the environment, never from this file.',
    auth('ApiKey', 'LSQ_API_KEY'),
    auth('AccessKey', 'LSQ_ACCESS_KEY'),
    auth('SecretKey', 'LSQ_SECRET_KEY'),
    auth('AccessKeyHeader', 'LSQ_ACCESS_KEY'),
    auth('SecretKeyHeader', 'LSQ_SECRET_KEY'),
    '# docs/decisions/009-an-unknown-request-id-is-a-400.md',
    '[[operations]]',
    `include-operation-id = "${STATUS_OPERATION_ID}"`,
    `checks.positive_data_acceptance.expected-statuses = [${STATUS_POSITIVE_STATUSES.map((s) => `"${s}"`).join(', ')}]`,
    '',
  ].join('\n');
}
