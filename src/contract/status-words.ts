// The vocabulary of the Status API, dependency-free so that k6 scripts can import it as well.
// Documented words: In-Queue, FAILURE, ERROR, Success. Integrators of the same family of endpoints
// also report SUCCESS / FAILED / QUEUED, so words are compared case-insensitively and an unknown word
// is kept verbatim as state `unknown` instead of crashing anything.

export const TASK_STATES = ['queued', 'processing', 'succeeded', 'failed', 'errored', 'unknown'] as const;
export type TaskState = (typeof TASK_STATES)[number];

/** Lower-cased, with spaces, dashes and underscores removed: "In-Queue" → "inqueue". */
function normalise(word: string): string {
  return word.trim().toLowerCase().replace(/[\s_-]+/g, '');
}

const WORDS: Record<string, TaskState> = {
  inqueue: 'queued',
  queued: 'queued',
  queue: 'queued',
  pending: 'queued',
  waiting: 'queued',
  retrying: 'queued',
  processing: 'processing',
  inprocess: 'processing',
  inprogress: 'processing',
  inprocessqueue: 'processing',
  running: 'processing',
  success: 'succeeded',
  succeeded: 'succeeded',
  successful: 'succeeded',
  completed: 'succeeded',
  failure: 'failed',
  failed: 'failed',
  fail: 'failed',
  error: 'errored',
  errored: 'errored',
};

/** Maps a status word to its state; null, empty and unknown words map to `unknown`. */
export function classifyStatusWord(word: unknown): TaskState {
  if (typeof word !== 'string') return 'unknown';
  return WORDS[normalise(word)] ?? 'unknown';
}

/**
 * The state of a task from its status word and current step. LeadSquared documents only four words, so
 * a task being worked on still says In-Queue; its TaskCurrentStep tells it apart (a guess, see README).
 */
export function classifyTask(statusWord: unknown, currentStep: unknown): TaskState {
  const state = classifyStatusWord(statusWord);
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
