// `lsq-harness slo generate`: the SLOs declared in monitors/slo.yml become the Prometheus recording
// and alerting rules in monitors/prometheus/slo-rules.yml (src/slo). --check writes nothing and exits 1
// when the committed file differs; --time-scale divides every window, for tests and demos that must see
// an hour's burn in a minute.
// The generator is imported inside the action (it loads zod, which --help does not need: BENCHMARKS.md,
// P7); the default file names --help shows come from help-values.ts, checked against src/slo's.
import { readFileSync, writeFileSync } from 'node:fs';
import { Command } from 'commander';
import { ConfigError } from '../../config/errors.ts';
import { CommandExit, EXIT } from '../exit-codes.ts';
import { SLO_FILE, SLO_RULES_FILE } from '../help-values.ts';
import { numberBetween } from '../options.ts';
import { err, out } from '../output.ts';

interface GenerateFlags {
  sloFile: string;
  out: string;
  timeScale: number;
  runbookBase?: string;
  check?: boolean;
  stdout?: boolean;
}

export function sloCommand(): Command {
  const slo = new Command('slo').description('service level objectives: generate the Prometheus rules from monitors/slo.yml');
  slo
    .command('generate')
    .description('write recording rules, burn-rate alerts and error-budget rules for the SLOs in the SLO file')
    .option('--slo-file <file>', 'the SLO file', SLO_FILE)
    .option('--out <file>', 'the rules file to write', SLO_RULES_FILE)
    .option('--time-scale <x>', 'divide every window by x (tests, demos)', numberBetween('--time-scale', 1, 100_000), 1)
    .option('--runbook-base <url>', "where the runbooks live (default: the SLO file's runbook_base)")
    .option('--check', 'write nothing; exit 1 when the rules file differs from what would be written')
    .option('--stdout', 'print the rules instead of writing the file')
    .action(async (o: GenerateFlags) => {
      const { renderSloRules } = await import('../../slo/render.ts');
      const { SloFileError } = await import('../../slo/spec.ts');
      let text: string;
      try {
        text = readFileSync(o.sloFile, 'utf8');
      } catch (e) {
        throw new ConfigError('--slo-file', `cannot read ${o.sloFile}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
      }
      let rendered: string;
      try {
        rendered = renderSloRules(text, { timeScale: o.timeScale, ...(o.runbookBase ? { runbookBase: o.runbookBase } : {}) });
      } catch (e) {
        if (e instanceof SloFileError) throw new ConfigError('--slo-file', `${o.sloFile}: ${e.message}`);
        throw e;
      }
      if (o.stdout) return void process.stdout.write(rendered);
      if (o.check) {
        let current = '';
        try {
          current = readFileSync(o.out, 'utf8');
        } catch {
          /* missing: stale */
        }
        if (current !== rendered) {
          err(`${o.out} is stale: run lsq-harness slo generate`);
          throw new CommandExit(EXIT.checkFailed);
        }
        return void out(`${o.out} is up to date with ${o.sloFile}`);
      }
      writeFileSync(o.out, rendered);
      out(`wrote ${o.out} (${text.length} bytes of SLOs in, ${rendered.length} bytes of rules out)`);
    });
  return slo;
}
