#!/usr/bin/env node
// npm's bin entry, and the entry of every launcher script. Two ways to run (docs/decisions/007):
//   - in a checkout, src/cli/main.ts sits next to this folder: Node 24 runs the TypeScript sources
//     directly (type stripping), no build needed; scripts/lsq-harness brings Node 24 when the machine
//     has an older one;
//   - in an installed package no src/cli/main.ts is shipped (Node does not strip types under
//     node_modules): it runs the JavaScript that `npm pack` built into dist/.
// The test is that one file: a checkout with a dist/ built in it still runs its sources.
import nodeModule from 'node:module';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const sources = new URL('../src/cli/main.ts', import.meta.url);
const checkout = existsSync(sources);

// Checked before anything Node 24 has is touched: a named import of enableCompileCache would fail to
// link on Node 20 with a SyntaxError before this line ever ran.
const major = Number(process.versions.node.split('.')[0]);
if (major < 24) {
  console.error(`lsq-harness needs Node 24 (found ${process.version})${checkout ? '; run scripts/lsq-harness, which installs it' : ''}`);
  process.exit(2);
}
// Node's on-disk compile cache keeps the compiled modules (and, for the sources, their type-stripped
// text) between runs, so a run after the first loads neither the TypeScript stripper (~20 MB resident,
// a fifth of the monitor's footprint: BENCHMARKS.md, P5) nor re-parses the sources. In a checkout it
// lives in the project's git-ignored tools folder, where scripts/bootstrap.sh warms it at install time
// (so an image built with it starts warm); an installed package never writes into node_modules and
// uses Node's default folder under the temp dir. NODE_COMPILE_CACHE names another folder;
// NODE_DISABLE_COMPILE_CACHE=1 turns it off. An unwritable folder only means no cache. It has to be
// enabled here, in plain JavaScript, before the first module of the program is loaded.
const cacheDir = process.env.NODE_COMPILE_CACHE || (checkout ? fileURLToPath(new URL('../.tools/node-compile-cache', import.meta.url)) : undefined);
nodeModule.enableCompileCache(cacheDir);
// `lsq-harness --help | head`: a reader that stops early is not an error worth a stack trace.
process.stdout.on('error', (err) => {
  if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw err;
});
const { main } = await import(checkout ? sources.href : new URL('../dist/cli/main.js', import.meta.url).href);
process.exitCode = await main(process.argv.slice(2));
