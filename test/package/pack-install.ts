// The package as a user gets it: `npm pack` of this working tree (prepack builds dist/), then a fresh
// project in the temp folder that installs the tarball with `npm install --omit=dev` from the registry
// (the npm cache may serve it). Nothing from this checkout is on the installed package's PATH or
// module path: a missing runtime dependency or an unshipped file fails here as it would for a user.
import { execFileSync } from 'node:child_process';
import { accessSync, constants, mkdirSync, mkdtempSync, readFileSync, statfsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** The folder of the project's Node 24: the only Node the installed package is run with. */
export const NODE_DIR = dirname(process.execPath);
/** The consumer project's own version: different from the package's, so a version read from the wrong package.json shows. */
export const CONSUMER_VERSION = '9.9.9';

export interface PackedFile {
  path: string;
  size: number;
}

export interface Packed {
  tarball: string;
  /** Bytes of the .tgz. */
  size: number;
  unpackedSize: number;
  files: PackedFile[];
  version: string;
}

export interface PackageUnderTest extends Packed {
  /** The temp project that installed the tarball. */
  project: string;
  /** Its node_modules/.bin/lsq-harness. */
  bin: string;
  /** node_modules/lsq-harness inside it. */
  installed: string;
  /** Scratch space for reports, next to the project. */
  work: string;
  installSeconds: number;
}

/**
 * A user's shell: this machine's environment (network and TLS settings such as NODE_EXTRA_CA_CERTS
 * included) without what the checkout or the test runner added — PATH holds the project's Node 24 and
 * the system folders only (no node_modules/.bin, no k6), and no LSQ_*, K6_*, PACT_*, npm_* or vitest
 * variables.
 */
export function userEnv(extra: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (value === undefined || /^(LSQ_|K6_|PACT_|VITEST|npm_|NODE_COMPILE_CACHE$|NODE_DISABLE_COMPILE_CACHE$|NODE_ENV$|TEST$|NODE_OPTIONS$)/i.test(name))
      continue;
    env[name] = value;
  }
  return {
    ...env,
    PATH: `${NODE_DIR}:/usr/local/bin:/usr/bin:/bin`,
    SCARF_ANALYTICS: 'false',
    npm_config_update_notifier: 'false',
    npm_config_fund: 'false',
    npm_config_audit: 'false',
    ...extra,
  };
}

function npm(args: string[], cwd: string): string {
  return execFileSync('npm', args, { cwd, env: userEnv(), encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 240_000, maxBuffer: 64 * 1024 * 1024 });
}

/** `npm pack` of the working tree into `dest`; prepack builds dist/ first. */
export function pack(dest: string): Packed {
  mkdirSync(dest, { recursive: true });
  // --json prints the pack report after prepack's own output; the report is the JSON array at the end.
  const out = npm(['pack', '--json', '--pack-destination', dest], ROOT);
  const report = JSON.parse(out.slice(out.lastIndexOf('\n[') + 1)) as Array<{
    filename: string;
    size: number;
    unpackedSize: number;
    version: string;
    files: PackedFile[];
  }>;
  const r = report[0]!;
  return { tarball: join(dest, r.filename), size: r.size, unpackedSize: r.unpackedSize, files: r.files, version: r.version };
}

/**
 * A new temp folder for the package under test: in /dev/shm where that is a memory file system with
 * room and programs may run from it (the bin, the Pact core's native library), else in the OS temp
 * folder. npm install writes ~8,200 files, and on this machine's ext4 /tmp, where every run deletes as
 * many, the kernel's search for a free inode took 8–13 s of system CPU per install (3 s in memory).
 */
export function newWorkFolder(): string {
  return mkdtempSync(join(memoryFolder() ?? tmpdir(), 'lsq-package-'));
}

function memoryFolder(): string | undefined {
  const shm = '/dev/shm';
  try {
    const mount = readFileSync('/proc/self/mounts', 'utf8')
      .split('\n')
      .map((line) => line.split(' '))
      .find((f) => f[1] === shm);
    if (mount?.[2] !== 'tmpfs' || mount[3]?.split(',').includes('noexec')) return undefined;
    accessSync(shm, constants.W_OK);
    const fs = statfsSync(shm);
    return fs.bavail * fs.bsize >= 1024 ** 3 ? shm : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The package under test, packed and installed in `work` (a temp folder: the tarball in pack/, the
 * project in project/). The global setup does this, unless scripts/test.d/07-package-prepare.sh did it
 * already (test/package/prepare.ts) and handed over the result.
 */
export function prepare(work: string): PackageUnderTest {
  const packed = pack(join(work, 'pack'));
  const project = join(work, 'project');
  const installSeconds = install(project, packed.tarball);
  return {
    ...packed,
    project,
    bin: join(project, 'node_modules/.bin/lsq-harness'),
    installed: join(project, 'node_modules/lsq-harness'),
    work,
    installSeconds,
  };
}

/** A new project that installs the tarball (and @types/node, as a TypeScript user's project has). */
export function install(project: string, tarball: string): number {
  mkdirSync(project, { recursive: true });
  writeFileSync(
    join(project, 'package.json'),
    `${JSON.stringify({ name: 'lsq-harness-consumer', version: CONSUMER_VERSION, private: true, type: 'module' }, null, 2)}\n`,
  );
  const typesNode = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { devDependencies: Record<string, string> }).devDependencies[
    '@types/node'
  ]!;
  const started = Date.now();
  npm(['install', '--omit=dev', '--no-audit', '--no-fund', tarball, `@types/node@${typesNode}`], project);
  return (Date.now() - started) / 1000;
}
