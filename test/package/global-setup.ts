// Packs and installs once for every test file of the package suite (the install takes 15–40 s), hands
// the paths to the files through vitest's provide/inject, and writes the footprint figures that
// BENCHMARKS.md quotes to reports/package/footprint.txt. When LSQ_PACKAGE_PREPARED names the ready.json
// of test/package/prepare.ts (scripts/test.sh packs and installs early, beside the main run), that
// package is the one under test and nothing is packed again. The temp folder is removed at the end
// unless LSQ_KEEP_PACKAGE_TMP=1.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { newWorkFolder, prepare, ROOT, type PackageUnderTest } from './pack-install.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    pkg: PackageUnderTest;
  }
}

const du = (path: string) => execFileSync('du', ['-sk', path], { encoding: 'utf8' }).split('\t')[0]!;

export default function setup(project: TestProject): () => void {
  const prepared = process.env.LSQ_PACKAGE_PREPARED;
  const pkg: PackageUnderTest = prepared ? (JSON.parse(readFileSync(prepared, 'utf8')) as PackageUnderTest) : prepare(newWorkFolder());
  project.provide('pkg', pkg);

  const lines = [
    `tarball ${pkg.size} bytes (${pkg.files.length} files, ${pkg.unpackedSize} bytes unpacked)`,
    `node_modules of a project with only lsq-harness and @types/node: ${du(join(pkg.project, 'node_modules'))} KiB`,
    `node_modules/lsq-harness: ${du(pkg.installed)} KiB`,
    `npm install --omit=dev of the tarball: ${pkg.installSeconds.toFixed(1)} s${prepared ? ' (packed and installed ahead, beside the main test run)' : ''}`,
  ];
  mkdirSync(join(ROOT, 'reports/package'), { recursive: true });
  writeFileSync(join(ROOT, 'reports/package/footprint.txt'), `${lines.join('\n')}\n`);
  console.log(lines.map((l) => `package: ${l}`).join('\n'));

  return () => {
    if (process.env.LSQ_KEEP_PACKAGE_TMP !== '1') rmSync(pkg.work, { recursive: true, force: true });
  };
}
