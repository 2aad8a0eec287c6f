// A gate stage log built to catch redaction done per pipe chunk: a gate-style child (src/gate/child.ts
// runChild) prints more than 64 KiB, with a configured secret across the 65536-byte boundary where the
// pipe cuts its output, on stdout and on stderr, and a two-byte UTF-8 character across the next one.
// scripts/test.d/90-secrets.sh writes it under reports/ just before the secret scan, so the scan fails
// the run if that secret got through; test/unit/gate-child-redaction.test.ts checks the log directly.
//
//   node scripts/gate-log-probe.ts LOGFILE     exit 0 the child's output is in the log, 1 it is not
import { mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { registerSecret } from '../src/client/redact.ts';
import { runChild, type ChildResult } from '../src/gate/child.ts';
import { RELIABILITY_CREDENTIALS } from '../test/reliability/secret-values.ts';

/** The size of a pipe read, where a child's output is cut into chunks. */
export const PIPE_CHUNK = 65_536;
/** On the scan list (test/reliability/secret-values.ts), like every secret a suite configures. */
export const PROBE_SECRET = RELIABILITY_CREDENTIALS.secretKey;

// The secret comes through the environment, so the command line the log starts with does not hold it.
const CHILD_SCRIPT = `
const secret = process.env.LSQ_PROBE_SECRET, chunk = ${PIPE_CHUNK};
const first = 'a'.repeat(chunk - Math.floor(secret.length / 2)) + secret + '\\n';
const output = first + 'b'.repeat(2 * chunk - Buffer.byteLength(first) - 1) + '\\u00e9 end\\n';
process.stdout.write(output);
process.stderr.write(output);
`;

export interface ProbeLog {
  result: ChildResult;
  log: string;
}

/** Registers the probe secret (as reading settings does) and runs the child into `logFile`. */
export async function writeProbeLog(logFile: string, secret = PROBE_SECRET): Promise<ProbeLog> {
  registerSecret(secret);
  mkdirSync(dirname(logFile), { recursive: true });
  const result = await runChild(process.execPath, ['-e', CHILD_SCRIPT], { env: { ...process.env, LSQ_PROBE_SECRET: secret }, logFile, timeoutMs: 30_000 });
  return { result, log: readFileSync(logFile, 'utf8') };
}

/** The child ran and its output (128 KiB per stream, both last lines) reached the log: the scan has something to check. */
export function probeReachedLog({ result, log }: ProbeLog): boolean {
  return result.code === 0 && log.length > 3 * PIPE_CHUNK && (log.match(/ end\n/g) ?? []).length === 2;
}

async function main(): Promise<number> {
  const logFile = process.argv[2];
  if (!logFile) {
    console.error('usage: node scripts/gate-log-probe.ts LOGFILE');
    return 2;
  }
  const probe = await writeProbeLog(logFile);
  if (!probeReachedLog(probe)) {
    console.error(`gate-log probe: the child's output did not reach ${logFile} (exit ${probe.result.code}): nothing for the scan to check`);
    return 1;
  }
  console.log(`gate-log probe: ${logFile} holds a configured secret's place across the ${PIPE_CHUNK}-byte pipe boundary, on stdout and stderr`);
  return 0;
}

if (import.meta.main) process.exitCode = await main();
