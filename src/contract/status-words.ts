// The vocabulary of the Status API, dependency-free so that k6 scripts can import it as well.
// Documented words: In-Queue, FAILURE, ERROR, Success. Integrators of the same family of endpoints
// also report SUCCESS / FAILED / QUEUED, so words are compared case-insensitively and an unknown word
// is kept verbatim as state `unknown` instead of crashing anything. Only the four documented words
// (in any case) count as the contract: every other word still gets its best-guess state, but the
// status parser reports it, so a provider that changes its vocabulary is seen rather than absorbed.

export const TASK_STATES = ['queued', 'processing', 'succeeded', 'failed', 'errored', 'unknown'] as const;
export type TaskState = (typeof TASK_STATES)[number];

/** The four words LeadSquared documents, as its page spells them. */
export const DOCUMENTED_STATUS_WORDS = ['In-Queue', 'Success', 'FAILURE', 'ERROR'] as const;

/** A word a user has declared legitimate (setting LSQ_EXTRA_STATUS_WORDS), with the state it means. */
export interface ExtraStatusWord {
  word: string;
  state: TaskState;
}

/** Lower-cased, with spaces, dashes and underscores removed: "In-Queue" → "inqueue". */
function normalise(word: string): string {
  return word
    .trim()
    .toLowerCase()
    .replace(/[\s_-]+/g, '');
}

// A Map, not an object literal: a word such as "constructor" or "__proto__" must not find a property
// every object inherits (it once classified "constructor" as `function Object()`).
const WORDS: ReadonlyMap<string, TaskState> = new Map<string, TaskState>([
  ['inqueue', 'queued'],
  ['queued', 'queued'],
  ['queue', 'queued'],
  ['pending', 'queued'],
  ['waiting', 'queued'],
  ['retrying', 'queued'],
  ['processing', 'processing'],
  ['inprocess', 'processing'],
  ['inprogress', 'processing'],
  ['inprocessqueue', 'processing'],
  ['running', 'processing'],
  ['success', 'succeeded'],
  ['succeeded', 'succeeded'],
  ['successful', 'succeeded'],
  ['completed', 'succeeded'],
  ['failure', 'failed'],
  ['failed', 'failed'],
  ['fail', 'failed'],
  ['error', 'errored'],
  ['errored', 'errored'],
]);

// Documented means the documented spelling in any letter case; "InQueue" or " Success" is a change
// of spelling, and a changed spelling is drift worth seeing even though its state is clear.
const DOCUMENTED: ReadonlySet<string> = new Set(DOCUMENTED_STATUS_WORDS.map((w) => w.toLowerCase()));

const isTaskState = (value: unknown): value is TaskState => (TASK_STATES as readonly unknown[]).includes(value);

/** True for In-Queue, Success, FAILURE and ERROR in any letter case, false for anything else. */
export function isDocumentedStatusWord(word: unknown): boolean {
  return typeof word === 'string' && DOCUMENTED.has(word.toLowerCase());
}

/** The user's extra word matching this one (any letter case), if any. */
export function findExtraStatusWord(word: unknown, extra: readonly ExtraStatusWord[] = []): ExtraStatusWord | undefined {
  if (typeof word !== 'string') return undefined;
  const lower = word.toLowerCase();
  return extra.find((e) => e.word.toLowerCase() === lower && isTaskState(e.state));
}

/**
 * Maps a status word to its state; null, empty and unknown words map to `unknown`. A user's extra
 * word wins over the built-in guess: whoever declared it knows what the provider means by it.
 */
export function classifyStatusWord(word: unknown, extra: readonly ExtraStatusWord[] = []): TaskState {
  if (typeof word !== 'string') return 'unknown';
  const declared = findExtraStatusWord(word, extra);
  if (declared) return declared.state;
  return WORDS.get(normalise(word)) ?? 'unknown';
}

/**
 * The state of a task from its status word and current step. LeadSquared documents only four words, so
 * a task being worked on still says In-Queue; its TaskCurrentStep tells it apart (a guess, see README).
 */
export function classifyTask(statusWord: unknown, currentStep: unknown, extra: readonly ExtraStatusWord[] = []): TaskState {
  const state = classifyStatusWord(statusWord, extra);
  if (state === 'queued' && typeof currentStep === 'string' && /process|progress|running/i.test(currentStep)) {
    return 'processing';
  }
  return state;
}

export function isTerminal(state: TaskState): boolean {
  return state === 'succeeded' || state === 'failed' || state === 'errored';
}

/** The exact words a LeadSquared 429 carries. */
export function rateLimitMessage(limit: number, windowSeconds: number): string {
  return `API calls exceeded the limit of ${limit} in ${windowSeconds} second(s)`;
}

/** Matches any plan's 429 text and captures the limit and window. */
export const RATE_LIMIT_MESSAGE_PATTERN = /API calls exceeded the limit of (\d+) in (\d+) second\(s\)/;

export const ACCEPTED_STATUS_TEXT = 'Request accepted. Please use below request id to check the status';
export const SUCCESS_STATUS_REASON = 'Request was successfully completed';
export const TASK_TYPE_OPPORTUNITY_UPDATE = 'Opportunity Update';

/** Steps the sandbox reports (documented as enums without values; `In-Process-Queue` is from the seed). */
export const TASK_STEPS = { queued: 'In-Queue', processing: 'In-Process-Queue', retrying: 'Retry-Queue' } as const;

export const DEFAULT_UPDATE_PATH = '/opportunity/update';
export const DEFAULT_STATUS_PATH = '/opportunity/update/status';
