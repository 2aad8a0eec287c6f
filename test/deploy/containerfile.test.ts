// The Containerfile, checked without building it (there is no registry for base images here): its
// instructions are parsed and checked against the CLI — the entrypoint is `lsq-harness monitor`, every
// flag is one `monitor --help` lists, the port of --listen is the one exposed and the one HEALTHCHECK
// asks for /healthz, the ledger is on the volume — and against the rules for the image: Node 24 slim,
// installed from `npm pack`'s tarball without dev dependencies, a non-root user, no setting baked in.
// The HEALTHCHECK command itself is run against a monitor on loopback, and without one.
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { expect, test } from 'vitest';
import { flagsIn, flagsOf, ROOT, SETTING_NAMES } from './support/cli-vocabulary.ts';

interface Instruction {
  op: string;
  args: string;
}

/** The instructions, continuation lines joined and comments dropped. */
function instructions(text: string): Instruction[] {
  const lines = text.split('\n').filter((l) => !/^\s*#/.test(l));
  const joined = lines.join('\n').replace(/\\\n/g, ' ');
  return joined
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => {
      const m = /^\s*(\w+)\s+(.*)$/.exec(l);
      if (!m) throw new Error(`Containerfile: cannot read ${l}`);
      return { op: m[1]!.toUpperCase(), args: m[2]!.trim() };
    });
}

const all = instructions(readFileSync(`${ROOT}Containerfile`, 'utf8'));
const lastFrom = all.map((i) => i.op).lastIndexOf('FROM');
const final = all.slice(lastFrom);
const get = (op: string): Instruction[] => final.filter((i) => i.op === op);
const execForm = (op: string): string[] => {
  const found = get(op);
  expect(found, op).toHaveLength(1);
  return JSON.parse(found[0]!.args) as string[];
};
const cmd = (): string[] => execForm('CMD');
const argOf = (args: string[], flag: string): string | undefined => args[args.indexOf(flag) + 1];
const healthcheckCommand = (): string[] => {
  const hc = get('HEALTHCHECK');
  expect(hc).toHaveLength(1);
  const m = /\bCMD\s+(\[.*\])\s*$/.exec(hc[0]!.args);
  expect(m, 'HEALTHCHECK … CMD in exec form').not.toBeNull();
  return JSON.parse(m![1]!) as string[];
};

test('every stage is built on Node 24 slim (the version of .nvmrc)', () => {
  const major = readFileSync(`${ROOT}.nvmrc`, 'utf8').trim().split('.')[0];
  const froms = all.filter((i) => i.op === 'FROM');
  expect(froms.length).toBeGreaterThan(0);
  for (const f of froms) expect(f.args).toMatch(new RegExp(`^node:${major}(\\.[\\d.]+)?-slim\\b`));
});

test('the package is installed from the tarball npm pack built, without dev dependencies', () => {
  const before = all
    .slice(0, lastFrom)
    .map((i) => i.args)
    .join('\n');
  expect(before).toMatch(/\bnpm pack\b/);
  const runs = get('RUN')
    .map((i) => i.args)
    .join('\n');
  expect(runs).toMatch(/npm install --omit=dev\b[^\n]*lsq-harness-\*\.tgz/);
  expect(
    get('COPY')
      .map((i) => i.args)
      .join('\n'),
  ).toMatch(/--from=/);
});

test('the monitor runs as a non-root user', () => {
  const users = get('USER');
  expect(users.length).toBeGreaterThan(0);
  expect(users.at(-1)!.args).not.toMatch(/^(root|0)(:|$)/);
  const userAt = final.lastIndexOf(users.at(-1)!);
  expect(userAt).toBeLessThan(final.findIndex((i) => i.op === 'ENTRYPOINT'));
});

test('the entrypoint is `lsq-harness monitor`, and every flag of CMD is one `monitor --help` lists', () => {
  expect(execForm('ENTRYPOINT')).toEqual(['lsq-harness', 'monitor']);
  const known = flagsOf('monitor');
  const used = flagsIn(cmd().join(' '));
  expect(used.size).toBeGreaterThan(0);
  for (const flag of used) expect(known, flag).toContain(flag);
});

test('the port of --listen is exposed, on all interfaces of the container', () => {
  const listen = argOf(cmd(), '--listen');
  expect(listen).toMatch(/^0\.0\.0\.0:\d+$/);
  expect(get('EXPOSE').map((i) => i.args)).toEqual([listen!.split(':')[1]]);
});

test('HEALTHCHECK asks /healthz on the port of --listen', () => {
  const port = argOf(cmd(), '--listen')!.split(':')[1];
  const url = /https?:\/\/[^'"\s]+/.exec(healthcheckCommand().join(' '))?.[0];
  expect(url).toBe(`http://127.0.0.1:${port}/healthz`);
});

test("the ledger (--ledger) is on the declared volume, owned by the monitor's user", () => {
  const ledger = argOf(cmd(), '--ledger');
  expect(ledger).toBeDefined();
  const volumes = get('VOLUME').map((i) => i.args);
  expect(volumes).toContain(dirname(ledger!));
  const user = get('USER').at(-1)!.args.split(':')[0];
  expect(
    get('RUN')
      .map((i) => i.args)
      .join('\n'),
  ).toContain(`chown ${user}:`);
});

test('no setting is baked into the image (they come from the environment at run time)', () => {
  for (const i of all.filter((x) => x.op === 'ENV' || x.op === 'ARG')) {
    for (const name of SETTING_NAMES) expect(i.args, `${i.op} ${name}`).not.toContain(name);
  }
});

test('the build context leaves out installed and local things (.dockerignore)', () => {
  const ignored = readFileSync(`${ROOT}.dockerignore`, 'utf8')
    .split('\n')
    .map((l) => l.trim());
  for (const entry of ['node_modules', '.tools', '.git', 'dist', 'reports']) expect(ignored).toContain(entry);
});

test('the HEALTHCHECK command succeeds against a running monitor and fails when nothing answers', async () => {
  const [bin, ...args] = healthcheckCommand();
  expect(bin).toBe('node');
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('LSQ_')));
  const monitor = spawn(process.execPath, [`${ROOT}bin/lsq-harness.js`, 'monitor', '--listen', '127.0.0.1:0', '--interval', '1h'], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  try {
    const port = await new Promise<string>((resolve, reject) => {
      let out = '';
      const seen = (d: Buffer) => {
        out += d;
        const m = /health: http:\/\/127\.0\.0\.1:(\d+)\/healthz/.exec(out);
        if (m) resolve(m[1]!);
      };
      monitor.stdout.on('data', seen);
      monitor.stderr.on('data', seen);
      monitor.once('close', () => reject(new Error(`monitor exited: ${out}`)));
    });
    const probe = (p: string) =>
      spawnSync(
        process.execPath,
        args.map((a) => a.replace(/127\.0\.0\.1:\d+/, `127.0.0.1:${p}`)),
        { timeout: 15_000 },
      ).status;
    expect(probe(port)).toBe(0);
    monitor.kill('SIGTERM');
    await new Promise((r) => monitor.once('close', r));
    expect(probe(port)).toBe(1);
  } finally {
    monitor.kill('SIGKILL');
  }
});
