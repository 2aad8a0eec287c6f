// Which way imports flow between the folders of src/ (docs/architecture.md draws it). The contract is
// the bottom: it imports nothing of ours. The client builds on the contract and the clock; the monitor
// on the client, the config and its metrics, never on the gate or the CLI; the CLI is the top, and
// nothing imports it. Each folder lists the folders it may import; a new folder must be placed here
// before its code passes, and an import the wrong way (the client reaching for the monitor, the
// contract for the client) fails with the file and the import named.
// (test/unit/dependency-rule.test.ts is the other boundary: src/ against test folders and dev packages.)
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { expect, test } from 'vitest';

const SRC = resolve(new URL('../../src', import.meta.url).pathname);
/** The package's entry files directly in src/ (index.ts), as a pseudo-folder. */
const ROOT = '(src root)';

// The foundation: the contract and the clock import nothing of ours, and every other folder may import them.
const FOUNDATION = ['contract', 'timing'];
// Folder → the folders of src/ it may import besides the foundation (type-only imports count: they are a
// dependency too). These are the imports the code has; a new one is a decision to make here.
const USES: Record<string, readonly string[]> = {
  client: [],
  // The OpenAPI document, generated from the contract alone.
  openapi: [],
  // The sandbox serves the OpenAPI document on its admin API.
  sandbox: ['openapi'],
  metrics: [],
  // The SLO rules generator: reads monitors/slo.yml, writes Prometheus rules; nothing of the monitor.
  slo: [],
  config: ['client', 'sandbox'],
  pact: ['sandbox'],
  monitor: ['client', 'config', 'metrics'],
  replay: ['client', 'config', 'sandbox'],
  k6: ['client', 'config', 'sandbox'],
  // The two halves of the contracts command lean on each other (a known cycle, left as it is).
  verification: ['broker', 'client', 'config', 'pact', 'sandbox'],
  broker: ['client', 'config', 'pact', 'verification'],
  gate: ['broker', 'client', 'config', 'monitor', 'pact', 'replay', 'verification'],
  // Schemathesis against a target through the generated document: redact() and the line redactor from
  // the client, ConfigError and the sandbox probe from the config.
  conformance: ['client', 'config', 'openapi'],
  // The status page: renders the monitor's records (through its history, fed by onResult); redact() from the client.
  'status-page': ['client', 'monitor'],
  // The top: one file per command, wiring whatever it runs.
  cli: [
    'broker',
    'client',
    'conformance',
    'config',
    'gate',
    'k6',
    'metrics',
    'monitor',
    'openapi',
    'pact',
    'replay',
    'sandbox',
    'slo',
    'status-page',
    'verification',
  ],
  [ROOT]: ['client'],
};
const MAY_IMPORT: Record<string, readonly string[]> = {
  ...Object.fromEntries(FOUNDATION.map((f) => [f, []])),
  ...Object.fromEntries(Object.entries(USES).map(([folder, uses]) => [folder, [...FOUNDATION, ...uses]])),
};

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? sourceFiles(p) : /\.(ts|js|mjs)$/.test(name) ? [p] : [];
  });
}

/** The folder of src/ a path is in. */
function folderOf(path: string): string {
  const parts = relative(SRC, path).split(sep);
  return parts.length === 1 ? ROOT : parts[0]!;
}

/** Relative specifiers a file imports (static, re-export, side-effect, dynamic); comment lines are skipped. */
function relativeImports(code: string): string[] {
  const found: string[] = [];
  for (const line of code.split('\n')) {
    const t = line.trim();
    if (t.startsWith('//') || t.startsWith('*') || t.startsWith('/*')) continue;
    for (const re of [/\bfrom\s*['"](\.[^'"]*)['"]/g, /^\s*import\s*['"](\.[^'"]*)['"]/g, /\bimport\(\s*['"](\.[^'"]*)['"]\s*\)/g]) {
      for (const m of line.matchAll(re)) found.push(m[1]!);
    }
  }
  return found;
}

/** The imports of one file (at `file`, with source `code`) that go against MAY_IMPORT. */
function wrongWay(file: string, code: string): string[] {
  const from = folderOf(file);
  const allowed = MAY_IMPORT[from];
  if (!allowed) return [`src/${relative(SRC, file)}: folder ${from} has no place in the layering (add it to MAY_IMPORT and docs/architecture.md)`];
  return relativeImports(code).flatMap((spec) => {
    const to = folderOf(resolve(dirname(file), spec));
    return to === from || allowed.includes(to)
      ? []
      : [`src/${relative(SRC, file)} (${from}) imports ${spec} (${to}); ${from} may import only ${allowed.join(', ') || 'nothing of src/'}`];
  });
}

test('every import between the folders of src/ goes the allowed way', () => {
  const files = sourceFiles(SRC);
  expect(files.length).toBeGreaterThan(50);
  expect(files.flatMap((f) => wrongWay(f, readFileSync(f, 'utf8')))).toEqual([]);
});

test('the table keeps the direction: the foundation imports nothing of ours, the client only the foundation, nothing below the monitor imports it, nothing below the gate imports the gate, nothing imports the CLI', () => {
  expect(MAY_IMPORT.contract).toEqual([]);
  expect(MAY_IMPORT.timing).toEqual([]);
  expect(MAY_IMPORT.client).toEqual(['contract', 'timing']);
  for (const [folder, allowed] of Object.entries(MAY_IMPORT)) expect(allowed, folder).not.toContain('cli');
  for (const folder of ['client', 'sandbox', 'metrics', 'config']) expect(MAY_IMPORT[folder], folder).not.toContain('monitor');
  for (const folder of ['client', 'sandbox', 'metrics', 'config', 'monitor']) expect(MAY_IMPORT[folder], folder).not.toContain('gate');
});

test('the rule bites: imports the wrong way are reported, comments and same-folder imports are not', () => {
  const client = join(SRC, 'client', 'imagined.ts');
  const code = [
    "import { runCanary } from '../monitor/canary.ts';",
    "import type { Settings } from '../config/settings.ts';",
    "const cli = await import('../cli/main.ts');",
    "export { x } from '../contract/index.ts';",
    "import { redact } from './redact.ts';",
    "// import { nope } from '../gate/stage.ts';",
  ].join('\n');
  const found = wrongWay(client, code);
  expect(found).toHaveLength(3);
  expect(found.join('\n')).toMatch(/imports \.\.\/monitor\/canary\.ts \(monitor\); client may import only contract, timing/);
  expect(found.join('\n')).toMatch(/imports \.\.\/config\/settings\.ts \(config\)/);
  expect(found.join('\n')).toMatch(/imports \.\.\/cli\/main\.ts \(cli\)/);
  expect(wrongWay(join(SRC, 'contract', 'imagined.ts'), "import { systemClock } from '../timing/clock.ts';")).toHaveLength(1);
  expect(wrongWay(join(SRC, 'monitor', 'imagined.ts'), "import type { Stage } from '../gate/stage.ts';")).toHaveLength(1);
  expect(wrongWay(join(SRC, 'brand-new', 'x.ts'), '')).toEqual([expect.stringMatching(/folder brand-new has no place in the layering/)]);
});
