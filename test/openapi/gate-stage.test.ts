// The gate's optional conformance stage, run as the gate runs it (the CLI as a child process) against a
// sandbox target: it passes with cases per operation and phase, and fails, naming the operation, when
// the sandbox drifts from the document. These runs prove the stage's wiring (its arguments, the --json
// it reads, its verdict and cases), so they ask Schemathesis for one example per operation
// (conformanceMaxExamples) instead of the smoke profile's 10: the coverage and stateful phases still run
// whole (~100 cases), at ~4 s of CPU a run instead of ~7. That the stage asks for the profile's count by
// default is conformance-command.test.ts; the conformance of document and sandbox at depth (~590 cases)
// is the suite's own Schemathesis run (scripts/test.d/03-openapi.sh).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, test } from 'vitest';
import { ALL_STAGE_NAMES, STAGE_NAMES } from '../../src/gate/stages/index.ts';
import { conformanceStage } from '../../src/gate/stages/conformance.ts';
import type { StageContext } from '../../src/gate/stage.ts';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.ts';
import { runCliInProcess } from '../support/cli-in-process.ts';

let sb: Sandbox | null = null;
afterEach(async () => {
  await sb?.stop();
  sb = null;
});

/** Examples per operation for the stage runs below (see the header). */
const WIRING_EXAMPLES = 1;

function ctxFor(url: string): StageContext {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    LSQ_ACCESS_KEY: 'sandbox-access-key',
    LSQ_SECRET_KEY: 'sandbox-secret-key',
    LSQ_API_KEY: 'sandbox-api-key',
    LSQ_RATE_LIMIT: '0',
  };
  delete env.LSQ_ASYNC_HOST;
  return {
    target: { url, isSandbox: true, embedded: false, describe: url },
    allow: { budgetExhaustion: false, writes: false },
    profile: 'smoke',
    out: mkdtempSync(join(tmpdir(), 'lsq-conf-')),
    env,
    conformanceMaxExamples: WIRING_EXAMPLES,
  };
}

test('the conformance stage is optional: named by --stages, not run by default', () => {
  expect(STAGE_NAMES).not.toContain('conformance');
  expect(ALL_STAGE_NAMES).toContain('conformance');
  expect(conformanceStage.budget(ctxFor('http://127.0.0.1:1'))).toBe('share');
});

test('against a sandbox the stage passes, with one case per operation and the stateful phase', async () => {
  sb = await startSandbox({ settings: { rateLimit: { limit: 0 }, timeScale: 100 } });
  const outcome = await conformanceStage.run(ctxFor(sb.url));
  expect(outcome.verdict, outcome.reason).toBe('passed');
  expect(outcome.cases?.map((c) => c.name).sort()).toEqual(['GET /opportunity/update/status', 'POST /opportunity/update', 'Stateful tests']);
  expect(Number(outcome.figures['test cases'])).toBeGreaterThan(50);
}, 300_000); // a hang detector: the openapi suite runs niced (03-openapi.sh)

test('a sandbox that drifts (Message as an object) fails the stage on the status operation', async () => {
  sb = await startSandbox({ settings: { rateLimit: { limit: 0 }, timeScale: 1000, drift: ['message-object', 'status-word-changed'] } });
  const outcome = await conformanceStage.run(ctxFor(sb.url));
  expect(outcome.verdict).toBe('failed');
  expect(outcome.reason).toMatch(/Stateful tests|GET \/opportunity\/update\/status/);
}, 300_000);

test('gate --stages accepts the optional stage by name (the gate refused it before it was listed)', async () => {
  // What the command decides of its flags: run in this worker (cli-in-process.ts), not a new Node process.
  // --stages is read before --profile: a refused --stages would be named first; here only --profile is.
  const r = await runCliInProcess(['gate', '--stages', 'conformance,replay', '--profile', 'huge']);
  expect(r.code).toBe(2);
  expect(r.stderr).toContain('--profile');
  expect(r.stderr).not.toContain('--stages');
});
