// Runs `lsq-harness` as a child process, as a user or the gate does, optionally with packages hidden
// (hide-packages.ts), and collects its exit code and output.
import { spawn } from 'node:child_process';
import { text } from 'node:stream/consumers';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const HIDE = fileURLToPath(new URL('./hide-packages.ts', import.meta.url));

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

export async function runCli(args: string[], o: { env?: Record<string, string | undefined>; hide?: string[] } = {}): Promise<CliRun> {
  const env: Record<string, string | undefined> = { ...process.env, NO_COLOR: '1', LSQ_ASYNC_HOST: undefined, PACT_BROKER_BASE_URL: undefined, ...o.env };
  if (o.hide) env.LSQ_TEST_HIDE_PACKAGES = o.hide.join(',');
  const node = o.hide ? ['--import', HIDE] : [];
  const child = spawn(process.execPath, [...node, `${ROOT}bin/lsq-harness.js`, ...args], {
    cwd: ROOT,
    env: env as NodeJS.ProcessEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const [stdout, stderr] = await Promise.all([text(child.stdout), text(child.stderr)]);
  const code = await new Promise<number | null>((resolve) => (child.exitCode !== null ? resolve(child.exitCode) : child.on('close', resolve)));
  return { code, stdout, stderr };
}
