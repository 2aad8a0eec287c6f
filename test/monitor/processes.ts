// Starting Debian's Prometheus and Pushgateway by hand for tests: loopback only, temp dirs, killed after.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, requireBinary } from '../support/monitor.ts';

export interface Running {
  url: string;
  dir: string;
  stop(): Promise<void>;
}

async function waitReady(url: string, child: ChildProcess, log: () => string, timeoutMs = 20_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`exited with ${child.exitCode}: ${log()}`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`not ready after ${timeoutMs} ms: ${log()}`);
}

function supervise(bin: string, args: string[], dir: string): { child: ChildProcess; log: () => string } {
  const child = spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d) => (out = (out + d).slice(-4000)));
  child.stderr!.on('data', (d) => (out = (out + d).slice(-4000)));
  void dir;
  return { child, log: () => out };
}

async function stopChild(child: ChildProcess, dir: string): Promise<void> {
  if (child.exitCode === null) {
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
    if (child.exitCode === null) child.kill('SIGKILL');
  }
  rmSync(dir, { recursive: true, force: true });
}

/** Prometheus with the given config text (rule files are resolved relative to the temp dir). */
export async function startPrometheus(config: string, files: Record<string, string> = {}, extraArgs: string[] = []): Promise<Running> {
  const bin = requireBinary('prometheus');
  const dir = mkdtempSync(join(tmpdir(), 'lsq-prom-'));
  writeFileSync(join(dir, 'prometheus.yml'), config);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const { child, log } = supervise(
    bin,
    [`--config.file=${join(dir, 'prometheus.yml')}`, `--storage.tsdb.path=${join(dir, 'data')}`, `--web.listen-address=127.0.0.1:${port}`, ...extraArgs],
    dir,
  );
  await waitReady(`${url}/-/ready`, child, log);
  return { url, dir, stop: () => stopChild(child, dir) };
}

export async function startPushgateway(): Promise<Running> {
  const bin = requireBinary('prometheus-pushgateway');
  const dir = mkdtempSync(join(tmpdir(), 'lsq-pgw-'));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const { child, log } = supervise(bin, [`--web.listen-address=127.0.0.1:${port}`, `--persistence.file=${join(dir, 'pgw.data')}`], dir);
  await waitReady(`${url}/-/ready`, child, log);
  return { url, dir, stop: () => stopChild(child, dir) };
}

/** An instant query; returns the result vector (throws on an evaluation error). */
export async function query(prometheusUrl: string, expr: string): Promise<Array<{ metric: Record<string, string>; value: [number, string] }>> {
  const res = await fetch(`${prometheusUrl}/api/v1/query?query=${encodeURIComponent(expr)}`);
  const body = (await res.json()) as {
    status: string;
    errorType?: string;
    error?: string;
    data: { result: Array<{ metric: Record<string, string>; value: [number, string] }> };
  };
  if (body.status !== 'success') throw new Error(`${expr}: ${body.errorType}: ${body.error}`);
  return body.data.result;
}
