// `lsq-harness gate`: the command a release pipeline runs. Contract verification, the replay suite,
// the k6 smoke profile and one canary cycle against one target, with JUnit and a reviewer's summary.
// What the action needs is imported inside it, so that --help loads commander and little else
// (BENCHMARKS.md, P7): the stages alone load msw, zod and prom-client. Their names, which --help
// shows and --stages checks, come from help-values.ts, checked against the stages themselves.
import { Command } from 'commander';
import { ConfigError } from '../../config/errors.ts';
import type { Profile } from '../../k6/runner.ts';
import { EXIT, CommandExit } from '../exit-codes.ts';
import { GATE_ALL_STAGE_NAMES, GATE_OPTIONAL_STAGE_NAMES, GATE_STAGE_NAMES } from '../help-values.ts';
import { PROFILES, choiceOption, wordList } from '../options.ts';
import { err } from '../output.ts';
import { resolve } from 'node:path';

interface GateFlags {
  host?: string;
  profile: Profile;
  strict?: boolean;
  allowBudgetExhaustion?: boolean;
  allowWrites?: boolean;
  out: string;
  stages?: string[];
  cassettes?: string;
  recordDeployment?: string;
  recordRelease?: string;
}

/** A --cassettes folder, checked before anything starts: it must hold at least one .har file. */
async function cassetteFolder(dir: string): Promise<string> {
  const { CassetteFolderError, listCassettes } = await import('../../replay/cassette-folder.ts');
  try {
    listCassettes(dir);
  } catch (e) {
    if (e instanceof CassetteFolderError) throw new ConfigError('--cassettes', e.message);
    throw e;
  }
  return resolve(dir);
}

export function gateCommand(): Command {
  return new Command('gate')
    .description('the release gate: contracts, replay suite, k6 smoke and one canary against one target; JUnit and a summary')
    .option('--host <url>', 'target host (default: LSQ_ASYNC_HOST, else an embedded sandbox); a sandbox URL gets full checks')
    .addOption(choiceOption('--profile <name>', 'load profile and canary deadline', PROFILES, 'smoke'))
    .option('--strict', 'a skipped stage, or one that ran only in part, fails the gate')
    .option(
      '--allow-budget-exhaustion',
      "against a real host: run the load profile, which exhausts the key's rate budget on purpose (use a dedicated test key)",
    )
    .option('--allow-writes', 'against a real host: also verify the contract interactions that submit an update')
    .option('--out <dir>', 'reports folder: junit.xml, summary.md, one log per stage', 'reports/gate')
    .option('--cassettes <dir>', 'the replay stage plays this folder of HAR cassettes (default: the cassettes shipped with lsq-harness)')
    .option(
      '--stages <list>',
      `run only these stages, comma-separated (${GATE_ALL_STAGE_NAMES.join(', ')}; ${GATE_OPTIONAL_STAGE_NAMES.join(', ')} only when named)`,
      wordList('--stages', GATE_ALL_STAGE_NAMES),
    )
    .option(
      '--record-deployment <env>',
      'after a green gate, record the version as deployed to this broker environment (default: PACT_BROKER_RECORD_DEPLOYMENT)',
    )
    .option('--record-release <env>', 'after a green gate, record the version as released to this broker environment (default: PACT_BROKER_RECORD_RELEASE)')
    .addHelpText(
      'after',
      [
        '',
        `Stages: ${GATE_STAGE_NAMES.join(', ')}; optional, only when named in --stages: ${GATE_OPTIONAL_STAGE_NAMES.join(', ')}. can-i-deploy runs when PACT_BROKER_BASE_URL is set, else is skipped.`,
        "The stages share the key's rate budget and the gate never resets it: it runs them in the order that waits least",
        '(the load profile first, then what spends nothing, then what spends a little) and waits a full window where a',
        'stage needs the whole budget. The plan and the waits are printed and written to summary.md.',
        'Against a real host, the load stage runs only with --allow-budget-exhaustion and the write interactions only with',
        '--allow-writes; without them the stage is skipped or reduced, with the reason (a failure under --strict).',
        'Broker: with --record-deployment / --record-release (needs PACT_BROKER_BASE_URL and the can-i-deploy stage), a green gate',
        'records the version (GIT_COMMIT) of lsq-harness in that environment; a failed record fails the gate.',
        'Exit: 0 every stage held (skips allowed unless --strict); 1 a stage failed; 2 bad settings.',
      ].join('\n'),
    )
    .action(async (o: GateFlags) => {
      const { readBrokerSettings } = await import('../../broker/broker-settings.ts');
      const { recordRequest, recordVersion } = await import('../../broker/record-deployment.ts');
      const { runGate } = await import('../../gate/run-gate.ts');
      const { ALL_STAGES, STAGES } = await import('../../gate/stages/index.ts');
      const { childEnv, openGateTarget } = await import('../../gate/target.ts');
      const { settingsFrom } = await import('../settings-flags.ts');
      const settings = settingsFrom(o);
      const cassettesDir = o.cassettes === undefined ? undefined : await cassetteFolder(o.cassettes);
      const broker = readBrokerSettings(process.env); // a bad broker setting is exit 2 now, not a failed stage later
      const record = recordRequest(
        o,
        broker,
        (o.stages ? ALL_STAGES.filter((s) => o.stages!.includes(s.name)) : STAGES).map((s) => s.name),
      );
      const target = await openGateTarget(settings);
      try {
        if (!target.isSandbox && !settings.canaryOpportunityId) {
          throw new ConfigError('LSQ_CANARY_OPPORTUNITY_ID', 'is required to gate against a real host (the canary stage updates that opportunity)');
        }
        const stages = o.stages ? ALL_STAGES.filter((s) => o.stages!.includes(s.name)) : STAGES;
        err(`gate: target ${target.describe}; stages ${stages.map((s) => s.name).join(', ')}; reports in ${o.out}`);
        const run = await runGate({
          stages,
          strict: Boolean(o.strict),
          progress: err,
          rateLimit: settings.rateLimit,
          probedTarget: target.probeSpentBudget,
          ctx: {
            target,
            profile: o.profile,
            out: resolve(o.out),
            ...(cassettesDir ? { cassettesDir } : {}),
            env: childEnv(settings),
            allow: { budgetExhaustion: Boolean(o.allowBudgetExhaustion), writes: Boolean(o.allowWrites) },
          },
        });
        if (run.verdict !== 'passed') throw new CommandExit(EXIT.checkFailed);
        if (broker && run.results.find((r) => r.name === 'can-i-deploy')?.verdict === 'passed') {
          const recorded = await recordVersion(broker, record);
          for (const s of recorded) {
            err(`gate: ${s.line}`);
            if (s.status === 'failed' && s.output) err(s.output);
          }
          if (recorded.some((s) => s.status === 'failed')) throw new CommandExit(EXIT.checkFailed);
        }
      } finally {
        await target.close();
      }
    });
}
