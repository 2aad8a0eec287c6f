#!/usr/bin/env node
// npm's bin entry. The sources are TypeScript run directly by Node 24 (type stripping), so this
// needs Node 24 on PATH — scripts/lsq-harness brings it when the machine has an older one.
const major = Number(process.versions.node.split('.')[0]);
if (major < 24) {
  console.error(`lsq-harness needs Node 24 (found ${process.version}); run scripts/lsq-harness, which installs it`);
  process.exit(2);
}
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
