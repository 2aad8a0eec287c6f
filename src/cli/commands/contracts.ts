// `lsq-harness contracts`: provider verification of a pact — the one that ships with the package, or
// --pact FILE — with the Pact Verifier, against the embedded sandbox, a sandbox at --provider-url, or
// the real host from the settings; with PACT_BROKER_BASE_URL, the broker flow around it (publish the
// pact and, when asked, the OpenAPI provider contract; publish the verification result; can-i-deploy). The consumer tests that write the pact are the
// project's own tests, run in its suite; nothing here needs the test runner.
// What the action needs is imported inside it, so that --help loads commander and little else
// (BENCHMARKS.md, P7).
import { resolve } from 'node:path';
import { Command } from 'commander';
import type { StepResult } from '../../broker/broker-flow.ts';
import type { ContractsReport } from '../../verification/contracts-report.ts';
import { ADMIN_PREFIX } from '../../sandbox/admin-prefix.ts';
import { EXIT, CommandExit, UsageError } from '../exit-codes.ts';
import { hostUrl } from '../options.ts';
import { err, out, outJson } from '../output.ts';

interface ContractsOptions {
  providerUrl?: string;
  allowWrites?: boolean;
  junit?: string;
  pact?: string;
  json?: boolean;
}

export function contractsCommand(): Command {
  return new Command('contracts')
    .description('verify the pact against the provider with the Pact Verifier (and the broker flow when PACT_BROKER_BASE_URL is set)')
    .option(
      '--provider-url <url>',
      `verify against a sandbox already running there (states set through its ${ADMIN_PREFIX} admin endpoint)`,
      hostUrl('--provider-url'),
    )
    .option('--allow-writes', 'against a real host (LSQ_ASYNC_HOST): also verify the interactions that submit an update')
    .option('--pact <file>', 'verify this pact file instead of the one that ships with lsq-harness')
    .option('--junit <file>', 'write a JUnit XML report, one test case per interaction (for CI)')
    .option('--json', 'print the result as one JSON object on stdout (the progress goes to stderr)')
    .addHelpText(
      'after',
      [
        '',
        'Target: the embedded sandbox by default; --provider-url for a running sandbox; LSQ_ASYNC_HOST for a real host,',
        'where only the interactions that need no provider state and write nothing are verified unless --allow-writes.',
        'Broker: PACT_BROKER_BASE_URL (+ PACT_BROKER_TOKEN, PACT_BROKER_ENVIRONMENT, GIT_COMMIT, GIT_BRANCH); unset, the broker steps are skipped.',
        '  Selectors, pending and WIP pacts: PACT_BROKER_CONSUMER_VERSION_SELECTORS, PACT_BROKER_ENABLE_PENDING, PACT_BROKER_INCLUDE_WIP_PACTS_SINCE;',
        '  can-i-deploy polling: PACT_BROKER_RETRY_WHILE_UNKNOWN, PACT_BROKER_RETRY_INTERVAL; PACT_BROKER_PUBLISH_PROVIDER_CONTRACT=true also',
        "  publishes the OpenAPI document with Schemathesis' report (PACT_BROKER_PROVIDER_CONTRACT_RESULTS) for PactFlow's bi-directional testing.",
        '  The broker flow needs the optional package @pact-foundation/pact-cli.',
        'Exit: 0 every contract held; 1 a contract was broken (or a broker step failed); 2 bad settings.',
      ].join('\n'),
    )
    .action(async (o: ContractsOptions) => {
      const { canIDeploy, describeSelectors, publishPacts, publishProviderContract, verificationResultsSkipped } = await import('../../broker/broker-flow.ts');
      const { readBrokerSettings } = await import('../../broker/broker-settings.ts');
      const { pactBrokerBin } = await import('../../broker/pact-broker-cli.ts');
      const { loadSettings } = await import('../../config/settings.ts');
      const { countOutcomes, interactionLines } = await import('../../verification/contracts-report.ts');
      const { writeContractsJunit } = await import('../../verification/junit-report.ts');
      const { readPactSummary } = await import('../../verification/pact-file.ts');
      const { runVerification } = await import('../../verification/run-verification.ts');
      const { assertSandboxAnswers } = await import('../../verification/verification-target.ts');
      // Settings first, so that a bad one ends with 2 before anything runs.
      const providerUrl = o.providerUrl;
      const settings = providerUrl ? null : loadSettings(process.env);
      if (o.allowWrites && settings?.target.kind !== 'remote') throw new UsageError('--allow-writes applies only to a real host (LSQ_ASYNC_HOST)');
      const pact =
        o.pact === undefined
          ? readPactSummary(undefined, 'the pact that ships with lsq-harness (contracts/pacts/)')
          : readPactSummary(resolve(o.pact), '--pact');
      if (providerUrl) await assertSandboxAnswers(providerUrl);
      const broker = readBrokerSettings(process.env);
      if (broker) pactBrokerBin();

      // With --json, stdout holds the one object; everything for people goes to stderr.
      const say = o.json ? err : out;
      const progress = o.json ? process.stderr : process.stdout;
      const steps: StepResult[] = [];
      const step = (s: StepResult): boolean => {
        steps.push(s);
        say(s.line);
        if (s.status === 'failed' && s.output) err(s.output);
        return s.status !== 'failed';
      };
      const where = providerUrl
        ? `the sandbox at ${providerUrl}`
        : settings?.target.kind === 'remote'
          ? `the real host ${settings.target.baseUrl}`
          : 'the embedded sandbox';
      const report: ContractsReport = {
        ok: false,
        pact: pact.file,
        target: { kind: providerUrl ? 'sandbox-url' : settings?.target.kind === 'remote' ? 'real-host' : 'embedded-sandbox', describe: where },
        interactions: [],
        counts: { passed: 0, failed: 0, skipped: 0 },
        broker: [],
      };

      const verify = async (): Promise<void> => {
        if (!step(await publishPacts(broker, pact.file, pact.consumer))) return;
        const providerContract = await publishProviderContract(broker);
        if (providerContract && !step(providerContract)) return;
        say(
          `contracts: verifying ${broker ? `the pacts ${describeSelectors(broker)} from the broker` : `${pact.file} (${pact.interactions} interactions)`} against ${where}`,
        );
        const env = broker ? { ...process.env, GIT_COMMIT: broker.commit, GIT_BRANCH: broker.branch } : process.env;
        const answer = await runVerification(
          { providerUrl, allowWrites: o.allowWrites ?? false, pactFile: pact.file, broker: broker !== null },
          { env, stdout: progress, stderr: process.stderr, plain: !progress.isTTY || process.env.NO_COLOR !== undefined },
        );
        if (answer.fromBroker && broker) report.pact = `the broker's pacts ${describeSelectors(broker)}`;
        if (answer.target.describe) report.target = answer.target;
        report.interactions = answer.interactions;
        report.counts = countOutcomes(answer.interactions);
        if (!answer.ok && !answer.interactions.some((i) => i.result === 'failed')) report.error = answer.output;
        const { passed, failed, skipped } = report.counts;
        say(`contracts: results against ${report.target.describe}`);
        for (const line of interactionLines(report.interactions)) say(line);
        if (report.error) err(`contracts: the verifier could not run: ${report.error}`);
        else
          say(
            answer.ok
              ? `contracts: every interaction held (${passed} verified${skipped ? `, ${skipped} not verified` : ''})`
              : `contracts: ${failed} of ${passed + failed} interactions broke the contract (marked ✗ above)`,
          );
        report.ok = answer.ok;
        const resultsSkipped = verificationResultsSkipped(broker);
        if (resultsSkipped) step(resultsSkipped);
        if (report.ok) step(await canIDeploy(broker, pact.consumer));
      };

      try {
        await verify();
      } finally {
        report.broker = steps.map(({ step: name, status, line }) => ({ step: name, status, line }));
        if (steps.some((s) => s.status === 'failed')) report.ok = false;
        if (o.junit) {
          writeContractsJunit(o.junit, report);
          say(`contracts: JUnit report written to ${o.junit}`);
        }
        if (o.json) outJson(report);
      }
      if (!report.ok) throw new CommandExit(EXIT.checkFailed);
    });
}
