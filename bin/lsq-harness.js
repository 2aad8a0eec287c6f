#!/usr/bin/env node
// npm's bin entry, and the entry of every launcher script. The sources are TypeScript run directly by
// Node 24 (type stripping), so this needs Node 24 on PATH — scripts/lsq-harness brings it when the
// machine has an older one.
import { enableCompileCache } from 'node:module';
import { fileURLToPath } from 'node:url';

const major = Number(process.versions.node.split('.')[0]);
if (major < 24) {
  console.error(`lsq-harness needs Node 24 (found ${process.version}); run scripts/lsq-harness, which installs it`);
  process.exit(2);
}
// Node's on-disk compile cache keeps the type-stripped sources (and their bytecode) between runs, so a
// run after the first loads neither the TypeScript stripper (~20 MB resident, a fifth of the monitor's
// footprint: BENCHMARKS.md, P5) nor re-parses the sources. The cache lives in the project's
// git-ignored tools folder, where scripts/bootstrap.sh warms it at install time (so an image built
// with it starts warm), unless NODE_COMPILE_CACHE names another folder; NODE_DISABLE_COMPILE_CACHE=1
// turns it off. An unwritable folder only means no cache. It has to be enabled here, in plain
// JavaScript, before the first .ts module is loaded.
enableCompileCache(process.env.NODE_COMPILE_CACHE || fileURLToPath(new URL('../.tools/node-compile-cache', import.meta.url)));
// `lsq-harness --help | head`: a reader that stops early is not an error worth a stack trace.
process.stdout.on('error', (err) => {
  if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw err;
});
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
