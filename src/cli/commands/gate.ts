// `lsq-harness gate`: the command a release pipeline runs. Contract verification, the replay suite,
// the k6 smoke profile and one canary cycle against one target, with JUnit and a reviewer's summary.
import { Command, InvalidArgumentError, Option } from 'commander';
import { readBrokerSettings } from '../../../contracts/broker/broker-settings.ts';
import { ConfigError } from '../../config/errors.ts';
import { runGate } from '../../gate/run-gate.ts';
import { STAGES, STAGE_NAMES } from '../../gate/stages/index.ts';
import { childEnv, openGateTarget } from '../../gate/target.ts';
import { EXIT, CommandExit } from '../exit-codes.ts';
import { err } from '../output.ts';
import { settingsFrom } from '../settings-flags.ts';
import { resolve } from 'node:path';

interface GateFlags {
  host?: string;
  profile: 'smoke' | 'full';
  strict?: boolean;
  out: string;
  stages?: string[];
}

function stageList(raw: string): string[] {
  const names = raw.split(',').map((s) => s.trim()).filter(Boolean);
  const unknown = names.filter((n) => !STAGE_NAMES.includes(n));
  if (unknown.length || names.length === 0) throw new InvalidArgumentError(`stages are ${STAGE_NAMES.join(', ')}; got ${JSON.stringify(raw)}`);
  return names;
}

export function gateCommand(): Command {
  return new Command('gate')
    .description('the release gate: contracts, replay suite, k6 smoke and one canary against one target; JUnit and a summary')
    .option('--host <url>', 'target host (default: LSQ_ASYNC_HOST, else an embedded sandbox); a sandbox URL gets full checks')
    .addOption(new Option('--profile <name>', 'load profile and canary deadline').choices(['smoke', 'full']).default('smoke'))
    .option('--strict', 'a skipped stage fails the gate')
    .option('--out <dir>', 'reports folder: junit.xml, summary.md, one log per stage', 'reports/gate')
    .option('--stages <list>', `run only these stages, comma-separated (${STAGE_NAMES.join(', ')})`, stageList)
    .addHelpText('after', `\nStages, in order: ${STAGE_NAMES.join(' → ')}. can-i-deploy runs when PACT_BROKER_BASE_URL is set, else is skipped.\nExit: 0 every stage held (skips allowed unless --strict); 1 a stage failed; 2 bad settings.`)
    .action(async (o: GateFlags) => {
      const settings = settingsFrom(o);
      readBrokerSettings(process.env); // a bad broker setting is exit 2 now, not a failed stage later
      const target = await openGateTarget(settings);
      try {
        if (!target.isSandbox && !settings.canaryOpportunityId) {
          throw new ConfigError('LSQ_CANARY_OPPORTUNITY_ID', 'is required to gate against a real host (the canary stage updates that opportunity)');
        }
        const stages = o.stages ? STAGES.filter((s) => o.stages!.includes(s.name)) : STAGES;
        err(`gate: target ${target.describe}; stages ${stages.map((s) => s.name).join(', ')}; reports in ${o.out}`);
        const run = await runGate({
          stages,
          strict: Boolean(o.strict),
          progress: err,
          ctx: { target, profile: o.profile, out: resolve(o.out), env: childEnv(settings) },
        });
        if (run.verdict !== 'passed') throw new CommandExit(EXIT.checkFailed);
      } finally {
        await target.close();
      }
    });
}
