// The contracts command's side of provider verification: runs verifier-child in a process of its own
// (plain Node, nothing from the test runner), its output — the verifier's report, printed per
// interaction as it goes — passed on redacted a line at a time, and reads back the child's answer.
// The child sits next to this file in both layouts: src/verification/*.ts in a checkout,
// dist/verification/*.js in the installed package.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import type { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { ConfigError } from '../config/errors.ts';
import { registerChildSecrets } from './child-secrets.ts';
import { runRedacted } from './redacted-child.ts';
import type { VerifierAnswer, VerifierJob } from './verifier-job.ts';

const HERE = fileURLToPath(import.meta.url);
export const VERIFIER_CHILD = fileURLToPath(new URL(`./verifier-child${extname(HERE)}`, import.meta.url));

export interface VerificationIo {
  /** Where the child's redacted output goes; our own stdout and stderr by default. */
  stdout?: Writable;
  stderr?: Writable;
  /** Drop the verifier's colour codes (output to a file or a CI log). */
  plain?: boolean;
  env?: NodeJS.ProcessEnv;
  timeoutMs?: number;
}

export async function runVerification(job: Omit<VerifierJob, 'resultFile'>, io: VerificationIo = {}): Promise<VerifierAnswer> {
  const dir = mkdtempSync(join(tmpdir(), 'lsq-verify-'));
  const resultFile = join(dir, 'answer.json');
  const env: NodeJS.ProcessEnv = { ...(io.env ?? process.env), SCARF_ANALYTICS: 'false' };
  registerChildSecrets(env);
  try {
    const code = await runRedacted(process.execPath, ['--disable-warning=DEP0060', VERIFIER_CHILD, JSON.stringify({ ...job, resultFile })], {
      cwd: process.cwd(),
      env,
      timeoutMs: io.timeoutMs ?? 300_000,
      ...(io.stdout ? { stdout: io.stdout } : {}),
      ...(io.stderr ? { stderr: io.stderr } : {}),
      ...(io.plain ? { plain: true } : {}),
    });
    let answer: VerifierAnswer;
    try {
      answer = JSON.parse(readFileSync(resultFile, 'utf8')) as VerifierAnswer;
    } catch {
      return {
        ok: false,
        target: { kind: 'embedded-sandbox', describe: '' },
        fromBroker: false,
        interactions: [],
        output: `the verifier process ended with ${code} and no result (killed, or timed out)`,
      };
    }
    if (answer.configError) throw new ConfigError(answer.configError.setting, answer.configError.message.replace(/^bad setting \S+: /, ''));
    return answer;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
