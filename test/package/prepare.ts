// Packs and installs the package ahead of the package suite: `node test/package/prepare.ts <folder>`,
// run by scripts/test.d/07-package-prepare.sh right after the consumer tests have written the pact that
// ships, beside the main vitest run. The pack (prepack builds dist/) and the install only compute and
// wait on npm, ~40 s that used to start only after the main run, at the head of its longest chain. It
// writes <folder>/ready.json (the PackageUnderTest, for the global setup: LSQ_PACKAGE_PREPARED) or, when
// the pack or the install fails, <folder>/failed with the reason; the package suite then packs and
// installs itself and reports the failure through its tests.
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { newWorkFolder, prepare } from './pack-install.ts';

const dir = resolve(process.argv[2] ?? 'reports/tests/package-prep');
mkdirSync(dir, { recursive: true });
const work = newWorkFolder();
const started = Date.now();
try {
  const pkg = prepare(work);
  // Written whole, then renamed: the suite that waits for it never reads half a file.
  writeFileSync(join(dir, 'ready.json.part'), `${JSON.stringify(pkg)}\n`);
  renameSync(join(dir, 'ready.json.part'), join(dir, 'ready.json'));
  console.log(
    `package: packed and installed in ${((Date.now() - started) / 1000).toFixed(1)} s (npm install ${pkg.installSeconds.toFixed(1)} s): ${pkg.project}`,
  );
} catch (err) {
  rmSync(work, { recursive: true, force: true });
  writeFileSync(join(dir, 'failed'), `${(err as Error).message}\n`);
  console.error(`package: pack or install failed; the package suite will try again and report it:\n${(err as Error).message}`);
  process.exitCode = 1;
}
