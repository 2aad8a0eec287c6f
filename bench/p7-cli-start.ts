// P7, CLI start: `lsq-harness status --help` from the installed package — the compiled JavaScript a
// user runs — against `node -e 0` (Node's own start) in the same run. This tree is packed (`npm pack`,
// which builds dist/) and installed into a temp project as test/package does; then --runs rounds, each
// running the two commands one after the other (interleaved), with a user's environment. The first
// run of the CLI fills Node's compile cache (Node's default folder, as for a user) and is reported on
// its own; the target is judged on the median of the warm runs. Target: ≤ 3 × `node -e 0`.
//   node bench/p7-cli-start.ts [--runs 21] [--args "status --help"]   (npm run bench:start)
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { install, pack, userEnv } from '../test/package/pack-install.ts';
import { percentile, table, writeResult } from './lib/report.ts';

const { values: args } = parseArgs({ options: { runs: { type: 'string', default: '21' }, args: { type: 'string', default: 'status --help' } } });
const RUNS = Number(args.runs);
const TARGET = 3;

function timed(command: string, argv: string[], cwd: string, env: Record<string, string>): number {
  const t0 = performance.now();
  const r = spawnSync(command, argv, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'], timeout: 60_000 });
  const ms = performance.now() - t0;
  if (r.status !== 0) throw new Error(`${command} ${argv.join(' ')} exited ${r.status}: ${r.stderr}`);
  return ms;
}

const work = mkdtempSync(join(tmpdir(), 'lsq-bench-p7-'));
try {
  const packed = pack(join(work, 'pack'));
  const project = join(work, 'project');
  install(project, packed.tarball);
  const bin = join(project, 'node_modules/.bin/lsq-harness');
  const cliArgs = args.args.split(' ').filter(Boolean);
  // A user's shell, with a compile cache of its own in the temp folder (empty at first, like a new install).
  const env = userEnv({ NODE_COMPILE_CACHE: join(work, 'compile-cache') });
  const node = process.execPath;
  const cold = timed(bin, cliArgs, project, env);
  const cli: number[] = [];
  const bare: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    bare.push(timed(node, ['-e', '0'], project, env));
    cli.push(timed(bin, cliArgs, project, env));
  }
  const cliMs = percentile(cli, 50);
  const nodeMs = percentile(bare, 50);
  const ratio = cliMs / nodeMs;
  const file = writeResult('p7-cli-start', { command: `lsq-harness ${args.args}`, runs: RUNS, coldMs: cold, cliMs: cli, nodeMs: bare, ratio });
  console.log(
    table(
      ['command', `median ms (${RUNS} warm runs)`, 'p90 ms', 'first run ms (compile cache empty)', 'ratio'],
      [
        ['`node -e 0`', nodeMs.toFixed(0), percentile(bare, 90).toFixed(0), '-', 'baseline'],
        [`\`lsq-harness ${args.args}\` (installed)`, cliMs.toFixed(0), percentile(cli, 90).toFixed(0), cold.toFixed(0), `${ratio.toFixed(2)} ×`],
      ],
    ),
  );
  console.log(`\nP7: ${ratio.toFixed(2)} × node -e 0 (target ≤ ${TARGET} ×): ${ratio <= TARGET ? 'met' : 'MISSED'}   [${file}]`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
