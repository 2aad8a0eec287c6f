// The update endpoint stores an update that will succeed with TaskStore.planSuccess: its RequestID as
// the words SeededRandom.uuidWords drew, its row written without a Task object. Driven here beside
// plan() with the id's text (what the endpoint did before), the two stores must agree on every task,
// row, view, status text and kept byte: through latency triggers, slots, a full store dropping its
// oldest, capped bodies, a minted id that a hand-made task already holds, and settings changes.
import { expect, test } from 'vitest';
import { SeededRandom } from '../../src/sandbox/random.ts';
import { defaultSandboxSettings, mergeSettings, type SandboxSettings, type SandboxSettingsPatch } from '../../src/sandbox/settings.ts';
import { acceptedTask, TaskStore } from '../../src/sandbox/tasks.ts';
import { MX_FAILURE } from '../../src/sandbox/triggers.ts';
import { uuidText } from '../../src/sandbox/uuid-words.ts';

const BODIES = [
  '{"ProspectOpportunityId":"5ca5b042-51ea-4699-b6f0-84c40ab12770","Fields":[{"SchemaName":"mx_Custom_1","Value":"v"}]}',
  '{ "OpportunityNote": "café — 日本 😀" }',
  'n'.repeat(3000),
];
const SETTINGS: SandboxSettingsPatch[] = [
  { maxTasks: 1 },
  { maxTasks: 30 },
  { maxTasks: 500 },
  { maxKeptBodyBytes: 4000 },
  { maxKeptBodyBytes: 100_000 },
  { capacity: 1 },
  { capacity: 8 },
  { timeScale: 1 },
  { timeScale: 1000 },
  { latency: { kind: 'lognormal', medianMs: 2000, sigma: 1 } },
  { latency: { kind: 'fixed', ms: 700 } },
  { latency: { kind: 'uniform', minMs: 1000, maxMs: 3000 } },
];

function drive(seed: number, operations: number, start: SandboxSettingsPatch): void {
  const dice = new SeededRandom(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(dice.next() * xs.length)]!;
  let settings: SandboxSettings = mergeSettings(defaultSandboxSettings(), start);
  let now = 1_700_000_000_000;
  const byText = new TaskStore(
    () => settings,
    new SeededRandom(seed + 1),
    () => now,
  );
  const byWords = new TaskStore(
    () => settings,
    new SeededRandom(seed + 1),
    () => now,
  );
  const ids = new SeededRandom(seed + 2);
  const words = new Uint32Array(4);
  /** The id the next update will be given, drawn ahead so that a task can take it first. */
  const upcoming = new Uint32Array(4);
  ids.uuidWords(upcoming, 0);
  const minted: string[] = [];
  const same = () => {
    expect(byWords.size).toBe(byText.size);
    expect(byWords.keptBodyBytes).toBe(byText.keptBodyBytes);
    expect(JSON.stringify(byWords.list(1e9))).toBe(JSON.stringify(byText.list(1e9)));
  };

  for (let op = 0; op < operations; op++) {
    const roll = dice.next();
    if (roll < 0.55) {
      words.set(upcoming);
      ids.uuidWords(upcoming, 0);
      const requestId = uuidText(words, 0);
      minted.push(requestId);
      const opportunityId = pick(['5ca5b042-51ea-4699-b6f0-84c40ab12770', 'an id "quoted" ÄÖ']);
      const rawBody = pick(BODIES);
      const latencyMs = dice.next() < 0.5 ? null : Math.floor(dice.next() * 5000);
      byText.plan({ requestId, opportunityId, rawBody, outcome: { kind: 'success' }, latencyMs, now });
      byWords.planSuccess(words, opportunityId, rawBody, latencyMs, now);
    } else if (roll < 0.62) {
      // A task added by hand under an id minted before, or under the id about to be minted.
      const id = pick([...minted.slice(-3), uuidText(upcoming, 0), 'custom-id']);
      const task = { ...acceptedTask(id, 'opp', pick(BODIES), now - 10), final: 'FAILURE' as const, finalReason: `${MX_FAILURE.exceptionType}: x` };
      byText.add(structuredClone(task));
      byWords.add(structuredClone(task));
    } else if (roll < 0.8) {
      now += Math.floor(dice.next() * 3000);
    } else if (roll < 0.97) {
      const id = pick([...minted.slice(-20), 'custom-id']);
      const row = byWords.rowOf(id);
      expect(row).toBe(byText.rowOf(id));
      if (row >= 0) {
        expect(byWords.viewOf(row, now)).toEqual(byText.viewOf(row, now));
        byText.noteStatusCall(row, now);
        byWords.noteStatusCall(row, now);
        expect(byWords.statusBodyTextAt(row, now)).toBe(byText.statusBodyTextAt(row, now));
      }
    } else if (roll < 0.995) {
      settings = mergeSettings(settings, pick(SETTINGS));
    } else {
      byText.clear();
      byWords.clear();
    }
    if (op % 100 === 0) same();
  }
  same();
}

test('planSuccess stores what plan() stores for the same update, over 20,000 mixed operations', () => {
  drive(1, 20_000, { maxTasks: 500, maxKeptBodyBytes: 100_000 });
});

test('the same in a small store that fills, grows, wraps and evicts bodies', () => {
  for (const seed of [2, 3, 4]) drive(seed, 6000, { maxTasks: 30, maxKeptBodyBytes: 4000, capacity: 1 });
});

test('a minted id already held by a task replaces that task in its place', () => {
  const settings = defaultSandboxSettings();
  const store = new TaskStore(
    () => settings,
    new SeededRandom(1),
    () => 0,
  );
  const words = new Uint32Array([0x5ebec781, 0xc32541f0, 0x914e9692, 0x301a2515]);
  store.add(acceptedTask('5ebec781-c325-41f0-914e-9692301a2515', 'opp', 'old body', 0));
  store.add(acceptedTask('other', 'opp', 'second', 0));
  store.planSuccess(words, 'opp 2', 'new body', 100, 5);
  expect(store.size).toBe(2);
  expect(store.list(2).map((t) => [t.requestId, t.rawBody, t.final])).toEqual([
    ['5ebec781-c325-41f0-914e-9692301a2515', 'new body', 'Success'],
    ['other', 'second', null],
  ]);
});
