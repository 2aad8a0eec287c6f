// `lsq-harness status-page --out DIR [--history FILE]`: the monitor's status page as static files
// (index.html, api/status.json, badge/*.svg) from a history file, for a static host where no monitor
// runs. The same rendering the monitor serves at `/` (src/status-page); a missing history file gives the
// empty page, an unreadable one exits 2 naming --history.
// The page is rendered by modules imported inside the action, so that --help loads commander and
// little else (BENCHMARKS.md, P7).
import { Command } from 'commander';
import { ConfigError } from '../../config/errors.ts';
import { out } from '../output.ts';

export function statusPageCommand(): Command {
  return new Command('status-page')
    .description("render the monitor's status page as static files from its history")
    .requiredOption('--out <dir>', 'folder to write index.html, api/status.json and badge/*.svg into')
    .option('--history <file>', "the monitor's canary history", '.lsq-harness/canary-history.json')
    .addHelpText('after', '\nExit: 0 written; 2 a history that cannot be read or a folder that cannot be written.')
    .action(async (o: { out: string; history: string }) => {
      const { HistoryError } = await import('../../status-page/history.ts');
      const { writeStaticSite } = await import('../../status-page/static-site.ts');
      const { PACKAGE_VERSION } = await import('../../status-page/version.ts');
      let files: string[];
      try {
        files = writeStaticSite({ historyPath: o.history, outDir: o.out, version: PACKAGE_VERSION });
      } catch (e) {
        if (e instanceof HistoryError) throw new ConfigError('--history', e.message);
        throw new ConfigError('--out', `cannot write to ${o.out}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
      }
      for (const f of files) out(`wrote ${f}`);
    });
}
