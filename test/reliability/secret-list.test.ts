// The secret scan's list is complete (every credential a suite configures is on it) and the scan bites
// (a configured value planted in an artefact, in any of its encodings, is found and fails the run).
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { expect, test } from 'vitest';
import { artefactFiles, scanFiles } from '../../scripts/scan-secrets.ts';
import { CONFIGURED_SECRETS, PUBLIC_CREDENTIAL_VALUES, encodedForms } from './secret-values.ts';

const ROOT = new URL('../..', import.meta.url).pathname;
const SCANNER = join(ROOT, 'scripts/scan-secrets.ts');
const TEST_DIRS = ['test', 'contracts', 'monitors', 'load', 'bench'];
// A credential literal in a test: `accessKey: 'v'`, `LSQ_API_KEY: 'v'`, `secretKey: "v"`, LSQ_SECRET_KEY=v …
const CREDENTIAL_LITERAL = /\b(?:accessKey|secretKey|apiKey|LSQ_ACCESS_KEY|LSQ_SECRET_KEY|LSQ_API_KEY)\b\s*[:=]\s*['"`]([^'"`$\s]{4,})['"`]/g;

function sources(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (name === 'node_modules' || name === 'cassettes' || name === 'recorded') continue;
    if (statSync(p).isDirectory()) out.push(...sources(p));
    else if (/\.(ts|js|sh)$/.test(name)) out.push(p);
  }
  return out;
}

test('every credential value a test suite configures is on the scan list (or public on purpose)', () => {
  const known = new Set([...CONFIGURED_SECRETS.map((s) => s.value), ...PUBLIC_CREDENTIAL_VALUES]);
  const unknown: string[] = [];
  let seen = 0;
  for (const file of TEST_DIRS.flatMap((d) => sources(join(ROOT, d)))) {
    for (const m of readFileSync(file, 'utf8').matchAll(CREDENTIAL_LITERAL)) {
      seen++;
      if (!known.has(m[1]!)) unknown.push(`${relative(ROOT, file)}: ${m[1]}`);
    }
  }
  expect(seen).toBeGreaterThan(10); // the pattern still finds the suites' credentials
  expect(unknown, 'add these to test/reliability/secret-values.ts').toEqual([]);
});

test('a configured secret planted in a report is found in every encoding, and named, not printed', () => {
  const root = mkdtempSync(join(tmpdir(), 'lsq-scan-'));
  mkdirSync(join(root, 'reports/tests'), { recursive: true });
  const secret = CONFIGURED_SECRETS.find((s) => s.name.includes('RELIABILITY'))!;
  const forms = encodedForms('pl@nted/secret+value');
  const planted = [...CONFIGURED_SECRETS, { name: 'planted', value: 'pl@nted/secret+value' }];
  writeFileSync(join(root, 'reports/tests/clean.json'), '{"ok":true}\n');
  writeFileSync(join(root, 'reports/tests/leak.json'), `{\n"url":"http://x/?accessKey=${secret.value}"\n}\n`);
  for (const [i, f] of forms.entries()) writeFileSync(join(root, `reports/form-${i}.txt`), `line one\n${f}\n`);
  writeFileSync(join(root, 'stray.log'), 'nothing here\n');
  const files = artefactFiles(root);
  expect(files.map((f) => relative(root, f)).sort()).toContain('stray.log');
  const r = scanFiles(files, planted, root);
  expect(r.findings).toContainEqual({ file: 'reports/tests/leak.json', line: 2, secret: secret.name });
  expect(r.findings.filter((f) => f.secret === 'planted')).toHaveLength(forms.length);
  expect(r.findings.find((f) => f.file.includes('clean'))).toBeUndefined();
});

test('the scan command exits 1 naming the file, and never prints the value it found', () => {
  const root = mkdtempSync(join(tmpdir(), 'lsq-scan-'));
  mkdirSync(join(root, 'reports'), { recursive: true });
  const secret = CONFIGURED_SECRETS[0]!;
  writeFileSync(join(root, 'reports/run.log'), `x-api-key: ${secret.value}\n`);
  const r = spawnSync(process.execPath, [SCANNER, '--root', root], { encoding: 'utf8' });
  expect(r.status).toBe(1);
  expect(r.stderr).toContain('reports/run.log:1');
  expect(r.stderr + r.stdout).not.toContain(secret.value);
});

test('the scan command refuses to vouch for an empty run', () => {
  const root = mkdtempSync(join(tmpdir(), 'lsq-scan-'));
  const r = spawnSync(process.execPath, [SCANNER, '--root', root], { encoding: 'utf8' });
  expect(r.status).toBe(1);
  expect(r.stderr).toMatch(/no artefact found/);
});
