// The product boundary, enforced: src/ is what ships in the npm package, so it imports nothing from the
// test wings (test/, contracts/, bench/, load/) and no package that an install with --omit=dev would
// leave out. A test suite imports the product, never the other way round.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { expect, test } from 'vitest';

const ROOT = resolve(new URL('../..', import.meta.url).pathname);
const SRC = join(ROOT, 'src');
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
};
const RUNTIME_PACKAGES = new Set([...Object.keys(pkg.dependencies ?? {}), ...Object.keys(pkg.peerDependencies ?? {})]);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? sourceFiles(p) : /\.(ts|js|mjs)$/.test(name) ? [p] : [];
  });
}

/** Every module specifier a file imports, statically or dynamically (examples in comments are not imports). */
function specifiers(source: string): string[] {
  const code = source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
  const found: string[] = [];
  const patterns = [/\b(?:import|export)\s[^'"`;]*?\bfrom\s*['"]([^'"]+)['"]/g, /\bimport\s*['"]([^'"]+)['"]/g, /\bimport\(\s*['"]([^'"]+)['"]\s*\)/g];
  for (const re of patterns) for (const m of code.matchAll(re)) found.push(m[1]!);
  return found;
}

/** The package a bare specifier names: `@scope/name/sub` → `@scope/name`, `name/sub` → `name`. */
function packageOf(spec: string): string {
  const parts = spec.split('/');
  return spec.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
}

/** What a file of src/ (at `file`, with source `code`) imports against the rule. */
function violationsIn(file: string, code: string): string[] {
  const out: string[] = [];
  const where = relative(ROOT, file);
  for (const spec of specifiers(code)) {
    if (spec.startsWith('.')) {
      const target = resolve(dirname(file), spec);
      if (!target.startsWith(`${SRC}/`)) out.push(`${where} imports ${relative(ROOT, target)}, outside src/`);
    } else if (!spec.startsWith('node:') && !builtinModules.includes(spec) && !RUNTIME_PACKAGES.has(packageOf(spec))) {
      out.push(`${where} imports ${spec}, which is not a runtime dependency (package.json dependencies or peerDependencies)`);
    }
  }
  return out;
}

test('src/ imports nothing from a test folder and no package that --omit=dev leaves out', () => {
  const files = sourceFiles(SRC);
  expect(files.length).toBeGreaterThan(50);
  expect(files.flatMap((f) => violationsIn(f, readFileSync(f, 'utf8')))).toEqual([]);
});

test('the rule bites: an import of test code or of a dev-only package is reported', () => {
  const fake = join(SRC, 'cli', 'commands', 'imagined.ts');
  const code =
    "// import { y } from 'commented-out';\nimport { x } from '../../../test/unit/helpers.ts';\nimport { test } from 'vitest';\nconst y = await import('../../../load/lib/plan.ts');\nimport { z } from '../../client/index.ts';\n";
  const found = violationsIn(fake, code);
  expect(found).toHaveLength(3);
  expect(found.join('\n')).toMatch(/imports test\/unit\/helpers\.ts, outside src\//);
  expect(found.join('\n')).toMatch(/imports vitest, which is not a runtime dependency/);
  expect(found.join('\n')).toMatch(/imports load\/lib\/plan\.ts, outside src\//);
});
