// Polls the Status API until the task is finished or a deadline passes. Transient trouble (429, 5xx,
// timeouts, connection errors, unreadable bodies) is waited out; answers that no retry can change
// (400, 401, 404) end the wait at once. Nothing here throws for a provider fault: the caller gets the
// last status seen and the last error, and decides what the outcome was.
import { isTerminal, type ContractViolation, type StatusExpectations, type TaskState } from '../contract/index.ts';
import type { CallEvent, LsqClient, StatusResult } from './client.ts';
import { BadRequestError, NotFoundError, RateLimitedError, UnauthorizedError } from './errors.ts';

export interface PollSchedule {
  /** Milliseconds to wait before poll number `pollIndex` (0-based), given the time already spent. */
  delayBefore(pollIndex: number, elapsedMs: number): number;
}

/** Exponential backoff: initial, ×factor each poll, capped. */
export function backoffSchedule(initialMs = 500, factor = 1.5, maxMs = 15_000): PollSchedule {
  return { delayBefore: (i) => (i === 0 ? initialMs : Math.min(maxMs, initialMs * factor ** i)) };
}

export interface WaitOptions {
  /** Give up after this long (from the call), default 120 s. */
  deadlineMs?: number;
  schedule?: PollSchedule;
  expect?: StatusExpectations;
  signal?: AbortSignal;
  onPoll?: (result: StatusResult | null, pollIndex: number, error?: Error) => void;
  /** Hears every status call of this wait (endpoint, HTTP code or null, latency). */
  onCall?: (event: CallEvent) => void;
}

export interface WaitResult {
  /** The last status read, or null if no poll got one. */
  final: StatusResult | null;
  state: TaskState;
  /** The wait ended on a final state (Success, FAILURE, ERROR): `final` is the first status that showed it. */
  terminal: boolean;
  polls: number;
  elapsedMs: number;
  timedOut: boolean;
  /** The last poll's error, when it failed. */
  lastError: Error | null;
  /** Every violation seen on any poll (deduplicated by rule and path). */
  violations: ContractViolation[];
  rateLimited: number;
}

const FATAL = [BadRequestError, UnauthorizedError, NotFoundError];

export async function waitForCompletion(client: LsqClient, requestId: string, options: WaitOptions = {}): Promise<WaitResult> {
  const clock = client.clock;
  const started = clock.now();
  const deadline = started + (options.deadlineMs ?? 120_000);
  const schedule = options.schedule ?? backoffSchedule();
  const seen = new Map<string, ContractViolation>();
  const result: WaitResult = {
    final: null,
    state: 'unknown',
    terminal: false,
    polls: 0,
    elapsedMs: 0,
    timedOut: false,
    lastError: null,
    violations: [],
    rateLimited: 0,
  };

  for (let i = 0; ; i++) {
    let delay = schedule.delayBefore(i, clock.now() - started);
    if (result.lastError instanceof RateLimitedError && result.lastError.retryAfterSeconds !== null) {
      delay = Math.max(delay, result.lastError.retryAfterSeconds * 1000);
    }
    if (clock.now() + delay > deadline) {
      result.timedOut = true;
      break;
    }
    await clock.sleep(delay, options.signal);
    result.polls++;
    try {
      const status = await client.getStatus(requestId, options.expect, options.signal, options.onCall ? { onCall: options.onCall } : {});
      result.final = status;
      result.state = status.state;
      result.lastError = null;
      for (const v of status.violations) seen.set(`${v.rule}@${v.path}`, v);
      options.onPoll?.(status, i);
      if (isTerminal(status.state)) {
        result.terminal = true;
        break;
      }
    } catch (err) {
      if (options.signal?.aborted) throw err;
      result.lastError = err as Error;
      if (err instanceof RateLimitedError) result.rateLimited++;
      const violations = (err as { violations?: ContractViolation[] }).violations;
      for (const v of violations ?? []) seen.set(`${v.rule}@${v.path}`, v);
      options.onPoll?.(null, i, err as Error);
      if (FATAL.some((kind) => err instanceof kind)) break;
    }
  }
  result.elapsedMs = clock.now() - started;
  result.violations = [...seen.values()];
  return result;
}
