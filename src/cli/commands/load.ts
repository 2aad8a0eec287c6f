// `lsq-harness load`: the k6 load suite against the target — the rate-limit run (default) or the
// limiter's characterisation. With no host, an embedded sandbox with the expected limiter is started.
// What the action needs is imported inside it, so that --help loads commander and little else
// (BENCHMARKS.md, P7).
import { Command } from 'commander';
import { join } from 'node:path';
import type { LoadReport } from '../../gate/load-delivery.ts';
import type { LoadRunResult, Profile } from '../../k6/runner.ts';
import type { WindowKind } from '../../timing/rate-limiter.ts';
import { EXIT, CommandExit } from '../exit-codes.ts';
import { PROFILES, WINDOW_KINDS, choiceOption, secureUrl, wholeNumber } from '../options.ts';
import { err, out } from '../output.ts';

interface LoadFlags {
  profile: Profile;
  host?: string;
  limit: number;
  windowSeconds: number;
  windowKind: WindowKind;
  separateBudgets?: boolean;
  characterise?: boolean;
  segments: number;
  out: string;
  html: boolean;
  prometheusRw?: string;
  guardMs?: number;
  maxVus?: number;
  allowBudgetExhaustion?: boolean;
}

export function loadCommand(): Command {
  return new Command('load')
    .description('run the k6 load suite: behaviour at the rate limit (default), or characterise the limiter')
    .addOption(
      choiceOption(
        '--profile <name>',
        'smoke (≈ 20 s: past the limit with both endpoints, recovery, one window at the limit) or full (≈ 150 s: each check at length, 120 s at the limit)',
        PROFILES,
        'smoke',
      ),
    )
    .option('--host <url>', 'target host (default: LSQ_ASYNC_HOST, else an embedded sandbox with the expected limiter)')
    .option('--limit <n>', "expected calls per window per x-api-key (LeadSquared's plans: 25, 15, 5, 2)", wholeNumber('--limit', 1, 10_000), 25)
    .option('--window-seconds <s>', 'expected window length in seconds', wholeNumber('--window-seconds', 2, 3600), 5)
    .addOption(choiceOption('--window-kind <kind>', 'expected window kind', WINDOW_KINDS, 'sliding'))
    .option('--separate-budgets', 'expect update and status to have separate budgets (default: one shared budget)')
    .option('--characterise', 'measure the limit, window length, window kind and budget sharing instead of checking them')
    .option('--segments <n>', 'split the run across n k6 processes (execution segments) and judge the totals', wholeNumber('--segments', 1, 16), 1)
    .option('--out <dir>', 'reports folder (JSON, JUnit, HTML)', 'reports/load')
    .option('--no-html', "skip k6's HTML report")
    .option('--prometheus-rw <url>', 'also stream metrics to a Prometheus remote-write endpoint (…/api/v1/write)', secureUrl('--prometheus-rw'))
    .option('--guard-ms <ms>', 'timing margin of the at-limit pacing (default 150; see docs/load.md)', wholeNumber('--guard-ms', 0, 60_000))
    .option('--max-vus <n>', 'most VUs k6 may use per scenario (default 50)', wholeNumber('--max-vus', 1, 10_000))
    .option('--allow-budget-exhaustion', "required against a real host: the run exhausts the key's rate budget on purpose (use a dedicated test key)")
    .addHelpText(
      'after',
      [
        '',
        'Target and credentials come from the LSQ_* settings (LSQ_ASYNC_HOST, LSQ_ACCESS_KEY, LSQ_SECRET_KEY, LSQ_API_KEY, …).',
        'Reports: <out>/rate-limit-summary.json, -junit.xml, -report.html (characterise-… for --characterise).',
        "Against a real host both runs exhaust the key's rate budget on purpose (bursts over the limit, a few hundred updates):",
        "the integration's own calls on that key would get 429s meanwhile. They refuse to start without --allow-budget-exhaustion;",
        'a sandbox (embedded, or one at a loopback URL) needs no opt-in.',
        'Exit: 0 every threshold held; 1 a threshold failed (or the limiter could not be characterised); 2 bad settings.',
      ].join('\n'),
    )
    .action(async (o: LoadFlags) => {
      if (o.characterise && o.segments > 1) throw new CommandExit(EXIT.usage, '--characterise runs as one process; drop --segments');
      const { answersAsSandbox } = await import('../../config/sandbox-probe.ts');
      const { runLoad } = await import('../../k6/runner.ts');
      const { settingsFrom } = await import('../settings-flags.ts');
      const settings = settingsFrom(o);
      // Refused before a single request to a real host (the probe goes to loopback hosts only).
      if (settings.target.kind === 'remote' && !o.allowBudgetExhaustion && !(await answersAsSandbox(settings.target.baseUrl))) {
        throw new CommandExit(
          EXIT.usage,
          `--allow-budget-exhaustion is required against a real host (${settings.target.baseUrl}): the ${o.characterise ? 'characterisation' : 'rate-limit run'} exhausts the key's rate budget on purpose, and the integration's own calls on that key would get 429s meanwhile; use a dedicated test key`,
        );
      }
      const script = o.characterise ? 'characterise' : 'rate-limit';
      const result = await runLoad({
        script,
        profile: o.profile,
        expected: { limit: o.limit, windowSeconds: o.windowSeconds, windowKind: o.windowKind, sharedBudget: !o.separateBudgets },
        settings,
        outDir: o.out,
        segments: o.segments,
        html: o.html,
        ...(o.prometheusRw ? { prometheusRw: o.prometheusRw } : {}),
        ...(o.guardMs !== undefined ? { guardMs: o.guardMs } : {}),
        ...(o.maxVus !== undefined ? { maxVUs: o.maxVus } : {}),
        onLine: (line) => out(line),
      });
      // A run failed only by an excess in a burst whose calls may have reached the target spread past
      // its window (this machine held them): that count says nothing of the provider. The gate's load
      // stage runs the profile again by itself; here the user is told so.
      const { describeSpread, unsettledBySpread } = await import('../../gate/load-delivery.ts');
      // The summary file the gate's stage reads as a LoadReport (the runner types only what it judges).
      const only = result.processes.length === 1 ? (result.processes[0]!.summary as unknown as LoadReport | null) : null;
      const spread = result.exitCode === EXIT.checkFailed && only ? unsettledBySpread(only) : null;
      report(result, script, o, spread ? describeSpread(spread) : null);
      if (result.exitCode !== EXIT.ok) throw new CommandExit(result.exitCode);
    });
}

function report(r: LoadRunResult, script: string, o: LoadFlags, spreadNote: string | null): void {
  out(`target: ${r.target}`);
  if (r.totals && r.processes.length > 1) {
    out(`whole run (${r.processes.length} segments):`);
    const order = ['burst', 'recovery', 'at_limit', 'over_limit', 'shared'];
    const checks = Object.keys(r.totals).sort((a, b) => order.indexOf(a) - order.indexOf(b));
    for (const check of checks) {
      const t = r.totals[check]!;
      out(`  ${check.padEnd(10)} sent ${t.sent}, admitted ${t.admitted}, refused ${t.refused}`);
    }
  }
  for (const p of r.problems) err(p);
  if (spreadNote) err(`note: ${spreadNote}; run it again, on a less busy machine if it repeats`);
  out(`reports: ${join(o.out, o.segments > 1 ? 'segment-*' : '.')}/${script}-{summary.json,junit.xml${o.html ? ',report.html' : ''}}`);
  out(
    r.exitCode === 0
      ? 'verdict: every threshold held'
      : r.exitCode === 1
        ? spreadNote
          ? 'verdict: FAILED, but not on the provider (see the note above)'
          : 'verdict: FAILED'
        : 'verdict: bad settings',
  );
}
