// The arguments `lsq-harness conformance` hands Schemathesis. The too_slow health check is off: it times
// input generation on the wall clock, so on a busy machine (the test command's niced OpenAPI suite, a
// shared CI runner) it failed the update operation's fuzzing phase ("Data generation is too slow")
// without a word about the provider.
import { expect, test } from 'vitest';
import { schemathesisArgs } from '../../src/conformance/run-conformance.ts';
import { RELIABILITY_CREDENTIALS as CREDS } from '../reliability/secret-values.ts';

const options = (writes: boolean) => ({
  target: 'http://127.0.0.1:1',
  updatePath: '/v2/OpportunityManagement.svc/Opportunity/Update',
  statusPath: '/v2/OpportunityManagement.svc/Opportunity/Update/Status',
  credentials: { accessKey: CREDS.accessKey, secretKey: CREDS.secretKey, apiKey: CREDS.apiKey },
  writes,
  rateLimit: { limit: 0, windowMs: 5000 },
  schemathesis: 'schemathesis',
  out: '/tmp/unused',
  junitPath: '/tmp/unused/junit.xml',
  maxExamples: 10,
  seed: 1,
});

test.each([false, true])('with writes %s, the too_slow health check is suppressed and every check still runs', (writes) => {
  const args = schemathesisArgs(options(writes) as Parameters<typeof schemathesisArgs>[0], 'doc.yaml', 'config.toml', 'http://127.0.0.1:2');
  const suppressed = args[args.indexOf('--suppress-health-check') + 1];
  expect(suppressed).toBe('too_slow');
  expect(args[args.indexOf('--checks') + 1]).toBe('all');
  // Nothing that reaches the argument list or its log line holds a credential.
  expect(args.join(' ')).not.toMatch(new RegExp([CREDS.accessKey, CREDS.secretKey, CREDS.apiKey].join('|')));
});
