// End to end through the monitor command: a provider that answers "Completed" (not one of the four
// documented words) is a contract violation the monitor counts in lsq_contract_violations_total,
// not a quiet success; with LSQ_EXTRA_STATUS_WORDS=Completed:succeeded the same answer is a success.
// The provider and the Pushgateway are one stub server on 127.0.0.1; the metrics pushed are read back.
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, expect, test, vi } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { exampleStatusSuccess, exampleUpdateAccepted } from '../../src/contract/index.ts';

const CANARY = '6a22455b-213e-4450-a960-3deef72b5eec';
const KEYS = { LSQ_ACCESS_KEY: 'word-access-key', LSQ_SECRET_KEY: 'word-secret-key', LSQ_API_KEY: 'word-api-key' };
let server: Server;
let base = '';
let pushed: string[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      const send = (value: unknown) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify(value));
      };
      if (url.pathname.startsWith('/metrics/job/')) {
        pushed.push(body);
        res.writeHead(200);
        res.end();
      } else if (req.method === 'POST' && url.pathname === '/opportunity/update') {
        send({ ...exampleUpdateAccepted, RequestID: randomUUID() });
      } else if (url.pathname === '/opportunity/update/status') {
        const Message = JSON.stringify({ Status: 'Success', Message: { Id: CANARY } });
        send({ RequestID: url.searchParams.get('RequestID'), TaskStatus: { ...exampleStatusSuccess.TaskStatus, Status: 'Completed', Message } });
      } else {
        res.writeHead(404);
        res.end();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
afterEach(() => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
  pushed = [];
});

async function monitorOnce(extra: Record<string, string>): Promise<{ code: number; output: string }> {
  for (const [k, v] of Object.entries({ ...KEYS, LSQ_ASYNC_HOST: base, LSQ_CANARY_OPPORTUNITY_ID: CANARY, LSQ_EXTRA_STATUS_WORDS: '', ...extra }))
    vi.stubEnv(k, v);
  let output = '';
  const capture = (chunk: unknown) => {
    output += String(chunk);
    return true;
  };
  vi.spyOn(process.stdout, 'write').mockImplementation(capture);
  vi.spyOn(process.stderr, 'write').mockImplementation(capture);
  const ledger = join(mkdtempSync(join(tmpdir(), 'lsq-word-monitor-')), 'ledger.json');
  const code = await main(['monitor', '--once', '--listen', '127.0.0.1:0', '--ledger', ledger, '--deadline', '20s', '--pushgateway', base]);
  return { code, output };
}

const counted = (rule: string) => {
  const line = pushed
    .join('\n')
    .split('\n')
    .find((l) => l.startsWith(`lsq_contract_violations_total{rule="${rule}"}`));
  return line === undefined ? null : Number(line.split(' ').at(-1));
};

test('an undocumented word ends the canary as contract_violation and is counted by rule', async () => {
  const { code, output } = await monitorOnce({});
  expect(code, output).toBe(1);
  expect(output).toMatch(/contract_violation/);
  expect(output).toMatch(/status\.status\.undocumented-word/);
  expect(counted('status.status.undocumented-word')).toBeGreaterThanOrEqual(1);
});

test('the same word declared in LSQ_EXTRA_STATUS_WORDS is a success with no violation counted', async () => {
  const { code, output } = await monitorOnce({ LSQ_EXTRA_STATUS_WORDS: 'Completed:succeeded' });
  expect(code, output).toBe(0);
  expect(output).toMatch(/success/);
  expect(counted('status.status.undocumented-word')).toBe(0);
});
