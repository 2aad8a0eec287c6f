// The kept tasks' times, counters and outcomes, one typed-array column per field and one row per task
// (BENCHMARKS.md P1m: a kept task must not be a graph of V8 objects for the scavenger to promote). A
// task of the usual shape — at most one attempt without a reason, a final reason from the few the
// sandbox words — is nothing but numbers here; what does not fit (the attempts of a task that was
// retried, a reason written by hand) is kept as it was given, in a Map by row.
import { moveRows, newRowOf, type RingMove } from './ring-move.ts';
import type { Attempt, FinalWord, Task } from './tasks.ts';

const FINAL_WORDS: readonly (FinalWord | null)[] = [null, 'Success', 'FAILURE', 'ERROR'];
const RESULTS: readonly Attempt['result'][] = ['success', 'application-error', 'system-error'];
const SUCCESS = FINAL_WORDS.indexOf('Success');
const SUCCEEDED = RESULTS.indexOf('success');
/** attemptCount of a row whose attempts are in `irregular`. */
const LISTED = 255;
/** reason of a row whose final reason is in `irregular`; 0 is null, 1… the interned reasons. */
const WRITTEN = 255;
/** Distinct final reasons kept as codes (the sandbox words a handful; more are kept per row). */
const MAX_REASONS = 64;

interface Irregular {
  attempts?: Attempt[];
  finalReason?: string;
}

export class TaskColumns {
  /** Times in the sandbox clock's ms; NaN stands for null. */
  acceptedAt: Float64Array;
  pickedAt: Float64Array;
  completedAt: Float64Array;
  firstTerminalServedAt: Float64Array;
  statusCalls: Float64Array;
  /** The only attempt of a row whose attemptCount is 1. */
  startedAt: Float64Array;
  endedAt: Float64Array;
  result: Uint8Array;
  /** 0 or 1 (that attempt in startedAt/endedAt/result), or LISTED. */
  attemptCount: Uint8Array;
  final: Uint8Array;
  reason: Uint8Array;
  private readonly irregular = new Map<number, Irregular>();
  private readonly reasons: string[] = [];
  private readonly reasonCodes = new Map<string, number>();

  constructor(rows: number) {
    this.acceptedAt = new Float64Array(rows);
    this.pickedAt = new Float64Array(rows);
    this.completedAt = new Float64Array(rows);
    this.firstTerminalServedAt = new Float64Array(rows);
    this.statusCalls = new Float64Array(rows);
    this.startedAt = new Float64Array(rows);
    this.endedAt = new Float64Array(rows);
    this.result = new Uint8Array(rows);
    this.attemptCount = new Uint8Array(rows);
    this.final = new Uint8Array(rows);
    this.reason = new Uint8Array(rows);
  }

  /** Writes everything of `task` but its id and texts into `row`. */
  write(row: number, task: Task): void {
    this.irregular.delete(row);
    this.acceptedAt[row] = task.acceptedAt;
    this.pickedAt[row] = task.pickedAt ?? NaN;
    this.completedAt[row] = task.completedAt ?? NaN;
    this.firstTerminalServedAt[row] = task.firstTerminalServedAt ?? NaN;
    this.statusCalls[row] = task.statusCalls;
    this.final[row] = Math.max(0, FINAL_WORDS.indexOf(task.final));
    const attempts = task.attempts;
    const only = attempts[0];
    if (attempts.length === 0) this.attemptCount[row] = 0;
    else if (attempts.length === 1 && only!.reason === undefined && RESULTS.includes(only!.result)) {
      this.attemptCount[row] = 1;
      this.startedAt[row] = only!.startedAt;
      this.endedAt[row] = only!.endedAt;
      this.result[row] = RESULTS.indexOf(only!.result);
    } else {
      this.attemptCount[row] = LISTED;
      this.irregularOf(row).attempts = attempts.map((a) => ({ ...a }));
    }
    const code = task.finalReason === null ? 0 : this.reasonCode(task.finalReason);
    this.reason[row] = code;
    if (code === WRITTEN) this.irregularOf(row).finalReason = task.finalReason!;
  }

  /**
   * write() of an accepted update planned to succeed at its one attempt, from `startedAt` to
   * `endedAt` (tasks.ts planSuccess): the same columns, without a Task object to read them from.
   */
  writeSuccess(row: number, acceptedAt: number, startedAt: number, endedAt: number, finalReason: string): void {
    if (this.irregular.size > 0) this.irregular.delete(row);
    this.acceptedAt[row] = acceptedAt;
    this.pickedAt[row] = startedAt;
    this.completedAt[row] = endedAt;
    this.firstTerminalServedAt[row] = NaN;
    this.statusCalls[row] = 0;
    this.final[row] = SUCCESS;
    this.attemptCount[row] = 1;
    this.startedAt[row] = startedAt;
    this.endedAt[row] = endedAt;
    this.result[row] = SUCCEEDED;
    const code = this.reasonCode(finalReason);
    this.reason[row] = code;
    if (code === WRITTEN) this.irregularOf(row).finalReason = finalReason;
  }

  /** Forgets what `row` kept outside the columns. */
  forget(row: number): void {
    this.irregular.delete(row);
  }

  finalWord(row: number): FinalWord | null {
    return FINAL_WORDS[this.final[row]!]!;
  }

  finalReason(row: number): string | null {
    const code = this.reason[row]!;
    if (code === 0) return null;
    return code === WRITTEN ? this.irregular.get(row)!.finalReason! : this.reasons[code - 1]!;
  }

  /** The attempts of a row whose attemptCount is LISTED; undefined for the others. */
  listedAttempts(row: number): readonly Attempt[] | undefined {
    return this.attemptCount[row] === LISTED ? this.irregular.get(row)!.attempts : undefined;
  }

  /** The attempts of `row`, as new objects. */
  attempts(row: number): Attempt[] {
    const listed = this.listedAttempts(row);
    if (listed) return listed.map((a) => ({ ...a }));
    if (this.attemptCount[row] === 0) return [];
    return [{ startedAt: this.startedAt[row]!, endedAt: this.endedAt[row]!, result: RESULTS[this.result[row]!]! }];
  }

  /** Room for `rows` rows, the kept ones moved as `move` says. */
  resize(rows: number, move: RingMove): void {
    for (const key of ['acceptedAt', 'pickedAt', 'completedAt', 'firstTerminalServedAt', 'statusCalls', 'startedAt', 'endedAt'] as const) {
      this[key] = moveRows(this[key], new Float64Array(rows), move);
    }
    for (const key of ['result', 'attemptCount', 'final', 'reason'] as const) this[key] = moveRows(this[key], new Uint8Array(rows), move);
    const irregular = [...this.irregular];
    this.irregular.clear();
    for (const [old, kept] of irregular) {
      const row = newRowOf(move, old);
      if (row >= 0) this.irregular.set(row, kept);
    }
  }

  private irregularOf(row: number): Irregular {
    let kept = this.irregular.get(row);
    if (!kept) {
      kept = {};
      this.irregular.set(row, kept);
    }
    return kept;
  }

  /** The code of a final reason: interned while there are few; WRITTEN (kept per row) past that. */
  private reasonCode(reason: string): number {
    let code = this.reasonCodes.get(reason);
    if (code === undefined && this.reasons.length < MAX_REASONS) {
      this.reasons.push(reason);
      code = this.reasons.length;
      this.reasonCodes.set(reason, code);
    }
    return code ?? WRITTEN;
  }
}
