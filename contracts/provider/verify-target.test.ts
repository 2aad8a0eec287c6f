// The verification `lsq-harness contracts` runs: the committed pact against the embedded sandbox, or
// against what the command was pointed at (LSQ_CONTRACTS_PROVIDER_URL from --provider-url, a real host
// from LSQ_ASYNC_HOST with LSQ_CONTRACTS_ALLOW_WRITES from --allow-writes).
import { expect, test } from 'vitest';
import { openVerificationTarget } from './verification-target.ts';
import { verifyPacts } from './verify.ts';

test('the committed pact holds against the verification target', async () => {
  const target = await openVerificationTarget({
    providerUrl: process.env.LSQ_CONTRACTS_PROVIDER_URL || undefined,
    allowWrites: process.env.LSQ_CONTRACTS_ALLOW_WRITES === '1',
  });
  try {
    console.log(`verifying against ${target.describe}`);
    if (target.skipped.length) console.log(`not verified against a real host (they set up state or write; --allow-writes for the writes): ${target.skipped.join('; ')}`);
    const result = await verifyPacts(target);
    expect(result.ok, result.output).toBe(true);
  } finally {
    await target.close();
  }
});
