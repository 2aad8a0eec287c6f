// The verification `lsq-harness contracts` runs: the committed pact against the embedded sandbox, or
// against what the command was pointed at (LSQ_CONTRACTS_PROVIDER_URL from --provider-url, a real host
// from LSQ_ASYNC_HOST with LSQ_CONTRACTS_ALLOW_WRITES from --allow-writes). With LSQ_CONTRACTS_BROKER=1
// (the command found PACT_BROKER_BASE_URL) a sandbox verifies the broker's pacts and publishes the result.
import { expect, test } from 'vitest';
import { verificationSource } from '../../src/broker/broker-flow.ts';
import { readBrokerSettings } from '../../src/broker/broker-settings.ts';
import { openVerificationTarget } from '../../src/verification/verification-target.ts';
import { verifyPacts } from '../../src/verification/verify.ts';

test('the committed pact holds against the verification target', async () => {
  const target = await openVerificationTarget({
    providerUrl: process.env.LSQ_CONTRACTS_PROVIDER_URL || undefined,
    allowWrites: process.env.LSQ_CONTRACTS_ALLOW_WRITES === '1',
  });
  try {
    console.log(`verifying against ${target.describe}`);
    if (target.skipped.length) console.log(`not verified against a real host (they set up state or write; --allow-writes for the writes): ${target.skipped.join('; ')}`);
    const broker = process.env.LSQ_CONTRACTS_BROKER === '1' && target.kind !== 'real-host' ? verificationSource(readBrokerSettings(process.env)) : undefined;
    if (broker) console.log(`verifying the pacts of branch ${broker.consumerBranch} from the broker; the result is published as ${broker.providerVersion}`);
    const result = await verifyPacts(target, broker);
    expect(result.ok, result.output).toBe(true);
  } finally {
    await target.close();
  }
});
