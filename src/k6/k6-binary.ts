// Where the k6 binary is, and where the k6 scripts are. k6 is a Go program no npm package brings, so an
// installed lsq-harness has to find one: LSQ_K6_BINARY (K6_BIN, which scripts/bootstrap.d/k6.sh
// exports, is kept as an alias), else the project's tools folder (a checkout, where the bootstrap builds
// it), else `k6` on PATH. None of them: a bad setting (exit 2) naming LSQ_K6_BINARY and how to get k6,
// raised before a sandbox starts or a call is made. Nothing here downloads k6.
import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError } from '../config/errors.ts';

export const K6_VERSION = 'v1.8.1';
/** The checkout's root, or the installed package's: dist/ mirrors src/, so this file is two levels down in both. */
export const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** The setting, then its older alias. */
export const K6_BINARY_SETTINGS = ['LSQ_K6_BINARY', 'K6_BIN'] as const;

const HOW_TO_INSTALL = `install k6 ${K6_VERSION} (https://grafana.com/docs/k6/latest/set-up/install-k6/, or go install go.k6.io/k6@${K6_VERSION}) and put it on PATH or set LSQ_K6_BINARY to its path; in a checkout, scripts/bootstrap.sh builds it`;

function isExecutableFile(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** The first executable `name` in the PATH's folders (empty entries mean the current folder, as in a shell). */
export function findOnPath(name: string, path: string | undefined, cwd = process.cwd()): string | null {
  for (const dir of (path ?? '').split(delimiter)) {
    const candidate = resolve(cwd, dir || '.', name);
    if (isExecutableFile(candidate)) return candidate;
  }
  return null;
}

/**
 * The absolute path of the k6 to run. A setting holding a bare name (`k6`) is looked up on PATH; a
 * relative path is taken from the current folder (k6 itself runs in the project root).
 */
export function k6Binary(env: Record<string, string | undefined> = process.env, projectRoot = PROJECT_ROOT): string {
  for (const setting of K6_BINARY_SETTINGS) {
    const value = env[setting];
    if (!value) continue;
    const found = value.includes('/') ? resolve(value) : findOnPath(value, env.PATH);
    if (found && isExecutableFile(found)) return found;
    throw new ConfigError(
      setting,
      `no executable k6 at ${JSON.stringify(value)}${isAbsolute(value) || value.includes('/') ? '' : ' on PATH'}; ${HOW_TO_INSTALL}`,
    );
  }
  const local = join(projectRoot, `.tools/k6-${K6_VERSION}/k6`);
  if (isExecutableFile(local)) return local;
  const onPath = findOnPath('k6', env.PATH);
  if (onPath) return onPath;
  throw new ConfigError('LSQ_K6_BINARY', `no k6 found (LSQ_K6_BINARY is unset and there is no k6 on PATH); ${HOW_TO_INSTALL}`);
}

/** The load scripts, by name: shipped in the package's load/ folder; k6 runs their TypeScript itself. */
export const LOAD_SCRIPTS = {
  'rate-limit': `${PROJECT_ROOT}load/rate-limit.ts`,
  characterise: `${PROJECT_ROOT}load/characterise.ts`,
} as const;
export type LoadScript = keyof typeof LOAD_SCRIPTS;
