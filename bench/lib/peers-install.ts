// The peers the sandbox is compared with (what a user would pick instead), installed on first use into
// the git-ignored .tools/peers/ and reused after: WireMock standalone from Maven Central (through
// `mvn dependency:copy`, so Maven's own settings, mirrors and cache apply) and Prism from npm. Never a
// dependency of the project, never installed by CI.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = new URL('../..', import.meta.url).pathname;
export const WIREMOCK_VERSION = '3.13.2';
export const PRISM_VERSION = '5.16.0';

/** The WireMock standalone jar; downloaded when missing. */
export function ensureWireMock(): string {
  const dir = join(ROOT, `.tools/peers/wiremock-${WIREMOCK_VERSION}`);
  const jar = join(dir, `wiremock-standalone-${WIREMOCK_VERSION}.jar`);
  if (existsSync(jar)) return jar;
  mkdirSync(dir, { recursive: true });
  console.log(`installing WireMock ${WIREMOCK_VERSION} (Maven Central) into ${dir}`);
  execFileSync('mvn', ['-q', '-B', 'dependency:copy', `-Dartifact=org.wiremock:wiremock-standalone:${WIREMOCK_VERSION}`, `-DoutputDirectory=${dir}`], {
    stdio: 'inherit',
    timeout: 10 * 60_000,
  });
  if (!existsSync(jar)) throw new Error(`mvn dependency:copy did not produce ${jar}`);
  return jar;
}

/** Prism's CLI script (run with this Node); installed when missing. */
export function ensurePrism(): string {
  const dir = join(ROOT, `.tools/peers/prism-${PRISM_VERSION}`);
  const cli = join(dir, 'node_modules/@stoplight/prism-cli/dist/index.js');
  const installed = join(dir, 'node_modules/@stoplight/prism-cli/package.json');
  if (existsSync(installed) && (JSON.parse(readFileSync(installed, 'utf8')) as { version: string }).version === PRISM_VERSION) return cli;
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), '{ "name": "lsq-bench-prism", "private": true }\n');
  console.log(`installing Prism ${PRISM_VERSION} (npm) into ${dir}`);
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--omit=dev', `@stoplight/prism-cli@${PRISM_VERSION}`], {
    cwd: dir,
    stdio: 'inherit',
    timeout: 10 * 60_000,
  });
  return cli;
}
