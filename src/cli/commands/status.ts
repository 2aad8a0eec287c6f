// `lsq-harness status REQUEST_ID`: one status call, classified and checked against the contract.
// What the action needs is imported inside it: building the command is all --help does, and the
// target, the client and the contract (zod) would triple its start-up time (BENCHMARKS.md, P7).
import { Command } from 'commander';
import { EXIT, CommandExit } from '../exit-codes.ts';
import { out, outJson } from '../output.ts';

export function statusCommand(): Command {
  return new Command('status')
    .description('read the status of an update request and check it against the contract')
    .argument('<requestId>', 'the RequestID returned by the update call')
    .option('--host <url>', 'target host (default: LSQ_ASYNC_HOST, else an embedded sandbox)')
    .option('--json', 'print one JSON object: requestId, state, status, reason, message, requestBody, violations, …')
    .addHelpText('after', '\nExit: 0 read and within the contract; 1 an HTTP error or a contract violation; 2 bad settings.')
    .action(async (requestId: string, o: { host?: string; json?: boolean }) => {
      const { clientFor, resolveTarget } = await import('../../config/target.ts');
      const { settingsFrom } = await import('../settings-flags.ts');
      const { rethrowAsCheckFailure, statusJson, statusLine } = await import('../status-view.ts');
      const settings = settingsFrom(o);
      const target = await resolveTarget(settings);
      try {
        const client = clientFor(settings, target.baseUrl);
        const s = await client.getStatus(requestId);
        if (o.json) outJson(statusJson(s));
        else out(statusLine(s));
        if (s.violations.length) throw new CommandExit(EXIT.checkFailed);
      } catch (e) {
        rethrowAsCheckFailure(e, o.json);
      } finally {
        await target.close();
      }
    });
}
