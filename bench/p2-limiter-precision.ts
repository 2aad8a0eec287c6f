// P2, limiter precision at 25 per 5 s and above: false refusals and excess admissions (target 0 and 0).
// 1. The sandbox over HTTP, driven by a FakeClock: each call is sent at an exact arrival time and the
//    sandbox's answer (200 or 429) is the decision.
// 2. The client-side limiter (LsqClient's own budget), driven the same way: every call is started at
//    its arrival time and waits for the budget; its send times are judged against its own window and
//    the sandbox — the provider — must refuse none of them.
// 3. One real-time run: the sandbox on the system clock, its limiter's decisions recorded as made.
//   node bench/p2-limiter-precision.ts        (npm run bench:limiter)
import { LsqClient } from '../src/client/index.ts';
import { startSandbox, type Sandbox } from '../src/sandbox/index.ts';
import { FakeClock } from '../src/timing/clock.ts';
import { ClockDriver } from '../test/reliability/support/drive-clock.ts';
import { RELIABILITY_CREDENTIALS as CREDS } from '../test/reliability/secret-values.ts';
import { arrivalPatterns, judge, judgeDelays, type Decision } from './lib/limit-judge.ts';
import { table, writeResult } from './lib/report.ts';

const START = Date.UTC(2026, 0, 1); // on a window boundary
// LeadSquared's plan (25 per 5 s) and above it: a bigger budget, and the same budget in a shorter window.
const LIMITS = [
  { limit: 25, windowMs: 5000 },
  { limit: 100, windowMs: 5000 },
  { limit: 25, windowMs: 1000 },
];
const KINDS = ['sliding', 'fixed'] as const;
const OPPORTUNITY = '5ca5b042-51ea-4699-b6f0-84c40ab12770';
const body = JSON.stringify({ ProspectOpportunityId: OPPORTUNITY, Fields: [{ SchemaName: 'mx_Custom_1', Value: 'x' }] });

async function sandboxDecisions(sb: Sandbox, clock: FakeClock, arrivals: number[]): Promise<Decision[]> {
  const out: Decision[] = [];
  const url = `${sb.url}${sb.settings.updatePath}?accessKey=${CREDS.accessKey}&secretKey=${CREDS.secretKey}`;
  for (const at of arrivals) {
    await clock.advance(START + at - clock.now());
    const res = await fetch(url, { method: 'POST', headers: { 'x-api-key': CREDS.apiKey, 'content-type': 'application/json' }, body });
    await res.arrayBuffer();
    out.push({ at: clock.now() - START, admitted: res.status === 200 });
  }
  return out;
}

async function clientRun(sb: Sandbox, driver: ClockDriver, arrivals: number[], limit: number, windowMs: number, kind: 'sliding' | 'fixed', marginMs: number) {
  const sent: number[] = [];
  let refusedByProvider = 0;
  const client = new LsqClient({
    baseUrl: sb.url,
    credentials: CREDS,
    clock: driver.clock,
    fetch: driver.fetch,
    rateLimitMarginMs: marginMs,
    rateLimit: { limit, windowMs, kind },
    onCall: (e) => {
      sent.push(driver.clock.now() - START);
      if (e.httpStatus === 429) refusedByProvider++;
    },
  });
  const calls = arrivals.map(async (at) => {
    await driver.clock.sleep(START + at - driver.clock.now());
    await client.submitUpdate(JSON.parse(body)).catch(() => {});
  });
  await driver.run(Promise.all(calls));
  const own = judgeDelays(
    arrivals.map((t) => START + t),
    sent.map((t) => START + t),
    limit,
    windowMs + marginMs,
    kind,
  );
  const provider = judge(
    [...sent].sort((a, b) => a - b).map((at) => ({ at, admitted: true })),
    limit,
    windowMs,
    kind,
  );
  return { own, providerExcess: provider.excessAdmissions, refusedByProvider, sent: sent.length };
}

async function main() {
  const rows: Array<Array<string | number>> = [];
  const results: Array<Record<string, unknown>> = [];
  let totalExcess = 0;
  let totalFalse = 0;

  for (const { limit, windowMs } of LIMITS) {
    for (const kind of KINDS) {
      for (const [pattern, arrivals] of Object.entries(arrivalPatterns(limit, windowMs))) {
        const clock = new FakeClock(START);
        const sb = await startSandbox({ clock, settings: { credentials: CREDS, rateLimit: { limit, windowMs, kind, sharedBudget: true } } });
        const j = judge(await sandboxDecisions(sb, clock, arrivals), limit, windowMs, kind);
        await sb.stop();
        totalExcess += j.excessAdmissions;
        totalFalse += j.falseRefusals;
        rows.push(['sandbox', `${limit}/${windowMs / 1000}s ${kind}`, pattern, j.calls, j.admitted, j.refused, j.falseRefusals, j.excessAdmissions]);
        results.push({ side: 'sandbox', limit, windowMs, kind, pattern, ...j });
      }
    }
  }

  // The client-side limiter: sliding (its default) and fixed, with and without its 250 ms margin.
  const clientRows: Array<Array<string | number>> = [];
  for (const { limit, windowMs } of LIMITS) {
    for (const kind of KINDS) {
      for (const marginMs of [0, 250]) {
        for (const [pattern, arrivals] of Object.entries(arrivalPatterns(limit, windowMs))) {
          const driver = new ClockDriver(new FakeClock(START));
          const sb = await startSandbox({ clock: driver.clock, settings: { credentials: CREDS, rateLimit: { limit, windowMs, kind } } });
          const r = await clientRun(sb, driver, arrivals, limit, windowMs, kind, marginMs);
          await sb.stop();
          totalExcess += r.providerExcess + r.refusedByProvider;
          totalFalse += r.own.falseRefusals;
          clientRows.push([
            `client, margin ${marginMs} ms`,
            `${limit}/${windowMs / 1000}s ${kind}`,
            pattern,
            r.sent,
            r.own.falseRefusals,
            r.own.worstNeedlessWaitMs,
            r.providerExcess,
            r.refusedByProvider,
          ]);
          results.push({
            side: 'client',
            limit,
            windowMs,
            kind,
            marginMs,
            pattern,
            sent: r.sent,
            falseRefusals: r.own.falseRefusals,
            excessAdmissions: r.providerExcess,
            refusedByProvider: r.refusedByProvider,
          });
        }
      }
    }
  }

  // One real-time run: 2× the limit for 15 s; the sandbox's limiter decisions recorded as they are made.
  const sb = await startSandbox({ settings: { credentials: CREDS, rateLimit: { limit: 25, windowMs: 5000, kind: 'sliding' } } });
  const realDecisions: Decision[] = [];
  const limiter = sb.limiter;
  const original = limiter.tryAcquire.bind(limiter);
  limiter.tryAcquire = (key?: string) => {
    const d = original(key);
    realDecisions.push({ at: sb.clock.now(), admitted: d.admitted });
    return d;
  };
  const url = `${sb.url}${sb.settings.updatePath}?accessKey=${CREDS.accessKey}&secretKey=${CREDS.secretKey}`;
  const t0 = performance.now();
  const sends: Promise<void>[] = [];
  for (let i = 0; i < 150; i++) {
    const due = t0 + i * 100;
    while (performance.now() < due) await new Promise((r) => setTimeout(r, Math.max(0, due - performance.now())));
    sends.push(
      fetch(url, { method: 'POST', headers: { 'x-api-key': CREDS.apiKey, 'content-type': 'application/json' }, body })
        .then((r) => r.arrayBuffer())
        .then(() => {}),
    );
  }
  await Promise.all(sends);
  await sb.stop();
  const real = judge(realDecisions, 25, 5000, 'sliding');
  totalExcess += real.excessAdmissions;
  totalFalse += real.falseRefusals;
  results.push({ side: 'sandbox, real time', limit: 25, windowMs: 5000, kind: 'sliding', pattern: '2× the limit for 15 s', ...real });

  const file = writeResult('p2-limiter-precision', { totals: { falseRefusals: totalFalse, excessAdmissions: totalExcess }, results });
  console.log(table(['limiter', 'limit', 'arrivals', 'calls', 'admitted', 'refused', 'false refusals', 'excess admissions'], rows));
  console.log();
  console.log(
    table(
      [
        'limiter',
        'limit',
        'arrivals',
        'sent',
        'false refusals (own window)',
        'worst needless wait (ms)',
        'excess admissions (provider window)',
        'refused by the sandbox',
      ],
      clientRows,
    ),
  );
  console.log();
  console.log(
    `real time, sandbox 25/5s sliding, 2× the limit for 15 s: ${real.calls} calls, ${real.admitted} admitted, false refusals ${real.falseRefusals}, excess admissions ${real.excessAdmissions}`,
  );
  console.log(
    `\nP2 totals: false refusals ${totalFalse}, excess admissions ${totalExcess} (target 0 and 0) → ${totalFalse === 0 && totalExcess === 0 ? 'MET' : 'MISSED'}   [${file}]`,
  );
}

await main();
