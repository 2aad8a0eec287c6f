// `lsq-harness record --scenario NAME`: records a replay cassette — submit an update, poll it to the
// end — against the embedded sandbox or a real host, with every secret replaced by a placeholder.
// What the action needs is imported inside it, so that --help loads commander and little else
// (BENCHMARKS.md, P7).
import { Command } from 'commander';
import type { Field } from '../../contract/index.ts';
import { EXIT, CommandExit, UsageError } from '../exit-codes.ts';
import { fieldCollector, positiveNumber } from '../options.ts';
import { err, out } from '../output.ts';

/** Where the replay suite and the gate read the shipped cassettes from (relative to the working directory). */
export const DEFAULT_CASSETTE_DIR = 'cassettes';
const SANDBOX_DEFAULT_FIELD: Field = { SchemaName: 'mx_Custom_6', Value: '200,000' };

interface RecordFlags {
  scenario: string;
  host?: string;
  out: string;
  opportunity?: string;
  field: Field[];
  note?: string;
  description?: string;
  deadline: number;
  timeScale?: number;
  force?: boolean;
}

export function recordCommand(): Command {
  return new Command('record')
    .description('record a replay cassette (HAR): submit an update and poll it to the end, secrets replaced by placeholders')
    .requiredOption('--scenario <name>', 'cassette name: lower-case words joined by dashes; written to <out>/<name>.har')
    .option('--host <url>', 'target host (default: LSQ_ASYNC_HOST, else an embedded sandbox)')
    .option('--out <dir>', 'folder to write the cassette to', DEFAULT_CASSETTE_DIR)
    .option('--opportunity <id>', 'ProspectOpportunityId to update (default: LSQ_CANARY_OPPORTUNITY_ID, or the sandbox canary)')
    .option(
      '--field <SchemaName=Value>',
      'a field to set; repeat for more (required with a real host; sandbox default mx_Custom_6=200,000; sandbox outcomes such as SANDBOX_FAIL_MX work here)',
      fieldCollector('--field'),
      [] as Field[],
    )
    .option('--note <text>', 'OpportunityNote')
    .option('--description <text>', 'the one-line description stored in the cassette (default: target and outcome)')
    .option('--deadline <seconds>', 'stop polling after this long', positiveNumber('--deadline', 86_400), 120)
    .option('--time-scale <x>', 'embedded sandbox only: run its processing this many times faster', positiveNumber('--time-scale', 10_000))
    .option('--force', 'record over an existing cassette of that name')
    .addHelpText(
      'after',
      '\nExit: 0 cassette written; 1 the flow could not be recorded; 2 bad usage or settings.\nThe cassette is written even when the update is refused or fails: that answer is the case recorded.',
    )
    .action(async (o: RecordFlags) => {
      const { RequestShapeError } = await import('../../client/errors.ts');
      const { backoffSchedule } = await import('../../client/wait.ts');
      const { RecordingRefusedError, recordScenario } = await import('../../replay/record-scenario.ts');
      const { SecretLeftInCassetteError } = await import('../../replay/redact-har.ts');
      const { settingsFrom } = await import('../settings-flags.ts');
      const settings = settingsFrom(o);
      const remote = settings.target.kind === 'remote';
      if (remote && o.timeScale !== undefined) throw new UsageError('--time-scale: only for the embedded sandbox, not with a real host');
      if (remote && o.field.length === 0)
        throw new UsageError('--field: give at least one SchemaName=Value when recording from a real host (it writes to that opportunity)');
      const opportunity = o.opportunity ?? settings.canaryOpportunityId;
      if (!opportunity) throw new UsageError('--opportunity: give the opportunity to update (or set LSQ_CANARY_OPPORTUNITY_ID)');
      const request = {
        ProspectOpportunityId: opportunity,
        Fields: o.field.length ? o.field : [SANDBOX_DEFAULT_FIELD],
        ...(o.note !== undefined ? { OpportunityNote: o.note } : {}),
      };
      try {
        const r = await recordScenario({
          scenario: o.scenario,
          outDir: o.out,
          settings,
          request,
          deadlineMs: o.deadline * 1000,
          overwrite: o.force === true,
          ...(o.description !== undefined ? { description: o.description } : {}),
          // A faster sandbox is polled faster too, so the recording still shows the task queued and processing.
          ...(o.timeScale !== undefined
            ? {
                sandboxSettings: { timeScale: o.timeScale },
                schedule: backoffSchedule(Math.max(10, 500 / o.timeScale), 1.5, Math.max(100, 15_000 / o.timeScale)),
              }
            : {}),
        });
        out(`wrote ${r.path}: ${r.har.log.entries.length} exchanges — ${r.har.log.comment}`);
        if (r.error) err(r.error.message);
      } catch (e) {
        if (e instanceof RecordingRefusedError) throw new UsageError(e.message);
        if (e instanceof RequestShapeError) throw new UsageError(e.message);
        if (e instanceof SecretLeftInCassetteError) throw new CommandExit(EXIT.checkFailed, e.message);
        throw e;
      }
    });
}
