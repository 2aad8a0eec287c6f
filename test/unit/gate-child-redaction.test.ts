// A gate stage's log is redacted a line at a time: a child printing more than 64 KiB with a configured
// secret across the pipe's 65536-byte boundary leaves no trace of it in the log or in the stdout tail
// the stage keeps, and a UTF-8 character across the next boundary survives whole.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { PROBE_SECRET, probeReachedLog, writeProbeLog } from '../../scripts/gate-log-probe.ts';
import { scanFiles } from '../../scripts/scan-secrets.ts';
import { REDACTED } from '../../src/client/redact.ts';

test('a secret across the 64 KiB pipe boundary is masked in the stage log, on stdout and stderr', async () => {
  const logFile = join(mkdtempSync(join(tmpdir(), 'lsq-gate-child-')), 'stage.log');
  const probe = await writeProbeLog(logFile);
  expect(scanFiles([logFile], [{ name: 'probe', value: PROBE_SECRET }]).findings).toEqual([]);
  expect(probeReachedLog(probe)).toBe(true);
  expect(probe.log.match(new RegExp(`a${REDACTED.replace(/[[\]]/g, '\\$&')}\n`, 'g'))).toHaveLength(2);
  // No start or end of the secret (4 characters or more) survives either.
  for (let n = 4; n < PROBE_SECRET.length; n++) {
    expect(probe.log).not.toContain(`a${PROBE_SECRET.slice(0, n)}`);
    expect(probe.log).not.toContain(`${PROBE_SECRET.slice(-n)}\n`);
  }
  expect(probe.result.stdout).not.toContain(PROBE_SECRET.slice(0, 4));
});

test('a UTF-8 character across the next pipe boundary reaches the log whole', async () => {
  const logFile = join(mkdtempSync(join(tmpdir(), 'lsq-gate-child-')), 'stage.log');
  const { log, result } = await writeProbeLog(logFile);
  expect(log).not.toContain('\uFFFD');
  expect(log.match(/bé end\n/g)).toHaveLength(2);
  expect(result.stdout).toMatch(/bé end\n$/);
});
