// `load` from the installed package: k6 is found through LSQ_K6_BINARY (an installed package has no
// tools folder), runs the k6 scripts the package ships against the embedded sandbox, and without any
// k6 the command stops at once, exit 2, naming LSQ_K6_BINARY.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, inject, test } from 'vitest';
import { NODE_DIR, ROOT } from './pack-install.ts';
import { PKG_CREDENTIALS, runBin } from './run-bin.ts';

const pkg = inject('pkg');
const K6 = process.env.LSQ_K6_BINARY || process.env.K6_BIN || join(ROOT, '.tools/k6-v1.8.1/k6');

test('load with LSQ_K6_BINARY runs the shipped k6 scripts against the embedded sandbox, every threshold held', async () => {
  const out = join(pkg.work, 'load');
  // What is under test is the package (k6 found, the shipped scripts resolved and run), not the
  // pacing's precision, which the load suite checks: a wider guard keeps a busy machine's jitter out.
  const r = await runBin(pkg, ['load', '--out', out, '--no-html', '--guard-ms', '400'], { LSQ_K6_BINARY: K6, ...PKG_CREDENTIALS }, { timeoutMs: 180_000 });
  expect(r.code, `exit ${r.code}\n${r.stdout.slice(-3000)}\n${r.stderr.slice(-3000)}`).toBe(0);
  expect(r.stdout).toContain('verdict: every threshold held');
  const summary = JSON.parse(readFileSync(join(out, 'rate-limit-summary.json'), 'utf8')) as { thresholds: Array<{ ok: boolean }> };
  expect(summary.thresholds.length).toBeGreaterThan(0);
  expect(summary.thresholds.every((t) => t.ok)).toBe(true);
});

test('load with no k6 anywhere exits 2 at once, naming LSQ_K6_BINARY and how to install k6', async () => {
  const out = join(pkg.work, 'load-without-k6');
  // PATH holds the project's Node and nothing else: no k6 on it.
  const r = await runBin(pkg, ['load', '--out', out], {}, { timeoutMs: 30_000, pathOverride: NODE_DIR });
  expect(r.code, `${r.stdout}\n${r.stderr}`).toBe(2);
  expect(r.stderr).toContain('LSQ_K6_BINARY');
  expect(r.stderr).toMatch(/install k6/);
  expect(existsSync(out)).toBe(false);
  expect(r.seconds).toBeLessThan(10);
});
