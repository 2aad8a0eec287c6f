// A monitor on fake time whose provider answers without HTTP (a fetch function): thousands of canaries
// run in a second, and a test chooses each answer (a failed submit, a status sequence) and what happens
// between calls (a step of the wall clock).
import { randomUUID } from 'node:crypto';
import { LsqClient } from '../../src/client/client.ts';
import { exampleErrorEnvelope, exampleStatusSuccess, exampleUpdateAccepted } from '../../src/contract/examples.ts';
import { createCanaryMetrics } from '../../src/metrics/canary-metrics.ts';
import { Ledger } from '../../src/monitor/ledger.ts';
import { Monitor } from '../../src/monitor/monitor.ts';
import { AdaptivePollSchedule } from '../../src/monitor/poll-schedule.ts';
import { FakeClock } from '../../src/timing/clock.ts';
import { ClockDriver } from '../reliability/support/drive-clock.ts';
import { CANARY, CREDS } from '../support/monitor.ts';

export type StubAnswer = 'accepted' | 'server-error' | 'in-queue' | 'success';

export interface StubOptions {
  /** The answer to submit number n (1-based); default accepted. */
  submit?: (n: number) => StubAnswer;
  /** The answer to status call number n of a canary (1-based); default success. */
  status?: (n: number) => StubAnswer;
  /** Called before each status call is answered (to step the clock between calls). */
  beforeStatus?: (n: number, clock: FakeClock) => void;
}

const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

function statusBody(requestId: string, answer: StubAnswer) {
  if (answer === 'in-queue') {
    return {
      ...exampleStatusSuccess,
      RequestID: requestId,
      TaskStatus: {
        ...exampleStatusSuccess.TaskStatus,
        Status: 'In-Queue',
        StatusReason: null,
        TaskCurrentStep: 'In-Process-Queue',
        TaskLastStep: null,
        Message: null,
      },
    };
  }
  return { ...exampleStatusSuccess, RequestID: requestId };
}

export function stubMonitor(o: StubOptions = {}): { monitor: Monitor; driver: ClockDriver; clock: FakeClock; lines: string[] } {
  const driver = new ClockDriver(new FakeClock());
  let submits = 0;
  const statusCalls = new Map<string, number>();
  const fetchImpl: typeof fetch = async (input, init) => {
    const url = new URL(String(input));
    if (init?.method === 'POST') {
      const answer = o.submit?.(++submits) ?? 'accepted';
      return answer === 'server-error' ? json(exampleErrorEnvelope, 500) : json({ ...exampleUpdateAccepted, RequestID: randomUUID() });
    }
    const requestId = url.searchParams.get('RequestID')!;
    const n = (statusCalls.get(requestId) ?? 0) + 1;
    statusCalls.set(requestId, n);
    o.beforeStatus?.(n, driver.clock);
    return json(statusBody(requestId, o.status?.(n) ?? 'success'));
  };
  const client = new LsqClient({
    baseUrl: 'http://127.0.0.1:9',
    credentials: CREDS,
    clock: driver.clock,
    fetch: fetchImpl,
    rateLimit: { limit: 0, windowMs: 5000, kind: 'sliding' },
  });
  const lines: string[] = [];
  const monitor = new Monitor({
    client,
    metrics: createCanaryMetrics({ processMetrics: false }),
    ledger: new Ledger(null),
    canary: { opportunityId: CANARY, markerField: 'mx_Custom_1', deadlineMs: 60_000 },
    targetKind: 'sandbox',
    targetDescription: 'stub provider',
    log: (l) => lines.push(l),
    schedule: new AdaptivePollSchedule({ initialMs: 1000 }),
  });
  return { monitor, driver, clock: driver.clock, lines };
}
