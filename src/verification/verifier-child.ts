// The verifier's own process: `node verifier-child.(ts|js) '<VerifierJob JSON>'`. The Pact Verifier's
// native code prints to this process's stdout directly, so it runs here, with that output passing
// through the parent's line redactor (run-verification.ts), never in the command's own process. It
// opens the target (starting the embedded sandbox here), verifies, and writes a VerifierAnswer.
import { writeFileSync } from 'node:fs';
import { verificationSource } from '../broker/broker-flow.ts';
import { readBrokerSettings } from '../broker/broker-settings.ts';
import { ConfigError } from '../config/errors.ts';
import { redact } from '../client/redact.ts';
import { skippedOutcomes } from './interaction-results.ts';
import type { VerifierAnswer, VerifierJob } from './verifier-job.ts';
import { openVerificationTarget } from './verification-target.ts';
import { verifyPacts } from './verify.ts';

const NOT_VERIFIED_ON_REAL_HOST = 'not verified against a real host: it needs a provider state set up there, or it writes (--allow-writes)';

async function verify(job: VerifierJob): Promise<VerifierAnswer> {
  const target = await openVerificationTarget({ providerUrl: job.providerUrl, allowWrites: job.allowWrites, pactFile: job.pactFile });
  try {
    // A real host's verification is partial (read-only unless --allow-writes): it is never published.
    const broker = job.broker && target.kind !== 'real-host' ? verificationSource(readBrokerSettings(process.env)) : undefined;
    const result = await verifyPacts(target, broker);
    const notVerified = skippedOutcomes(target.skipped, NOT_VERIFIED_ON_REAL_HOST);
    return {
      ok: result.ok,
      target: { kind: target.kind, describe: target.describe },
      fromBroker: broker !== undefined,
      interactions: [...result.interactions, ...notVerified],
      output: result.output,
    };
  } finally {
    await target.close();
  }
}

async function run(job: VerifierJob): Promise<number> {
  let answer: VerifierAnswer;
  try {
    answer = await verify(job);
  } catch (e) {
    const configError = e instanceof ConfigError ? { setting: e.setting, message: e.message } : undefined;
    answer = {
      ok: false,
      target: { kind: 'embedded-sandbox', describe: '' },
      fromBroker: false,
      interactions: [],
      output: redact((e as Error).message ?? String(e)),
      ...(configError ? { configError } : {}),
    };
  }
  writeFileSync(job.resultFile, JSON.stringify(answer));
  return answer.configError ? 2 : answer.ok ? 0 : 1;
}

if (import.meta.main) {
  process.exitCode = await run(JSON.parse(process.argv[2] ?? '{}') as VerifierJob);
}
