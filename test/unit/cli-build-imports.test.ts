// Building a command — all that `lsq-harness <command> --help` (and the top-level --help, which builds
// every command) needs — loads commander and little else: what a command's action needs (the target,
// the client, the contract and so zod, prom-client, msw, Pact) is imported inside the action. zod alone
// is most of a --help's start-up time (BENCHMARKS.md, P7). Checked in a fresh Node process, where a
// module resolve hook records every module the build loads and which module asked for it.
import { spawnSync } from 'node:child_process';
import { expect, test } from 'vitest';

const SRC_CLI = new URL('../../src/cli/', import.meta.url).href;

// The packages a command's build may load: commander, and croner for the monitor's --maintenance
// parser (one small file, no dependencies), which judges the cron windows as the flags are parsed.
const ALLOWED = new Set(['commander', 'croner']);

// Runs in the child: records each resolved module (first importer wins), builds every command from the
// registry one by one, then the whole program as the top-level --help does; prints one JSON object.
const CHILD = `
import { registerHooks } from 'node:module';
const parentOf = new Map();
registerHooks({
  resolve(specifier, context, next) {
    const r = next(specifier, context);
    if (!parentOf.has(r.url)) parentOf.set(r.url, context.parentURL ?? '');
    return r;
  },
});
const cli = process.argv[1];
const packages = () => {
  const found = {};
  for (const [url, parent] of parentOf) {
    const m = /\\/node_modules\\/((?:@[^/]+\\/)?[^/]+)\\//.exec(url);
    if (m && !(m[1] in found)) found[m[1]] = parent.replace(/^.*?\\/(node_modules|src)\\//, '$1/');
  }
  return found;
};
const result = { perCommand: {}, program: {} };
const { commands } = await import(cli + 'registry.ts');
for (const entry of commands) {
  const make = await entry.load();
  const command = make();
  if (command.name() !== entry.name) throw new Error('registry entry ' + entry.name + ' built ' + command.name());
  result.perCommand[entry.name] = packages();
}
const { buildProgram } = await import(cli + 'main.ts');
const program = await buildProgram([]);
result.commands = program.commands.length;
result.program = packages();
process.stdout.write(JSON.stringify(result));
`;

test("building every command (each one's --help, and the top-level --help) loads no package but commander and croner", () => {
  const r = spawnSync(process.execPath, ['--input-type=module', '--no-warnings', '-e', CHILD, SRC_CLI], {
    encoding: 'utf8',
    timeout: 60_000,
    env: { ...process.env, NODE_DISABLE_COMPILE_CACHE: '1' },
  });
  expect(r.status, r.stderr).toBe(0);
  const result = JSON.parse(r.stdout) as { perCommand: Record<string, Record<string, string>>; program: Record<string, string>; commands: number };
  expect(result.commands).toBe(Object.keys(result.perCommand).length);
  // Package → the module that imported it first, for every package outside the allowed ones.
  const extra = (found: Record<string, string>) => Object.fromEntries(Object.entries(found).filter(([name]) => !ALLOWED.has(name)));
  // Commands are built in registry order and the record is cumulative, so the first command that lists
  // a package is the one whose build loaded it.
  let seen = new Set<string>();
  const blame: Record<string, Record<string, string>> = {};
  for (const [name, found] of Object.entries(result.perCommand)) {
    const added = Object.fromEntries(Object.entries(extra(found)).filter(([pkg]) => !seen.has(pkg)));
    if (Object.keys(added).length) blame[name] = added;
    seen = new Set([...seen, ...Object.keys(found)]);
  }
  expect(blame).toEqual({});
  expect(extra(result.program)).toEqual({});
  // The check can fail: commander itself is seen loading.
  expect(result.program).toHaveProperty('commander');
});
