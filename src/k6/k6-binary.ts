// Where the k6 binary is: K6_BIN (set by scripts/bootstrap.d/k6.sh), else the project's tools folder,
// else `k6` on PATH. k6 is built from its Go module by the bootstrap; nothing here downloads it.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ConfigError } from '../config/errors.ts';

export const K6_VERSION = 'v1.8.1';
export const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));

export function k6Binary(env: Record<string, string | undefined> = process.env): string {
  if (env.K6_BIN) {
    if (!existsSync(env.K6_BIN)) throw new ConfigError('K6_BIN', `no k6 binary at ${env.K6_BIN}`);
    return env.K6_BIN;
  }
  const local = `${PROJECT_ROOT}.tools/k6-${K6_VERSION}/k6`;
  return existsSync(local) ? local : 'k6';
}

/** The load scripts, by name. */
export const LOAD_SCRIPTS = {
  'rate-limit': `${PROJECT_ROOT}load/rate-limit.ts`,
  characterise: `${PROJECT_ROOT}load/characterise.ts`,
} as const;
export type LoadScript = keyof typeof LOAD_SCRIPTS;
