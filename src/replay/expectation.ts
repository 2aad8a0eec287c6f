// What a cassette is meant to show, kept in the cassette itself so that anything replaying it — the
// gate, a user's CI, the `lsq-harness/msw` API — can judge the client without our test files. HAR
// allows custom fields that start with "_"; ours is `log._lsqExpect`:
//
//   "_lsqExpect": { "flow": "wait", "state": "succeeded", "violations": [], "polls": ["RateLimitedError", "succeeded"] }
//
// - flow: how the cassette is played through the real client. `status`: one getStatus of the
//   cassette's RequestID. `submit`: one submitUpdate of the recorded request body. `wait`: the
//   recorded submit (when the cassette has one), then waitForCompletion until a final state.
// - state: the TaskState the flow ends in (`status`, `wait`).
// - violations: the contract-violation rules raised, in any order (`[]`: none). Left out: not judged.
// - error: the class of the error the flow ends with (`RateLimitedError`, `TimeoutError`, …); left out,
//   any error is a failure. For `wait` it is the last poll's error.
// - polls (`wait` only): each poll's outcome in order, a state or an error class.
// - opportunityId: the opportunity the update was about (Message's Id is checked against it); a
//   `wait` with a submit uses the submitted one.
// - client: client options the case needs (`timeoutMs`, `maxBodyBytes`).
//
// This is the coarse verdict; the replay suite (test/replay/) asserts much more of each cassette.
import { z } from 'zod';
import { TASK_STATES, type TaskState } from '../contract/index.ts';
import { CassetteError, type Har } from './har.ts';

export const FLOWS = ['status', 'submit', 'wait'] as const;
export type Flow = (typeof FLOWS)[number];

export const CassetteExpectationSchema = z.strictObject({
  flow: z.enum(FLOWS),
  state: z.enum(TASK_STATES).optional(),
  violations: z.array(z.string().min(1)).optional(),
  error: z
    .string()
    .regex(/^[A-Z]\w*$/, 'an error class name, e.g. RateLimitedError')
    .optional(),
  polls: z.array(z.string().min(1)).min(1).optional(),
  opportunityId: z.string().min(1).optional(),
  client: z.strictObject({ timeoutMs: z.number().int().positive().optional(), maxBodyBytes: z.number().int().positive().optional() }).optional(),
});

export type CassetteExpectation = z.infer<typeof CassetteExpectationSchema>;

/** What playing a cassette through the client gave, in the terms of an expectation. */
export interface CassetteOutcome {
  /** The expectation's flow; `every-entry` for a cassette without one (one call per recorded exchange). */
  flow: Flow | 'every-entry';
  /** The final state (`status`, `wait`); absent when the flow ended in an error before any status. */
  state?: TaskState;
  /** Rules of every violation raised, sorted. */
  violations: string[];
  /** The error class the flow ended with. */
  error?: string;
  /** Its message (redacted by the client). */
  errorMessage?: string;
  /** `wait`: each poll's state or error class. */
  polls?: string[];
  /** `wait`: the deadline passed before a final state. */
  timedOut?: boolean;
  /** Requests no cassette entry answered (each failed as a dropped connection). */
  unhandled: string[];
}

/** The errors the client is meant to throw; anything else thrown is a crash. */
export const CLIENT_ERROR_NAMES = new Set([
  'BadRequestError',
  'UnauthorizedError',
  'NotFoundError',
  'ServerError',
  'RateLimitedError',
  'LsqHttpError',
  'TimeoutError',
  'NetworkError',
  'ContractViolationError',
  'RequestShapeError',
]);

/** The cassette's `log._lsqExpect`, checked; null when it has none. Throws CassetteError naming the bad field. */
export function expectationOf(har: Har, source = '(cassette)'): CassetteExpectation | null {
  const raw = (har.log as Record<string, unknown>)._lsqExpect;
  if (raw === undefined) return null;
  const checked = CassetteExpectationSchema.safeParse(raw);
  if (!checked.success) {
    const first = checked.error.issues.slice(0, 3).map((i) => `log._lsqExpect${i.path.length ? `.${i.path.join('.')}` : ''}: ${i.message}`);
    throw new CassetteError(source, first.join('; '));
  }
  if (checked.data.polls && checked.data.flow !== 'wait') throw new CassetteError(source, 'log._lsqExpect.polls: only a wait flow polls');
  return checked.data;
}

/** Every way the outcome differs from the expectation, one line each; [] when it holds. */
export function mismatches(expected: CassetteExpectation, got: CassetteOutcome): string[] {
  const out: string[] = [];
  if (got.unhandled.length) out.push(`requests no cassette entry answered: ${got.unhandled.join(', ')}`);
  if (expected.state !== undefined && got.state !== expected.state)
    out.push(`state: expected ${expected.state}, got ${got.state ?? 'none'}${got.timedOut ? ' (the wait timed out)' : ''}`);
  if (expected.violations !== undefined) {
    const want = [...expected.violations].sort();
    if (JSON.stringify(want) !== JSON.stringify(got.violations)) out.push(`violations: expected ${list(want)}, got ${list(got.violations)}`);
  }
  if (expected.error !== got.error) {
    if (expected.error === undefined) out.push(`unexpected ${describeError(got)}`);
    else out.push(`error: expected ${expected.error}, got ${got.error ? describeError(got) : 'none'}`);
  }
  if (expected.polls !== undefined && JSON.stringify(expected.polls) !== JSON.stringify(got.polls ?? []))
    out.push(`polls: expected ${list(expected.polls)}, got ${list(got.polls ?? [])}`);
  return out;
}

/** Without an expectation a cassette only has to be replayed without crashing the client. */
export function crashes(got: CassetteOutcome): string[] {
  const out: string[] = [];
  if (got.unhandled.length) out.push(`requests no cassette entry answered: ${got.unhandled.join(', ')}`);
  if (got.error && !CLIENT_ERROR_NAMES.has(got.error)) out.push(`the client crashed: ${describeError(got)}`);
  return out;
}

function describeError(got: CassetteOutcome): string {
  return got.errorMessage ? `${got.error} (${got.errorMessage.slice(0, 300)})` : String(got.error);
}

function list(items: readonly string[]): string {
  return `[${items.join(', ')}]`;
}
