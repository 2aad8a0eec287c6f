// One conformance run: Schemathesis with every check, against any target, through the generated
// OpenAPI document. The document is written with the target's own paths; a paced forwarder
// (paced-forwarder.ts) in front of the target keeps the run inside the rate budget and waits out 429s.
// Read-only mode tests the status call alone (no update is sent, no stateful phase); read-write adds
// the update call and the stateful phase, which follows the document's link from the accepted
// RequestID to the status call. The result is a value: counts, cases, where the JUnit and log are.
import { spawn } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { LineRedactor } from '../client/line-redactor.ts';
import { redact } from '../client/redact.ts';
import { renderOpenApiYaml, STATUS_OPERATION_ID } from '../openapi/index.ts';
import type { RateLimitSettings } from '../timing/rate-limiter.ts';
import { junitCases, type JunitCase } from './junit-cases.ts';
import { startPacedForwarder } from './paced-forwarder.ts';
import { schemathesisConfig } from './schemathesis-config.ts';

export interface ConformanceOptions {
  target: string;
  updatePath: string;
  statusPath: string;
  credentials: { accessKey: string; secretKey: string; apiKey: string };
  writes: boolean;
  /** The budget the run keeps to; limit 0 sends unpaced. */
  rateLimit: RateLimitSettings;
  schemathesis: string;
  out: string;
  junitPath: string;
  maxExamples: number;
  seed: number;
  workers?: number;
  timeoutMs?: number;
  /** Each line Schemathesis prints, redacted. */
  onLine?: (line: string) => void;
  signal?: AbortSignal;
}

export interface ConformanceResult {
  ok: boolean;
  mode: 'read-only' | 'read-write';
  exitCode: number | null;
  timedOut: boolean;
  cases: JunitCase[];
  failed: number;
  /** Test cases Schemathesis generated and sent, from its summary (null when it printed none). */
  generated: number | null;
  calls: number;
  waitedOut429s: number;
  durationMs: number;
  junitPath: string;
  logPath: string;
  documentPath: string;
}

export function schemathesisArgs(o: ConformanceOptions, doc: string, config: string, url: string): string[] {
  const phases = o.writes ? 'examples,coverage,fuzzing,stateful' : 'examples,coverage,fuzzing';
  return [
    '--config-file',
    config,
    'run',
    doc,
    '--url',
    url,
    '--checks',
    'all',
    '--phases',
    phases,
    ...(o.writes ? [] : ['--include-operation-id', STATUS_OPERATION_ID]),
    '--seed',
    String(o.seed),
    '--max-examples',
    String(o.maxExamples),
    '--workers',
    String(o.workers ?? 1),
    '--request-timeout',
    '15',
    // Hypothesis' too_slow health check times how long generating inputs takes, on the wall clock: a
    // busy CI runner (or a run at low priority beside others) fails it, and the operation's fuzzing
    // phase errors out untested. It says nothing about the provider; slow generation only runs longer.
    '--suppress-health-check',
    'too_slow',
    '--report',
    'junit',
    '--report-junit-path',
    o.junitPath,
    '--no-color',
  ];
}

export async function runConformance(o: ConformanceOptions): Promise<ConformanceResult> {
  mkdirSync(o.out, { recursive: true });
  const started = Date.now();
  const forwarder = await startPacedForwarder({ target: o.target, rateLimit: o.rateLimit });
  const documentPath = join(o.out, 'openapi.yaml');
  const configPath = join(o.out, 'schemathesis.toml');
  const logPath = join(o.out, 'schemathesis.log');
  writeFileSync(
    documentPath,
    renderOpenApiYaml({
      updatePath: o.updatePath,
      statusPath: o.statusPath,
      servers: [{ url: forwarder.url, description: 'the target, through the paced forwarder' }],
    }),
  );
  writeFileSync(configPath, schemathesisConfig());
  try {
    const run = await runSchemathesis(o, schemathesisArgs(o, documentPath, configPath, forwarder.url), logPath);
    const cases = existsSync(o.junitPath) ? junitCases(readFileSync(o.junitPath, 'utf8')) : [];
    const failed = cases.filter((c) => c.failure !== undefined).length;
    return {
      ok: run.code === 0 && !run.timedOut && cases.length > 0 && failed === 0,
      mode: o.writes ? 'read-write' : 'read-only',
      exitCode: run.code,
      timedOut: run.timedOut,
      cases,
      failed,
      generated: run.generated,
      calls: forwarder.calls,
      waitedOut429s: forwarder.waitedOut429s,
      durationMs: Date.now() - started,
      junitPath: o.junitPath,
      logPath,
      documentPath,
    };
  } finally {
    await forwarder.close();
  }
}

function runSchemathesis(
  o: ConformanceOptions,
  args: string[],
  logPath: string,
): Promise<{ code: number | null; timedOut: boolean; generated: number | null }> {
  return new Promise((resolve) => {
    const log = createWriteStream(logPath);
    log.write(`$ ${redact([o.schemathesis, ...args].join(' '))}\n`);
    const env = {
      ...process.env,
      LSQ_API_KEY: o.credentials.apiKey,
      LSQ_ACCESS_KEY: o.credentials.accessKey,
      LSQ_SECRET_KEY: o.credentials.secretKey,
      PYTHONDONTWRITEBYTECODE: '1',
      NO_COLOR: '1',
      COLUMNS: '120',
    };
    const child = spawn(o.schemathesis, args, { cwd: o.out, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let generated: number | null = null;
    const emit = (text: string) => {
      if (!text) return;
      log.write(text);
      for (const line of text.split('\n')) {
        const m = /^\s*(\d+) generated\b/.exec(line);
        if (m) generated = Number(m[1]);
        if (line) o.onLine?.(line);
      }
    };
    const outLines = new LineRedactor();
    const errLines = new LineRedactor();
    child.stdout.on('data', (d: Buffer) => emit(outLines.push(d)));
    child.stdout.on('end', () => emit(outLines.end()));
    child.stderr.on('data', (d: Buffer) => emit(errLines.push(d)));
    child.stderr.on('end', () => emit(errLines.end()));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), 5000).unref();
    }, o.timeoutMs ?? 900_000);
    const onAbort = () => child.kill('SIGTERM');
    o.signal?.addEventListener('abort', onAbort, { once: true });
    child.on('error', (err) => emit(`could not start ${o.schemathesis}: ${err.message}\n`));
    child.on('close', (code) => {
      clearTimeout(timer);
      o.signal?.removeEventListener('abort', onAbort);
      log.end(`\n[exit ${code}${timedOut ? ', timed out' : ''}]\n`, () => resolve({ code, timedOut, generated }));
    });
  });
}
