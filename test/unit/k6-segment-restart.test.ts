// A run split into k6 segments: each segment is started paused on a port picked here, and resumed
// through it once every segment's API answers. Another process can take the port between the pick and
// k6's bind (k6 then exits 106). Such a segment is now started again on another port; before, the
// runner went on polling the lost port for 20 s and threw ("did not come up"), or could have resumed
// whatever else answered there.
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { loadSettings } from '../../src/config/settings.ts';
import { runLoad } from '../../src/k6/runner.ts';
import { startSandbox } from '../../src/sandbox/index.ts';

const dir = mkdtempSync(join(tmpdir(), 'lsq-k6-segments-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/**
 * A stand-in k6: the first start of the first segment exits 106 at once (its port was taken); every
 * other start serves k6's status API on its --address, paused with its VUs initialised, and on the
 * PATCH that resumes it writes an empty passing summary and exits 0. Each start is logged.
 */
function standInK6(): { binary: string; starts: () => Array<{ segment: string; address: string; resumed?: boolean }> } {
  const binary = join(dir, 'k6');
  const log = join(dir, 'starts.jsonl');
  writeFileSync(
    binary,
    `#!${process.execPath}
const fs = require('node:fs');
const http = require('node:http');
const arg = (name) => process.argv[process.argv.indexOf(name) + 1];
const segment = arg('--execution-segment');
const address = arg('--address');
const log = (entry) => fs.appendFileSync(${JSON.stringify(log)}, JSON.stringify({ segment, address, ...entry }) + '\\n');
const first = !fs.existsSync(${JSON.stringify(log)}) || !fs.readFileSync(${JSON.stringify(log)}, 'utf8').includes(JSON.stringify(segment));
if (segment === '0:1/2' && first) { log({}); process.exit(106); }
log({});
const [host, port] = address.split(':');
const server = http.createServer((req, res) => {
  if (req.method === 'PATCH') {
    log({ resumed: true });
    res.end('{}');
    fs.mkdirSync(process.env.LOAD_REPORT_DIR, { recursive: true });
    fs.writeFileSync(process.env.LOAD_REPORT_DIR + '/rate-limit-summary.json', JSON.stringify({ script: 'rate-limit', ok: true, thresholds: [], totals: {}, plan: { expectations: [] } }));
    server.close(() => process.exit(0));
    return;
  }
  res.setHeader('content-type', 'application/json');
  res.end(JSON.stringify({ data: { attributes: { status: 4, paused: true } } }));
});
server.listen(Number(port), host);
`,
  );
  chmodSync(binary, 0o755);
  return {
    binary,
    starts: () =>
      readFileSync(log, 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l)),
  };
}

test('a segment whose k6 ends before its API answers is started again on another port, and both segments run', async () => {
  const k6 = standInK6();
  const sb = await startSandbox();
  const before = process.env.LSQ_K6_BINARY;
  process.env.LSQ_K6_BINARY = k6.binary;
  const lines: string[] = [];
  let result: Awaited<ReturnType<typeof runLoad>>;
  try {
    const env = { LSQ_ASYNC_HOST: sb.url, LSQ_ACCESS_KEY: 'sandbox-access-key', LSQ_SECRET_KEY: 'sandbox-secret-key', LSQ_API_KEY: 'sandbox-api-key' };
    result = await runLoad({
      script: 'rate-limit',
      profile: 'smoke',
      expected: { limit: 25, windowSeconds: 5, windowKind: 'sliding', sharedBudget: true },
      settings: loadSettings(env),
      outDir: join(dir, 'out'),
      segments: 2,
      onLine: (l) => lines.push(l),
    });
  } finally {
    if (before === undefined) delete process.env.LSQ_K6_BINARY;
    else process.env.LSQ_K6_BINARY = before;
    await sb.stop();
  }
  const starts = k6.starts().filter((s) => !s.resumed);
  const first = starts.filter((s) => s.segment === '0:1/2');
  expect(first).toHaveLength(2);
  expect(first[0]!.address).not.toBe(first[1]!.address);
  expect(
    k6
      .starts()
      .filter((s) => s.resumed)
      .map((s) => s.segment)
      .sort(),
  ).toEqual(['0:1/2', '1/2:1']);
  expect(lines.some((l) => /\[segment 1\/2\] k6 ended \(exit 106\) before its API on 127\.0\.0\.1:\d+ answered; starting it again/.test(l))).toBe(true);
  expect(result!.exitCode).toBe(0);
}, 30_000);
