// Runs actionlint (built by scripts/bootstrap.d/actionlint.sh) — the only check of a GitHub workflow
// available without a runner. It fails loudly when actionlint is missing: a lint that silently does
// not run would pass every broken file.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { ROOT } from './cli-vocabulary.ts';

const VERSION = 'v1.7.12';

export function actionlintBinary(): string {
  const bin = process.env.ACTIONLINT_BIN || `${ROOT}.tools/actionlint-${VERSION}/actionlint`;
  if (!existsSync(bin)) throw new Error(`actionlint ${VERSION} not found at ${bin}: run scripts/bootstrap.sh (it builds it with Go)`);
  return bin;
}

/** actionlint over these files (or, with none, the project in cwd); exit code and its findings. */
export function actionlint(cwd: string, files: string[] = []): { code: number | null; output: string } {
  const r = spawnSync(actionlintBinary(), ['-no-color', ...files], { cwd, encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, output: `${r.stdout}${r.stderr}` };
}
