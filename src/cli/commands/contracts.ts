// `lsq-harness contracts`: the consumer contract tests (they write contracts/pacts/), then provider
// verification of the pact against the embedded sandbox, a sandbox at --provider-url, or the real
// host from the settings; with PACT_BROKER_BASE_URL, the broker flow around it (publish the pacts,
// publish the verification result, can-i-deploy).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command } from 'commander';
import { canIDeploy, publishPacts, verificationResultsSkipped, type StepResult } from '../../broker/broker-flow.ts';
import { readBrokerSettings } from '../../broker/broker-settings.ts';
import { assertSandboxAnswers } from '../../verification/verification-target.ts';
import { loadSettings, parseHostUrl } from '../../config/settings.ts';
import { mergeJunit } from '../../contracts-runner/junit-merge.ts';
import { runVitest } from '../../contracts-runner/run-vitest.ts';
import { EXIT, CommandExit, UsageError } from '../exit-codes.ts';
import { err, out } from '../output.ts';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

interface ContractsOptions {
  providerUrl?: string;
  allowWrites?: boolean;
  junit?: string;
}

function report(step: StepResult): boolean {
  out(step.line);
  if (step.status === 'failed' && step.output) err(step.output);
  return step.status !== 'failed';
}

export function contractsCommand(): Command {
  return new Command('contracts')
    .description('run the consumer contract tests, then verify the pact against the provider (and the broker flow when PACT_BROKER_BASE_URL is set)')
    .option('--provider-url <url>', 'verify against a sandbox already running there (states set through its /__sandbox admin endpoint)')
    .option('--allow-writes', 'against a real host (LSQ_ASYNC_HOST): also verify the interactions that submit an update')
    .option('--junit <file>', 'write one JUnit XML report of both stages (for CI)')
    .addHelpText(
      'after',
      [
        '',
        'Target: the embedded sandbox by default; --provider-url for a running sandbox; LSQ_ASYNC_HOST for a real host,',
        'where only the interactions that need no provider state and write nothing are verified unless --allow-writes.',
        'Broker: PACT_BROKER_BASE_URL (+ PACT_BROKER_TOKEN, PACT_BROKER_ENVIRONMENT, GIT_COMMIT, GIT_BRANCH); unset, the broker steps are skipped.',
        'Exit: 0 every contract held; 1 a contract was broken (or a broker step failed); 2 bad settings.',
      ].join('\n'),
    )
    .action(async (o: ContractsOptions) => {
      // Settings first, so that a bad one ends with 2 before anything runs.
      const providerUrl = o.providerUrl === undefined ? undefined : parseHostUrl(o.providerUrl, '--provider-url');
      const settings = providerUrl ? null : loadSettings(process.env);
      if (o.allowWrites && settings?.target.kind !== 'remote') throw new UsageError('--allow-writes applies only to a real host (LSQ_ASYNC_HOST)');
      if (providerUrl) await assertSandboxAnswers(providerUrl);
      const broker = readBrokerSettings(process.env, ROOT);

      const reports = o.junit ? mkdtempSync(join(tmpdir(), 'lsq-contracts-junit-')) : null;
      const junitOf = (name: string) => (reports ? join(reports, `${name}.xml`) : undefined);
      let ok = true;
      try {
        out('contracts: consumer tests (they write contracts/pacts/)');
        ok = (await runVitest({ cwd: ROOT, args: ['--project', 'consumer'], junitFile: junitOf('consumer') })) === 0;
        if (!ok) {
          out('contracts: the consumer tests failed; verification not run');
          return;
        }
        ok = report(await publishPacts(broker));
        if (!ok) return;

        const where = providerUrl ? `the sandbox at ${providerUrl}` : settings?.target.kind === 'remote' ? `the real host ${settings.target.baseUrl}` : 'the embedded sandbox';
        out(`contracts: provider verification against ${where}`);
        const env: Record<string, string> = {
          LSQ_CONTRACTS_PROVIDER_URL: providerUrl ?? '',
          LSQ_CONTRACTS_ALLOW_WRITES: o.allowWrites ? '1' : '',
          LSQ_CONTRACTS_BROKER: broker ? '1' : '',
        };
        ok = (await runVitest({ cwd: ROOT, args: ['-c', 'test/verification/vitest.config.ts', 'test/verification/verify-target.test.ts'], env, junitFile: junitOf('verification') })) === 0;
        out(ok ? 'contracts: every interaction held' : 'contracts: a contract was broken (see the interactions marked ✗ above)');
        const resultsSkipped = verificationResultsSkipped(broker);
        if (resultsSkipped) out(resultsSkipped.line);
        if (ok) ok = report(await canIDeploy(broker));
      } finally {
        if (reports && o.junit) {
          mergeJunit([junitOf('consumer')!, junitOf('verification')!], o.junit, 'lsq-harness contracts');
          out(`contracts: JUnit report written to ${o.junit}`);
        }
        if (!ok) throw new CommandExit(EXIT.checkFailed);
      }
    });
}
