// Where the Schemathesis executable is: LSQ_SCHEMATHESIS (a user's own), the bootstrap's venv
// (SCHEMATHESIS_BIN, or the newest .tools/schemathesis-*/ of this checkout), or `schemathesis` on PATH.
import { existsSync, readdirSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError } from '../config/errors.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

function onPath(name: string, env: NodeJS.ProcessEnv): string | null {
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (dir && existsSync(join(dir, name))) return join(dir, name);
  }
  return null;
}

export function findSchemathesis(env: NodeJS.ProcessEnv = process.env): string {
  if (env.LSQ_SCHEMATHESIS) {
    if (!existsSync(env.LSQ_SCHEMATHESIS)) throw new ConfigError('LSQ_SCHEMATHESIS', `names ${env.LSQ_SCHEMATHESIS}, which does not exist`);
    return env.LSQ_SCHEMATHESIS;
  }
  if (env.SCHEMATHESIS_BIN && existsSync(env.SCHEMATHESIS_BIN)) return env.SCHEMATHESIS_BIN;
  const tools = join(ROOT, '.tools');
  const venvs = existsSync(tools)
    ? readdirSync(tools)
        .filter((d) => /^schemathesis-[\d.]+$/.test(d))
        .sort()
        .reverse()
    : [];
  for (const venv of venvs) {
    const bin = join(tools, venv, 'bin', 'schemathesis');
    if (existsSync(bin)) return bin;
  }
  const found = onPath('schemathesis', env);
  if (found) return found;
  throw new ConfigError(
    'LSQ_SCHEMATHESIS',
    'Schemathesis was not found: run scripts/bootstrap.sh in a checkout, or pip install schemathesis and set LSQ_SCHEMATHESIS to its path',
  );
}
