// `gate` from the installed package against a sandbox the package serves: every stage (contracts,
// replay, load, canary) must run from what ships — the shipped pact, the shipped cassettes, the shipped
// k6 scripts — with only the package's runtime dependencies installed.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, inject, test } from 'vitest';
import { ROOT } from './pack-install.ts';
import { PKG_CREDENTIALS, runBin, startSandboxProcess, type BackgroundSandbox } from './run-bin.ts';

const pkg = inject('pkg');
const K6 = process.env.LSQ_K6_BINARY || process.env.K6_BIN || join(ROOT, '.tools/k6-v1.8.1/k6');
let sandbox: BackgroundSandbox;

beforeAll(async () => {
  sandbox = await startSandboxProcess(pkg, [], { ...PKG_CREDENTIALS });
});
afterAll(async () => {
  await sandbox?.stop();
});

test('gate against the sandbox passes every stage and writes its JUnit and summary', async () => {
  const out = join(pkg.work, 'gate');
  const r = await runBin(
    pkg,
    ['gate', '--host', sandbox.url, '--out', out],
    { LSQ_K6_BINARY: K6, LSQ_CANARY_OPPORTUNITY_ID: '5ca5b042-51ea-4699-b6f0-84c40ab12770', ...PKG_CREDENTIALS },
    { timeoutMs: 420_000 },
  );
  const summary = existsSync(join(out, 'summary.md')) ? readFileSync(join(out, 'summary.md'), 'utf8') : '(no summary.md)';
  expect(r.code, `exit ${r.code}\n${r.stdout.slice(-3000)}\n${r.stderr.slice(-3000)}\n${summary}`).toBe(0);
  expect(existsSync(join(out, 'junit.xml'))).toBe(true);
  for (const stage of ['contracts', 'replay', 'load', 'canary']) expect(summary).toContain(stage);
  for (const secret of Object.values(PKG_CREDENTIALS)) expect(r.stdout + r.stderr + summary).not.toContain(secret);
}, 450_000);
