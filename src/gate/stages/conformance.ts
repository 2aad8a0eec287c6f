// Gate stage (optional, off by default): Schemathesis with every check against the target through the
// generated OpenAPI document (`lsq-harness conformance --json`). It calls the target for every test
// case, so it shares the budget: its calls pass the gate's pacing forwarder, and the conformance run
// paces itself by the same budget and waits out 429s. Against a real host it is read-only (status
// calls) unless the gate has --allow-writes; a sandbox gets the full run, the stateful phase included.
import { join } from 'node:path';
import { cliArgs, logPath, runChild } from '../child.ts';
import type { Stage, StageCase, StageContext } from '../stage.ts';

interface ConformanceJson {
  ok: boolean;
  mode: 'read-only' | 'read-write';
  cases: Array<{ name: string; failure?: string; skipped?: boolean }>;
  failed: number;
  generated: number | null;
  waitedOut429s: number;
}

/** Examples per operation when the context sets none: the profile's. */
export const PROFILE_MAX_EXAMPLES = { smoke: 10, full: 50 } as const;

/** The conformance command the stage runs (the CLI as a child process), with its arguments. */
export function conformanceCommand(ctx: StageContext): [string, string[]] {
  const examples = String(ctx.conformanceMaxExamples ?? PROFILE_MAX_EXAMPLES[ctx.profile]);
  const writes = ctx.allow.writes ? ['--allow-writes'] : [];
  return cliArgs(
    'conformance',
    '--json',
    '--host',
    ctx.target.url,
    '--out',
    join(ctx.out, 'conformance'),
    '--junit',
    join(ctx.out, 'conformance-junit.xml'),
    '--max-examples',
    examples,
    ...writes,
  );
}

export const conformanceStage: Stage = {
  name: 'conformance',
  title: 'Schemathesis: every check against the target, through the generated OpenAPI document',
  budget: () => 'share',
  async run(ctx) {
    const [cmd, argv] = conformanceCommand(ctx);
    const r = await runChild(cmd, argv, {
      env: ctx.env,
      logFile: logPath(ctx.out, 'conformance'),
      timeoutMs: 900_000,
      ...(ctx.signal ? { signal: ctx.signal } : {}),
    });
    if (r.code === 2) return { verdict: 'failed', reason: 'bad settings, or no Schemathesis (see conformance.log)', figures: {} };
    let report: ConformanceJson;
    try {
      report = JSON.parse(r.stdout.slice(r.stdout.indexOf('{'))) as ConformanceJson;
    } catch {
      return { verdict: 'failed', reason: `exit ${r.code}${r.timedOut ? ' (timed out)' : ''} without a result (see conformance.log)`, figures: {} };
    }
    const figures = { 'test cases': report.generated ?? 0, 'operations and phases failed': report.failed, '429s waited out': report.waitedOut429s };
    const cases: StageCase[] = report.cases.map((c) => ({
      name: c.name,
      ...(c.failure ? { failure: c.failure } : {}),
      ...(c.skipped ? { skipped: 'skipped by Schemathesis' } : {}),
    }));
    const reduced =
      report.mode === 'read-only' && !ctx.target.isSandbox
        ? 'read-only: status calls only against the real host (pass --allow-writes for the update call and the stateful phase)'
        : undefined;
    if (r.code === 0 && report.ok) return { verdict: 'passed', figures, cases, ...(reduced ? { reduced, reason: reduced } : {}) };
    const names = report.cases
      .filter((c) => c.failure)
      .map((c) => c.name)
      .join('; ');
    return {
      verdict: 'failed',
      reason: names ? `Schemathesis failed: ${names} (see conformance.log)` : `exit ${r.code} (see conformance.log)`,
      figures,
      cases,
    };
  },
};
