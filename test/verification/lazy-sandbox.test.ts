// The verification modules load the sandbox only where one is started (the embedded target), not when
// they are imported: the contracts command's own process and a verifier child for a --provider-url or
// a real host start none, and loading it cost each ~0.1 s of CPU (the command's process: 278 modules
// before, 180 after). Read from the sources (no process to start); the embedded target itself is
// verified by verify-target.test.ts and the contracts command's tests.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';

const VERIFICATION = new URL('../../src/verification/', import.meta.url).pathname;

/** Static imports of values (not `import type`) of the sandbox's entry or server. */
function eagerSandboxImports(text: string): string[] {
  const found: string[] = [];
  for (const m of text.matchAll(/^import\s+(?!type\b)[^;]*?\sfrom\s+'([^']+)'/gm)) {
    if (/(^|\/)sandbox\/(index|server)\.ts$/.test(m[1]!)) found.push(m[1]!);
  }
  return found;
}

test('no verification module imports the sandbox statically', () => {
  const files = readdirSync(VERIFICATION).filter((f) => f.endsWith('.ts'));
  expect(files).toContain('verification-target.ts');
  const eager = files.flatMap((f) => eagerSandboxImports(readFileSync(join(VERIFICATION, f), 'utf8')).map((from) => `${f}: ${from}`));
  expect(eager).toEqual([]);
});

test('the check sees the import it forbids, and lets a type import, a dynamic import and the provider states pass', () => {
  expect(eagerSandboxImports("import { startSandbox, type SandboxSettingsPatch } from '../sandbox/index.ts';")).toEqual(['../sandbox/index.ts']);
  expect(eagerSandboxImports("import type { SandboxSettingsPatch } from '../sandbox/index.ts';")).toEqual([]);
  expect(eagerSandboxImports("const { startSandbox } = await import('../sandbox/index.ts');")).toEqual([]);
  expect(eagerSandboxImports("import { PROVIDER_STATES } from '../sandbox/provider-states.ts';")).toEqual([]);
});
