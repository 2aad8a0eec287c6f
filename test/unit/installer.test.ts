// The set-up is a guest on a user's machine: it may unpack tools into the checkout, never install
// services system-wide nor stop a process it did not start (a user's own Prometheus survived nothing
// before). The installer runs here with every command that could do harm replaced by a recorder.
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, test } from 'vitest';

const INSTALLER = process.env.LSQ_INSTALLER_UNDER_TEST ?? new URL('../../scripts/bootstrap.d/debian-tools.sh', import.meta.url).pathname;
const HARMFUL = ['pkill', 'killall', 'kill', 'systemctl', 'service', 'update-rc.d', 'invoke-rc.d'];

let dir = '';
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function stub(bin: string, name: string, body: string): void {
  const path = join(bin, name);
  writeFileSync(path, `#!/bin/sh\n${body}\n`);
  chmodSync(path, 0o755);
}

test('the Debian tools are unpacked into the tools folder; nothing is installed, stopped or started', () => {
  dir = mkdtempSync(join(tmpdir(), 'lsq-installer-'));
  const bin = join(dir, 'bin');
  const calls = join(dir, 'calls.log');
  execFileSync('mkdir', ['-p', bin]);
  for (const name of HARMFUL) stub(bin, name, `echo "${name} $*" >> ${calls}`);
  // apt-get may download (the real one, into the cache) but never install, remove or start anything.
  const realAptGet = execFileSync('sh', ['-c', 'command -v apt-get || true'], { encoding: 'utf8' }).trim();
  stub(bin, 'apt-get', `echo "apt-get $*" >> ${calls}\ncase "$*" in *download*|*update*) ${realAptGet ? `exec ${realAptGet} "$@"` : 'exit 1'};; esac\nexit 0`);
  const path = `${bin}:/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin`;
  const tools = join(dir, 'tools');
  const out = execFileSync(
    'bash',
    ['-c', `set -euo pipefail; say() { echo "$*" >&2; }; LSQ_TOOLS=${tools}; . ${INSTALLER}; command -v prometheus promtool prometheus-pushgateway`],
    {
      encoding: 'utf8',
      env: { PATH: path, HOME: process.env.HOME ?? dir, ...(process.env.XDG_CACHE_HOME ? { XDG_CACHE_HOME: process.env.XDG_CACHE_HOME } : {}) },
    },
  );
  const recorded = existsSync(calls) ? readFileSync(calls, 'utf8') : '';
  expect(recorded).not.toMatch(/^apt-get .*\b(install|remove|purge)\b/m);
  for (const name of HARMFUL) expect(recorded).not.toMatch(new RegExp(`^${name} `, 'm'));
  // Every binary resolves inside the project's tools folder.
  const found = out.trim().split('\n');
  expect(found).toHaveLength(3);
  for (const p of found) expect(p.startsWith(tools)).toBe(true);
});
