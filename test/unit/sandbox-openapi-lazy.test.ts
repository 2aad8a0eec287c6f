// The sandbox loads the OpenAPI generator (and the yaml package) only when GET /__sandbox/openapi.yaml or
// .json is asked for: a static import put them into every process that starts a sandbox (a verifier
// child, the gate, a monitor without a host), ~40 ms of CPU each, for a route few of them serve. Read
// from the sources (no process to start); the route itself is tested in test/openapi/sandbox-and-forwarder.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';

const SANDBOX = new URL('../../src/sandbox/', import.meta.url).pathname;

/** Static imports of values (not `import type`) from the openapi folder or the yaml package. */
function eagerGeneratorImports(text: string): string[] {
  const found: string[] = [];
  for (const m of text.matchAll(/^import\s+(?!type\b)[^;]*?\sfrom\s+'([^']+)'/gm)) {
    const from = m[1]!;
    if (from === 'yaml' || from.startsWith('yaml/') || /(^|\/)openapi\//.test(from)) found.push(from);
  }
  return found;
}

test('no module of the sandbox imports the OpenAPI generator or yaml statically', () => {
  const files = readdirSync(SANDBOX, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'));
  expect(files.length).toBeGreaterThan(5);
  const eager = files.flatMap((f) => eagerGeneratorImports(readFileSync(join(SANDBOX, f), 'utf8')).map((from) => `${f}: ${from}`));
  expect(eager).toEqual([]);
});

test('the check sees the import it forbids, and lets a type import and a dynamic import pass', () => {
  expect(eagerGeneratorImports("import { buildOpenApiDocument, type DocumentOptions } from '../openapi/index.ts';")).toEqual(['../openapi/index.ts']);
  expect(eagerGeneratorImports("import { stringify } from 'yaml';")).toEqual(['yaml']);
  expect(eagerGeneratorImports("import type { DocumentOptions } from '../openapi/index.ts';")).toEqual([]);
  expect(eagerGeneratorImports("const { renderOpenApiYaml } = await import('../openapi/index.ts');")).toEqual([]);
});
