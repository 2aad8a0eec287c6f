// Packs and installs once for every test file of the package suite (the install takes 15–40 s), hands
// the paths to the files through vitest's provide/inject, and writes the footprint figures that
// BENCHMARKS.md quotes to reports/package/footprint.txt. The temp folder is removed at the end unless
// LSQ_KEEP_PACKAGE_TMP=1.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { ROOT, install, pack, type PackageUnderTest } from './pack-install.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    pkg: PackageUnderTest;
  }
}

const du = (path: string) => execFileSync('du', ['-sk', path], { encoding: 'utf8' }).split('\t')[0]!;

export default function setup(project: TestProject): () => void {
  const work = mkdtempSync(join(tmpdir(), 'lsq-package-'));
  const packed = pack(join(work, 'pack'));
  const projectDir = join(work, 'project');
  const installSeconds = install(projectDir, packed.tarball);
  const installed = join(projectDir, 'node_modules/lsq-harness');
  project.provide('pkg', { ...packed, project: projectDir, bin: join(projectDir, 'node_modules/.bin/lsq-harness'), installed, work, installSeconds });

  const lines = [
    `tarball ${packed.size} bytes (${packed.files.length} files, ${packed.unpackedSize} bytes unpacked)`,
    `node_modules of a project with only lsq-harness and @types/node: ${du(join(projectDir, 'node_modules'))} KiB`,
    `node_modules/lsq-harness: ${du(installed)} KiB`,
    `npm install --omit=dev of the tarball: ${installSeconds.toFixed(1)} s`,
  ];
  mkdirSync(join(ROOT, 'reports/package'), { recursive: true });
  writeFileSync(join(ROOT, 'reports/package/footprint.txt'), `${lines.join('\n')}\n`);
  console.log(lines.map((l) => `package: ${l}`).join('\n'));

  return () => {
    if (process.env.LSQ_KEEP_PACKAGE_TMP !== '1') rmSync(work, { recursive: true, force: true });
  };
}
