// `lsq-harness update`: submit one opportunity update, optionally wait for it to finish.
// What the action needs is imported inside it, so that --help loads commander and little else
// (BENCHMARKS.md, P7).
import { Command } from 'commander';
import type { Field } from '../../contract/index.ts';
import { EXIT, CommandExit, UsageError } from '../exit-codes.ts';
import { fieldCollector, positiveNumber } from '../options.ts';
import { err, out, outJson } from '../output.ts';

export function updateCommand(): Command {
  return new Command('update')
    .description('submit an opportunity update (async); with --wait, poll its status until it finishes')
    .requiredOption('--opportunity <id>', 'ProspectOpportunityId (uuid)')
    .option('--field <SchemaName=Value>', 'a field to set; repeat for more', fieldCollector('--field'), [] as Field[])
    .option('--note <text>', 'OpportunityNote')
    .option('--wait', 'poll the status until Success / FAILURE / ERROR or the deadline')
    .option('--deadline <seconds>', 'with --wait: give up after this long', positiveNumber('--deadline', 86_400), 120)
    .option('--host <url>', 'target host (default: LSQ_ASYNC_HOST, else an embedded sandbox)')
    .option('--json', 'print JSON instead of lines')
    .addHelpText(
      'after',
      '\nExit: 0 accepted (and, with --wait, succeeded within the contract); 1 refused, failed, timed out or broke the contract; 2 bad usage or settings.',
    )
    .action(async (o: { opportunity: string; field: Field[]; note?: string; wait?: boolean; deadline: number; host?: string; json?: boolean }) => {
      if (o.field.length === 0) throw new UsageError('--field: give at least one SchemaName=Value');
      const { RequestShapeError } = await import('../../client/errors.ts');
      const { waitForCompletion } = await import('../../client/wait.ts');
      const { clientFor, resolveTarget } = await import('../../config/target.ts');
      const { settingsFrom } = await import('../settings-flags.ts');
      const { errorJson, rethrowAsCheckFailure, statusJson, statusLine } = await import('../status-view.ts');
      const settings = settingsFrom(o);
      const target = await resolveTarget(settings);
      try {
        const client = clientFor(settings, target.baseUrl);
        const request = { ProspectOpportunityId: o.opportunity, Fields: o.field, ...(o.note !== undefined ? { OpportunityNote: o.note } : {}) };
        const submitted = await client.submitUpdate(request);
        if (!o.wait) {
          if (o.json)
            outJson({ requestId: submitted.requestId, httpStatus: submitted.httpStatus, latencyMs: submitted.latencyMs, violations: submitted.violations });
          else out(`accepted: RequestID ${submitted.requestId} (${submitted.latencyMs} ms)`);
          if (submitted.violations.length) throw new CommandExit(EXIT.checkFailed);
          return;
        }
        if (!o.json) err(`accepted: RequestID ${submitted.requestId}; waiting up to ${o.deadline} s…`);
        const waited = await waitForCompletion(client, submitted.requestId, {
          deadlineMs: o.deadline * 1000,
          expect: { opportunityId: o.opportunity },
          onPoll: (s, i, e) => {
            if (!o.json) err(`  poll ${i + 1}: ${s ? `${s.state} (${s.status})` : e?.message}`);
          },
        });
        const violations = [...submitted.violations, ...waited.violations];
        if (o.json) {
          outJson({
            ...(waited.final ? statusJson(waited.final, violations) : { requestId: submitted.requestId, state: waited.state, violations }),
            polls: waited.polls,
            elapsedMs: waited.elapsedMs,
            timedOut: waited.timedOut,
            ...(waited.lastError ? errorJson(waited.lastError) : {}),
          });
        } else {
          if (waited.final) out(statusLine(waited.final));
          if (waited.timedOut) out(`no final status within ${o.deadline} s (${waited.polls} polls)`);
          if (waited.lastError) err(waited.lastError.message);
        }
        if (waited.state !== 'succeeded' || violations.length) throw new CommandExit(EXIT.checkFailed);
      } catch (e) {
        if (e instanceof RequestShapeError) throw new UsageError(e.message);
        rethrowAsCheckFailure(e, o.json);
      } finally {
        await target.close();
      }
    });
}
