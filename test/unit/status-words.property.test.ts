// Property: any status word, any current step, any extra words, any body: the classifier and the
// status parser never throw, always give one of the six TaskStates (never a function or another
// value found on a prototype), and never hide drift: a word that is neither documented nor declared
// always raises exactly one word violation. Deterministic (fixed seed), a few hundred runs each.
import fc from 'fast-check';
import { expect, test } from 'vitest';
import {
  DOCUMENTED_STATUS_WORDS,
  TASK_STATES,
  classifyStatusWord,
  classifyTask,
  exampleStatusSuccess,
  parseStatusBody,
  type ExtraStatusWord,
} from '../../src/contract/index.ts';

const SEED = 20261101;
const RUNS = 400;
const PROTOTYPE_NAMES = Object.getOwnPropertyNames(Object.prototype);
const KNOWN = ['QUEUED', 'FAILED', 'Processing', 'Retrying', 'Completed', 'Pending', 'Running', 'InQueue', 'In Queue', 'Archived', 'Done'];

/** Flips the case of each letter at random: "In-Queue" → "iN-QuEUE". */
const anyCase = (words: readonly string[]) =>
  fc
    .tuple(fc.constantFrom(...words), fc.array(fc.boolean(), { minLength: 16, maxLength: 16 }))
    .map(([w, flips]) => [...w].map((c, i) => (flips[i % 16] ? c.toUpperCase() : c.toLowerCase())).join(''));

const word = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary', maxLength: 20 }),
  anyCase(DOCUMENTED_STATUS_WORDS),
  anyCase(KNOWN),
  anyCase(PROTOTYPE_NAMES),
  fc.constantFrom(...PROTOTYPE_NAMES),
);
const state = fc.constantFrom(...TASK_STATES.filter((s) => s !== 'unknown'));
const extra: fc.Arbitrary<ExtraStatusWord[]> = fc.array(
  fc.record({ word: fc.oneof(anyCase(KNOWN), anyCase(PROTOTYPE_NAMES), fc.string({ minLength: 1, maxLength: 8 })), state }),
  { maxLength: 3 },
);
const step = fc.oneof(fc.constant(null), fc.string(), fc.constantFrom('In-Queue', 'In-Process-Queue', 'Retry-Queue', 'running', '__proto__'), fc.anything());

const isState = (s: unknown) => typeof s === 'string' && (TASK_STATES as readonly string[]).includes(s);
const WORD_RULES = ['status.status.unknown-word', 'status.status.undocumented-word', 'status.status.missing'];

test('classifyStatusWord and classifyTask give a TaskState for any input', () => {
  fc.assert(
    fc.property(fc.oneof(word, fc.anything()), step, extra, (w, s, x) => {
      expect(isState(classifyStatusWord(w))).toBe(true);
      expect(isState(classifyStatusWord(w, x))).toBe(true);
      expect(isState(classifyTask(w, s, x))).toBe(true);
    }),
    { seed: SEED, numRuns: RUNS },
  );
});

test('parseStatusBody: a TaskState, and exactly one word violation unless the word is documented or declared', () => {
  const documented = new Set(DOCUMENTED_STATUS_WORDS.map((d) => d.toLowerCase()));
  fc.assert(
    fc.property(word, step, extra, (w, s, x) => {
      const body = { ...exampleStatusSuccess, TaskStatus: { ...exampleStatusSuccess.TaskStatus, Status: w, TaskCurrentStep: s } };
      const parsed = parseStatusBody(body, {}, { extraStatusWords: x });
      expect(isState(parsed.state)).toBe(true);
      const declared = x.some((e) => e.word.toLowerCase() === w.toLowerCase());
      const wordViolations = parsed.violations.filter((v) => WORD_RULES.includes(v.rule));
      if (documented.has(w.toLowerCase()) || declared) {
        expect(wordViolations).toEqual([]);
      } else {
        expect(wordViolations).toHaveLength(1);
        expect(wordViolations[0]!.path).toBe('$.TaskStatus.Status');
        // An unknown state is always reported as an unknown word; a guessed one as undocumented.
        const expected = classifyStatusWord(w) === 'unknown' ? 'status.status.unknown-word' : 'status.status.undocumented-word';
        expect(wordViolations[0]!.rule).toBe(expected);
      }
      if (declared) {
        // The declared state, with classifyTask's one refinement: queued with a processing step.
        const given = x.find((e) => e.word.toLowerCase() === w.toLowerCase())!.state;
        expect(parsed.state).toBe(given === 'queued' && typeof s === 'string' && /process|progress|running/i.test(s) ? 'processing' : given);
      }
    }),
    { seed: SEED, numRuns: RUNS },
  );
});

test('parseStatusBody never throws on any body, and its state is always a TaskState', () => {
  fc.assert(
    fc.property(
      fc.oneof(
        fc.anything(),
        fc.record({
          RequestID: fc.anything(),
          TaskStatus: fc.oneof(
            fc.anything(),
            fc.dictionary(fc.constantFrom('Status', 'TaskCurrentStep', 'Message', 'RequestBody', ...PROTOTYPE_NAMES), fc.anything()),
          ),
        }),
      ),
      extra,
      (body, x) => {
        const parsed = parseStatusBody(body, {}, { extraStatusWords: x });
        expect(isState(parsed.state)).toBe(true);
        expect(Array.isArray(parsed.violations)).toBe(true);
      },
    ),
    { seed: SEED, numRuns: RUNS },
  );
});
