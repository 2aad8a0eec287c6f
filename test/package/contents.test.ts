// What the tarball holds: everything the commands and the exports need, nothing test-only, and small.
import { readFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { expect, inject, test } from 'vitest';

const pkg = inject('pkg');
const paths = pkg.files.map((f) => f.path);
const manifest = JSON.parse(readFileSync(join(pkg.installed, 'package.json'), 'utf8')) as {
  exports: Record<string, string | { types: string; default: string }>;
  bin: Record<string, string>;
};

test('the tarball is at most 3 MB', () => {
  expect(pkg.size).toBeLessThanOrEqual(3 * 1024 * 1024);
});

test('nothing test-only ships: no tests, no test configs, no consumer tests, no benches, no scripts', () => {
  const testOnly = paths.filter(
    (p) =>
      /(^|\/)test\//.test(p) ||
      /\.test\.(ts|js|yml)$/.test(p) ||
      /vitest\.config/.test(p) ||
      /^(bench|scripts|docs|contracts\/consumer|contracts\/provider|monitors\/test)\//.test(p) ||
      p === 'load/extended-checks.sh' ||
      p.startsWith('tsconfig'),
  );
  expect(testOnly).toEqual([]);
});

test('of the TypeScript sources only the dependency-free vocabulary the k6 scripts import ships', () => {
  expect(paths.filter((p) => p.startsWith('src/'))).toEqual(['src/contract/status-words.ts']);
});

test('every export and the bin point at a file in the tarball', () => {
  const targets = Object.entries(manifest.exports).flatMap(([, t]) => (typeof t === 'string' ? [t] : Object.values(t)));
  const missing = [...targets, ...Object.values(manifest.bin)].map((t) => normalize(t)).filter((t) => !paths.includes(t));
  expect(missing).toEqual([]);
});

test('the commands find what they read: the pact, cassettes, the k6 scripts, the deployable monitors', () => {
  expect(paths).toContain('contracts/pacts/lsq-harness-leadsquared-async-api.json');
  expect(paths.filter((p) => /^cassettes\/[^/]+\.har$/.test(p)).length).toBeGreaterThan(10);
  expect(paths).toEqual(
    expect.arrayContaining([
      'load/rate-limit.ts',
      'load/characterise.ts',
      'monitors/prometheus/alerts.yml',
      'monitors/prometheus/prometheus.yml',
      'monitors/grafana/dashboard.json',
    ]),
  );
});

test('every relative import of the shipped k6 scripts resolves to a shipped file', () => {
  const scripts = paths.filter((p) => p.startsWith('load/') && p.endsWith('.ts'));
  const unresolved: string[] = [];
  for (const script of scripts) {
    const text = readFileSync(join(pkg.installed, script), 'utf8');
    for (const m of text.matchAll(/from '(\.{1,2}\/[^']+)'/g)) {
      const target = normalize(join(dirname(script), m[1]!));
      if (!paths.includes(target)) unresolved.push(`${script} → ${m[1]}`);
    }
  }
  expect(scripts.length).toBeGreaterThan(2);
  expect(unresolved).toEqual([]);
});

test('no compiled module imports a .ts file (every relative import was rewritten to .js)', () => {
  const left: string[] = [];
  for (const p of paths.filter((f) => f.startsWith('dist/') && f.endsWith('.js'))) {
    const text = readFileSync(join(pkg.installed, p), 'utf8');
    for (const m of text.matchAll(/(?:from |import\()\s*'(\.{1,2}\/[^']+\.ts)'/g)) left.push(`${p}: ${m[1]}`);
  }
  expect(left).toEqual([]);
});
