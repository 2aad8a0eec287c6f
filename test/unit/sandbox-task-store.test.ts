// The sandbox's task store keeps tasks as rows of typed arrays and a byte arena (BENCHMARKS.md P1m).
// What it answers must not change: it is driven here operation by operation beside the store it
// replaced (support/map-task-store.ts, one Task object per task in a Map) and must agree on every
// lookup, view, status body text, count, kept body bytes and ground-truth task, through eviction by
// maxTasks, body eviction by maxKeptBodyBytes, re-added ids, settings changes and clear().
import { runInNewContext } from 'node:vm';
import { setFlagsFromString } from 'node:v8';
import { expect, test } from 'vitest';
import { SeededRandom } from '../../src/sandbox/random.ts';
import { defaultSandboxSettings, mergeSettings, type SandboxSettings, type SandboxSettingsPatch } from '../../src/sandbox/settings.ts';
import { type Task, TaskStore, acceptedTask, statusBody } from '../../src/sandbox/tasks.ts';
import { MX_FAILURE, SYSTEM_ERROR_TEXT, type PlannedOutcome } from '../../src/sandbox/triggers.ts';
import { MapTaskStore, statusBodyText as modelText } from './support/map-task-store.ts';

const BODIES = [
  '{"ProspectOpportunityId":"5ca5b042-51ea-4699-b6f0-84c40ab12770","Fields":[{"SchemaName":"mx_Custom_1","Value":"v"}]}',
  '{ "ProspectOpportunityId" : "x",\n  "OpportunityNote": "café — 日本 😀" }',
  '{"OpportunityNote":"quote \\" backslash \\\\ control \u0001 line \u2028 tab \t"}',
  '',
  'n'.repeat(3000),
  `{"OpportunityNote":"${'é'.repeat(1500)}"}`,
];
const OUTCOMES: PlannedOutcome[] = [
  { kind: 'success' },
  { kind: 'success' },
  { kind: 'application-error', ...MX_FAILURE },
  { kind: 'application-error', exceptionType: 'MXDoesNotExistException', message: 'Opportunity does not exist' },
  { kind: 'system-error', failingAttempts: 1, message: SYSTEM_ERROR_TEXT },
  { kind: 'system-error', failingAttempts: Infinity, message: SYSTEM_ERROR_TEXT },
  { kind: 'stuck' },
];
const SETTINGS: SandboxSettingsPatch[] = [
  { maxTasks: 1 },
  { maxTasks: 40 },
  { maxTasks: 300 },
  { maxTasks: 2000 },
  { maxKeptBodyBytes: 0 },
  { maxKeptBodyBytes: 5000 },
  { maxKeptBodyBytes: 60_000 },
  { maxKeptBodyBytes: 32 * 1024 * 1024 },
  { capacity: 1 },
  { capacity: 8 },
  { timeScale: 1 },
  { timeScale: 1000 },
  { latency: { kind: 'lognormal', medianMs: 2000, sigma: 1 } },
];

/** A task as a provider state or a library user might add it by hand. */
function handMade(dice: SeededRandom, id: string, now: number): Task {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(dice.next() * xs.length)]!;
  const base = acceptedTask(id, pick(['6a22455b-213e-4450-a960-3deef72b5eec', 'not a uuid "quoted"', 'ÄÖ😀']), pick(BODIES), now - 1000);
  const past = now - 500;
  switch (pick(['queued', 'picked, no attempt', 'processing', 'done', 'written reason', 'two attempts'] as const)) {
    case 'queued':
      return base;
    case 'picked, no attempt':
      return { ...base, pickedAt: past };
    case 'processing':
      return { ...base, pickedAt: past, attempts: [{ startedAt: past, endedAt: Number.MAX_SAFE_INTEGER, result: 'success' }] };
    case 'done':
      return {
        ...base,
        pickedAt: past,
        completedAt: past + 1,
        attempts: [{ startedAt: past, endedAt: past + 1, result: 'system-error' }],
        final: 'ERROR',
        finalReason: SYSTEM_ERROR_TEXT,
      };
    case 'written reason':
      return {
        ...base,
        pickedAt: past,
        completedAt: past + 1,
        attempts: [{ startedAt: past, endedAt: past + 1, result: 'application-error' }],
        final: 'FAILURE',
        finalReason: `MXCustom: ${dice.next()}`,
      };
    case 'two attempts':
      return {
        ...base,
        pickedAt: past,
        completedAt: now + 3000,
        attempts: [
          { startedAt: past, endedAt: past + 100, result: 'system-error', reason: 'first try failed' },
          { startedAt: now + 2000, endedAt: now + 3000, result: 'success' },
        ],
        final: 'Success',
        finalReason: 'done',
      };
  }
}

function drive(seed: number, operations: number, start: SandboxSettingsPatch): void {
  const dice = new SeededRandom(seed);
  const idSource = new SeededRandom(seed + 1);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(dice.next() * xs.length)]!;
  let settings: SandboxSettings = mergeSettings(defaultSandboxSettings(), start);
  let now = 1_700_000_000_000;
  const model = new MapTaskStore(
    () => settings,
    new SeededRandom(seed + 2),
    () => now,
  );
  const store = new TaskStore(
    () => settings,
    new SeededRandom(seed + 2),
    () => now,
  );
  const ids: string[] = [];
  let lastRead = 'nothing';
  const sameTasks = () => expect(JSON.stringify(store.list(1e9))).toBe(JSON.stringify(model.list(1e9)));

  for (let op = 0; op < operations; op++) {
    const roll = dice.next();
    if (roll < 0.5) {
      const requestId = idSource.uuid();
      ids.push(requestId);
      const input = {
        requestId,
        opportunityId: pick(['5ca5b042-51ea-4699-b6f0-84c40ab12770', '5CA5B042-51EA-4699-B6F0-84C40AB12770']),
        rawBody: pick(BODIES),
        outcome: pick(OUTCOMES),
        latencyMs: dice.next() < 0.5 ? null : Math.floor(dice.next() * 5000),
        now,
      };
      model.plan({ ...input });
      store.plan({ ...input });
    } else if (roll < 0.6) {
      const id = pick([
        () => idSource.uuid(),
        () => pick(ids) ?? 'none yet',
        () => (pick(ids) ?? 'none yet').toUpperCase(),
        () => pick(['custom-id', '', 'ÄÖ-id', '5CA5B042-51EA-4699-B6F0-84C40AB12770']),
      ])();
      ids.push(id);
      const task = handMade(dice, id, now);
      model.add(structuredClone(task));
      store.add(structuredClone(task));
    } else if (roll < 0.75) {
      now += Math.floor(dice.next() * 4000);
    } else if (roll < 0.97) {
      const known = pick(ids) ?? 'nothing';
      // Often the id read last: a final answer read again is kept (statusBodyTextAt).
      const id = pick([known, known, known.toUpperCase(), ` ${known}`, idSource.uuid(), lastRead, lastRead, lastRead]);
      lastRead = id;
      const task = model.get(id);
      const row = store.rowOf(id);
      expect(row >= 0).toBe(task !== undefined);
      if (task) {
        const view = model.view(task, now);
        const rowView = store.viewOf(row, now);
        expect(rowView).toEqual(view);
        const text = store.statusBodyTextOf(row, rowView);
        expect(text).toBe(modelText(task, view));
        expect(text).toBe(JSON.stringify(statusBody(store.taskAt(row), rowView)));
        // What the status endpoint did with the old task object, and does with the row.
        task.statusCalls++;
        if (task.completedAt !== null && now >= task.completedAt && task.firstTerminalServedAt === null) task.firstTerminalServedAt = now;
        store.noteStatusCall(row, now);
        expect(JSON.stringify(store.get(id))).toBe(JSON.stringify(task));
        // What the endpoint writes: the same text, kept or not.
        expect(store.statusBodyTextAt(row, now)).toBe(text);
      }
    } else if (roll < 0.998) {
      settings = mergeSettings(settings, pick(SETTINGS));
    } else {
      model.clear();
      store.clear();
    }
    expect(store.size).toBe(model.size);
    expect(store.keptBodyBytes).toBe(model.keptBodyBytes);
    if (op % 250 === 0) sameTasks();
  }
  sameTasks();
}

test('the row store answers exactly as the Map store did, over 30,000 mixed operations', () => {
  drive(1, 30_000, { maxTasks: 300, maxKeptBodyBytes: 60_000 });
});

test('the same with a store that fills, wraps, is raised past its rows and caps bodies', () => {
  for (const seed of [2, 3, 4]) drive(seed, 8000, { maxTasks: 40, maxKeptBodyBytes: 5000 });
});

test('a task handed out is a copy: changing it changes nothing kept', () => {
  const settings = defaultSandboxSettings();
  const store = new TaskStore(
    () => settings,
    new SeededRandom(1),
    () => 0,
  );
  store.add(acceptedTask('5ebec781-c325-41f0-914e-9692301a2515', 'opp', 'body', 0));
  const copy = store.get('5ebec781-c325-41f0-914e-9692301a2515')!;
  copy.statusCalls = 99;
  copy.rawBody = 'changed';
  expect(store.get('5EBEC781-C325-41F0-914E-9692301A2515')).toMatchObject({ statusCalls: 0, rawBody: 'body' });
});

test('50,000 kept tasks cost the V8 heap almost nothing (they were ~560 bytes each)', () => {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  const settings = defaultSandboxSettings();
  const random = new SeededRandom(9);
  const store = new TaskStore(
    () => settings,
    random,
    () => 0,
  );
  const body = BODIES[0]!;
  const plan = (n: number) => {
    for (let i = 0; i < n; i++) {
      store.plan({
        requestId: random.uuid(),
        opportunityId: '5ca5b042-51ea-4699-b6f0-84c40ab12770',
        rawBody: `${body.slice(0, -1)}}`,
        outcome: { kind: 'success' },
        latencyMs: null,
        now: i,
      });
    }
  };
  plan(100); // the store's first rows and code, before measuring
  gc();
  const before = process.memoryUsage().heapUsed;
  plan(settings.maxTasks - 100);
  gc();
  const perTask = (process.memoryUsage().heapUsed - before) / settings.maxTasks;
  expect(store.size).toBe(settings.maxTasks);
  expect(perTask).toBeLessThan(40);
});

test('a kept final status text is dropped when its row is rewritten, forgotten, moved or loses its body', () => {
  let settings = mergeSettings(defaultSandboxSettings(), { maxTasks: 2, maxKeptBodyBytes: 10_000 });
  const store = new TaskStore(
    () => settings,
    new SeededRandom(1),
    () => 0,
  );
  const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
  const done = (n: number, body = 'body') => ({
    ...acceptedTask(id(n), `opportunity ${n}`, body, 0),
    pickedAt: 1,
    completedAt: 2,
    attempts: [{ startedAt: 1, endedAt: 2, result: 'success' as const }],
    final: 'Success' as const,
    finalReason: 'done',
  });
  /** Reads a RequestID as the status endpoint does, twice (the second read keeps the text). */
  const read = (n: number) => {
    const row = store.rowOf(id(n));
    store.noteStatusCall(row, 10);
    store.statusBodyTextAt(row, 10);
    store.noteStatusCall(row, 10);
    return store.statusBodyTextAt(row, 10);
  };
  store.add(done(1));
  expect(read(1)).toContain('opportunity 1');
  store.add({ ...done(1), opportunityId: 'rewritten' }); // same id, same row
  expect(read(1)).toContain('rewritten');
  // Past the store's first 16 rows with 2 kept: each new task takes the row of one forgotten.
  for (let n = 2; n <= 20; n++) {
    store.add(done(n));
    expect(read(n)).toContain(`opportunity ${n}`);
  }
  // Room for more: the ring grows and its rows move (19 and 20 are no longer in the rows they were).
  settings = mergeSettings(settings, { maxTasks: 100 });
  for (let n = 21; n <= 40; n++) store.add(done(n));
  for (const n of [19, 20, 21, 40]) expect(read(n)).toContain(`opportunity ${n}`);
  settings = mergeSettings(settings, { maxKeptBodyBytes: 4 });
  store.add(done(41, 'tiny'));
  expect(read(19)).toContain('evicted');
});
