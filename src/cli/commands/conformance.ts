// `lsq-harness conformance`: Schemathesis, with all its checks, against any target through the OpenAPI
// document generated from the contract. Within the rate budget (a 429 is waited out, not a failure);
// read-only against a real host unless --allow-writes; JUnit into reports/.
// What the action needs is imported inside it, so that --help loads commander and little else
// (BENCHMARKS.md, P7).
import { resolve } from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import { CommandExit, EXIT } from '../exit-codes.ts';
import { err, out, outJson } from '../output.ts';

interface ConformanceFlags {
  host?: string;
  allowWrites?: boolean;
  rateLimit?: number;
  out: string;
  junit?: string;
  maxExamples: number;
  seed: number;
  workers: number;
  json?: boolean;
  quiet?: boolean;
}

const whole = (name: string, min: number, max: number) => (raw: string) => {
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) throw new InvalidArgumentError(`${name} must be a whole number from ${min} to ${max}`);
  return n;
};

export function conformanceCommand(): Command {
  return new Command('conformance')
    .description('Schemathesis against the target with the generated OpenAPI document: every check, within the rate budget; JUnit')
    .option('--host <url>', 'target host (default: LSQ_ASYNC_HOST, else an embedded sandbox)')
    .option('--allow-writes', 'against a real host: also send updates (the update call and the stateful update -> status phase)')
    .option('--rate-limit <n>', 'calls per window the run may spend (default: LSQ_RATE_LIMIT, 25; 0 = unpaced)', whole('--rate-limit', 0, 100_000))
    .option('--out <dir>', 'reports folder: junit.xml, schemathesis.log, the document and config used', 'reports/conformance')
    .option('--junit <file>', 'JUnit file (default: <out>/junit.xml)')
    .option('--max-examples <n>', 'test cases per operation and phase', whole('--max-examples', 1, 10_000), 50)
    .option('--seed <n>', 'Schemathesis seed (fixed, so a run can be repeated)', whole('--seed', 0, 2 ** 31 - 1), 1)
    .option('--workers <n>', 'concurrent Schemathesis workers', whole('--workers', 1, 16), 1)
    .option('--json', 'print one JSON object with the result')
    .option('--quiet', "do not echo Schemathesis' output (it is in schemathesis.log either way)")
    .addHelpText(
      'after',
      [
        '',
        'A sandbox target (embedded, or a loopback URL that answers the sandbox admin API) gets the full run: the update',
        'call too, and the stateful phase that follows the link from the accepted RequestID to the status call. A real',
        'host gets status calls only, unless --allow-writes. Every call waits for the rate budget; a 429 is waited out.',
        'Schemathesis comes from the bootstrap (.tools/), or LSQ_SCHEMATHESIS names one.',
        'Exit: 0 every check held; 1 a check failed; 2 bad settings (or no Schemathesis).',
      ].join('\n'),
    )
    .action(async (o: ConformanceFlags) => {
      const { answersAsSandbox, isLoopbackUrl } = await import('../../config/sandbox-probe.ts');
      const { resolveTarget } = await import('../../config/target.ts');
      const { findSchemathesis } = await import('../../conformance/schemathesis-binary.ts');
      const { runConformance } = await import('../../conformance/run-conformance.ts');
      const { settingsFrom } = await import('../settings-flags.ts');
      const settings = settingsFrom(o);
      const schemathesis = findSchemathesis();
      const limit = o.rateLimit ?? settings.rateLimit.limit;
      const rateLimit = { ...settings.rateLimit, limit };
      // An embedded sandbox keeps the same budget the run keeps to (0: neither limits).
      const target = await resolveTarget(settings, { rateLimit: { limit, windowMs: settings.rateLimit.windowMs, kind: settings.rateLimit.kind } });
      try {
        const sandbox = target.sandbox !== null || (isLoopbackUrl(target.baseUrl) && (await answersAsSandbox(target.baseUrl)));
        const writes = sandbox || Boolean(o.allowWrites);
        const outDir = resolve(o.out);
        err(
          `conformance: target ${target.describe}; ${writes ? 'read-write (update, status, stateful)' : 'read-only (status calls only; --allow-writes for the rest)'}; ${limit ? `${limit} calls per ${rateLimit.windowMs / 1000} s` : 'unpaced'}; reports in ${o.out}`,
        );
        const result = await runConformance({
          target: target.baseUrl,
          updatePath: settings.updatePath,
          statusPath: settings.statusPath,
          credentials: settings.credentials,
          writes,
          rateLimit,
          schemathesis,
          out: outDir,
          junitPath: resolve(o.junit ?? `${outDir}/junit.xml`),
          maxExamples: o.maxExamples,
          seed: o.seed,
          workers: o.workers,
          ...(o.quiet || o.json ? {} : { onLine: err }),
        });
        const summary = `conformance: ${result.ok ? 'PASSED' : 'FAILED'} — ${result.cases.length - result.failed} of ${result.cases.length} passed (${result.generated ?? '?'} test cases, ${result.calls} calls, ${result.waitedOut429s} 429s waited out) in ${(result.durationMs / 1000).toFixed(1)} s; ${result.junitPath}`;
        if (o.json) outJson({ ...result, cases: result.cases });
        else out(summary);
        if (!result.ok) {
          if (!o.json)
            for (const c of result.cases.filter((x) => x.failure))
              err(
                `  ✗ ${c.name}: ${
                  c
                    .failure!.split('\n')
                    .find((l) => l.trim() && !/^\d+\. Test Case ID/.test(l))
                    ?.trim() ?? ''
                }`,
              );
          if (result.cases.length === 0)
            err(`conformance: Schemathesis wrote no test case (exit ${result.exitCode}${result.timedOut ? ', timed out' : ''}); see ${result.logPath}`);
          throw new CommandExit(EXIT.checkFailed);
        }
      } finally {
        await target.close();
      }
    });
}
