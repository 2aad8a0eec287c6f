// The processing queue, simulated without timers: when an update is accepted its whole future
// (when it is picked, each attempt, when and how it ends) is planned from the seeded generator and
// the settings, and a status call reads that plan at the current clock time. This keeps the sandbox
// deterministic, cheap at any time scale, and gives exact ground truth to compare monitors against.
import { SUCCESS_STATUS_REASON, TASK_STEPS, TASK_TYPE_OPPORTUNITY_UPDATE } from '../contract/index.ts';
import { BodyArena } from './body-arena.ts';
import type { SeededRandom } from './random.ts';
import { RequestIdIndex } from './request-id-index.ts';
import { MAX_RETRIES, retryDelayMs } from './retry-schedule.ts';
import type { LatencyDistribution, SandboxSettings } from './settings.ts';
import { TaskColumns } from './task-columns.ts';
import type { PlannedOutcome } from './triggers.ts';

export interface Attempt {
  startedAt: number;
  endedAt: number;
  result: 'success' | 'application-error' | 'system-error';
  /** What went wrong in a failed attempt (shown as StatusReason while the retry waits). */
  reason?: string;
}

export type FinalWord = 'Success' | 'FAILURE' | 'ERROR';

/** Ground truth for one request, as the admin endpoint reports it (the store hands out copies). */
export interface Task {
  requestId: string;
  opportunityId: string;
  /** The update body exactly as received (whitespace preserved), echoed as RequestBody. */
  rawBody: string;
  acceptedAt: number;
  /** When the first attempt started; null when the task is never picked (stuck). */
  pickedAt: number | null;
  completedAt: number | null;
  attempts: Attempt[];
  final: FinalWord | null;
  finalReason: string | null;
  statusCalls: number;
  /** First time a status call was answered with the final word. */
  firstTerminalServedAt: number | null;
  /** Set when the body was dropped to keep the kept bodies under `maxKeptBodyBytes` (rawBody is then ''). */
  bodyEvicted?: { bytes: number };
}

/** A task as accepted: not picked, no attempt, no final word yet (the queue and the provider states fill it in). */
export function acceptedTask(requestId: string, opportunityId: string, rawBody: string, acceptedAt: number): Task {
  return {
    requestId,
    opportunityId,
    rawBody,
    acceptedAt,
    pickedAt: null,
    completedAt: null,
    attempts: [],
    final: null,
    finalReason: null,
    statusCalls: 0,
    firstTerminalServedAt: null,
  };
}

export interface TaskView {
  Status: string;
  StatusReason: string | null;
  TaskCurrentStep: string | null;
  TaskLastStep: string | null;
  Message: string | null;
}

export interface PlanInput {
  requestId: string;
  opportunityId: string;
  rawBody: string;
  outcome: PlannedOutcome;
  latencyMs: number | null;
  now: number;
}

/** Rows the store starts with; it doubles them as tasks come, up to maxTasks + 1. */
const FIRST_ROWS = 16;
const FINAL_VIEW_STEP = TASK_STEPS.processing;
/** The views that do not depend on the task (shared: a view is only ever read). */
const WAITING: TaskView = { Status: 'In-Queue', StatusReason: null, TaskCurrentStep: TASK_STEPS.queued, TaskLastStep: null, Message: null };
const FIRST_ATTEMPT: TaskView = {
  Status: 'In-Queue',
  StatusReason: null,
  TaskCurrentStep: TASK_STEPS.processing,
  TaskLastStep: TASK_STEPS.queued,
  Message: null,
};
const RETRY_ATTEMPT: TaskView = {
  Status: 'In-Queue',
  StatusReason: null,
  TaskCurrentStep: TASK_STEPS.processing,
  TaskLastStep: TASK_STEPS.retrying,
  Message: null,
};
const NO_REASON_RETRY = 'Retrying after a system error';
/** Final status texts kept at most (about 500 bytes each). */
const FINAL_TEXTS = 256;

/**
 * The kept tasks, at most maxTasks, the oldest forgotten first. A kept task is a row — its id in
 * request-id-index.ts, its times and outcome in task-columns.ts, its opportunity id and body in
 * body-arena.ts — not a JavaScript object: 50,000 kept objects kept V8's young generation at its
 * largest and the sandbox at 270 MB (BENCHMARKS.md P1m). The rows form a ring in the order tasks were
 * first added (re-adding an id keeps its place, as a Map would). `get` and `list` build Task objects
 * on demand; the status endpoint reads the row itself.
 */
export class TaskStore {
  private rows = FIRST_ROWS;
  /** The oldest task's row, and how many rows from it hold a task. */
  private head = 0;
  private count = 0;
  private ids = new RequestIdIndex(FIRST_ROWS);
  private columns = new TaskColumns(FIRST_ROWS);
  private texts = new BodyArena(FIRST_ROWS);
  /** When each processing slot is next free. */
  private slotFreeAt: number[] = [];
  /**
   * Status texts of final tasks read more than once, by row (see statusBodyTextAt). A final answer
   * cannot change while its row holds that task and its body: each is dropped when its row is
   * written or forgotten, all of them when rows move, bodies are evicted or the store is cleared.
   */
  private readonly finalTexts = new Map<number, string>();

  private readonly settings: () => SandboxSettings;
  private readonly random: SeededRandom;
  private readonly now: () => number;

  constructor(settings: () => SandboxSettings, random: SeededRandom, now: () => number = Date.now) {
    this.settings = settings;
    this.random = random;
    this.now = now;
  }

  get size(): number {
    return this.count;
  }

  /** UTF-8 bytes of the request bodies kept, never more than `maxKeptBodyBytes` after an add. */
  get keptBodyBytes(): number {
    return this.texts.keptBytes;
  }

  /** The row of a RequestID (as given, else in lower case), or -1. */
  rowOf(requestId: string): number {
    const row = this.ids.find(requestId);
    return row >= 0 ? row : this.ids.find(requestId.toLowerCase());
  }

  /** A copy of the task of a RequestID (as given, else in lower case): changing it changes nothing kept. */
  get(requestId: string): Task | undefined {
    const row = this.rowOf(requestId);
    return row < 0 ? undefined : this.taskAt(row);
  }

  /** Copies of the newest `limit` tasks, oldest first. */
  list(limit: number): Task[] {
    const out: Task[] = [];
    for (let n = Math.max(0, this.count - Math.max(0, limit)); n < this.count; n++) out.push(this.taskAt((this.head + n) % this.rows));
    return out;
  }

  clear(): void {
    this.rows = FIRST_ROWS;
    this.head = 0;
    this.count = 0;
    this.ids = new RequestIdIndex(FIRST_ROWS);
    this.columns = new TaskColumns(FIRST_ROWS);
    this.texts = new BodyArena(FIRST_ROWS);
    this.slotFreeAt = [];
    this.finalTexts.clear();
  }

  /** Keeps a copy of `task` (replacing the task of the same RequestID, which keeps its place). */
  add(task: Task): void {
    if (typeof task.requestId !== 'string') throw new TypeError('a task needs a string requestId');
    const max = this.settings().maxTasks;
    const found = this.ids.find(task.requestId);
    const row = this.claimRow(found, max);
    if (found < 0) this.ids.set(row, task.requestId);
    this.columns.write(row, task);
    this.texts.put(row, JSON.stringify(task.opportunityId), task.bodyEvicted ? null : task.rawBody, task.bodyEvicted?.bytes ?? 0);
    this.settle(max);
  }

  /**
   * The row a task goes to: `found`, the row already holding its RequestID (its texts released; a
   * provider state may reuse an id), or else a new row at the ring's end, the oldest tasks dropped
   * first when the store is full (as if after the add, unless maxTasks is 0). The caller files the id
   * of a new row.
   */
  private claimRow(found: number, max: number): number {
    let row = found;
    if (row >= 0) {
      this.texts.release(row);
    } else {
      while (this.count > 0 && this.count >= max) this.dropOldest();
      if (this.count === this.rows) this.grow(max);
      row = (this.head + this.count) % this.rows;
      this.count++;
    }
    if (this.finalTexts.size > 0) this.finalTexts.delete(row);
    return row;
  }

  /** After an add: no more than `max` tasks, and the kept bodies under their cap. */
  private settle(max: number): void {
    while (this.count > max) this.dropOldest();
    this.capBodies();
  }

  private dropOldest(): void {
    const row = this.head;
    this.finalTexts.delete(row);
    this.ids.remove(row);
    this.texts.release(row);
    this.columns.forget(row);
    this.head = (this.head + 1) % this.rows;
    this.count--;
  }

  /** More rows: twice as many, never more than maxTasks + 1; the tasks move to rows 0… in order. */
  private grow(max: number): void {
    const rows = Math.max(this.rows + 1, Math.min(this.rows * 2, max + 1));
    const move = { head: this.head, count: this.count, oldRows: this.rows };
    this.ids.resize(rows, move);
    this.columns.resize(rows, move);
    this.texts.resize(rows, move);
    this.finalTexts.clear();
    this.rows = rows;
    this.head = 0;
  }

  /**
   * Drops bodies, oldest first, until the kept ones fit `maxKeptBodyBytes`: first the bodies of tasks
   * already final (their status can no longer change; a poller has most likely read it), then, only if
   * that is not enough, the bodies of tasks still in flight. The cap holds either way: 50,000 tasks of
   * 256 KiB would otherwise be 12 GiB.
   */
  private capBodies(): void {
    const cap = this.settings().maxKeptBodyBytes;
    if (this.texts.keptBytes <= cap) return;
    const now = this.now();
    const completedAt = this.columns.completedAt;
    this.texts.evictOldest(cap, (row) => completedAt[row]! <= now); // NaN (not completed) is never <=
    this.texts.evictOldest(cap, () => true);
    this.finalTexts.clear();
  }

  /** Plans the future of a newly accepted update and stores it. */
  plan(input: PlanInput): void {
    this.add(this.planned(input));
  }

  /**
   * plan() of an update whose outcome is success, with the RequestID the sandbox minted in
   * idWords[0…3] (SeededRandom.uuidWords): the same draws, slot and row, written straight into the
   * row — no Task object, no id text to parse back (the update endpoint's hot path, BENCHMARKS.md P1).
   */
  planSuccess(idWords: Uint32Array, opportunityId: string, rawBody: string, latencyMs: number | null, now: number): void {
    const { queueMs, workMs } = this.timing(latencyMs);
    const start = this.takeSlot(now + queueMs, workMs);
    const max = this.settings().maxTasks;
    const found = this.ids.findWords(idWords, 0);
    const row = this.claimRow(found, max);
    if (found < 0) this.ids.setWords(row, idWords, 0);
    this.columns.writeSuccess(row, now, start, start + workMs, SUCCESS_STATUS_REASON);
    this.texts.put(row, JSON.stringify(opportunityId), rawBody, 0);
    this.settle(max);
  }

  /** How long an update waits in the queue and how long each attempt works (its latency drawn unless given). */
  private timing(latencyMs: number | null): { queueMs: number; workMs: number } {
    const s = this.settings();
    const total = (latencyMs ?? drawLatency(s.latency, this.random)) / s.timeScale;
    const queueMs = total * s.queueFraction;
    return { queueMs, workMs: total - queueMs };
  }

  private planned(input: PlanInput): Task {
    const s = this.settings();
    const { queueMs, workMs } = this.timing(input.latencyMs);
    const task = acceptedTask(input.requestId, input.opportunityId, input.rawBody, input.now);
    if (input.outcome.kind === 'stuck') return task;

    const start = this.takeSlot(input.now + queueMs, workMs);
    task.pickedAt = start;
    const outcome = input.outcome;
    let attemptStart = start;
    for (let n = 0; ; n++) {
      const end = attemptStart + workMs;
      if (outcome.kind === 'success') {
        task.attempts.push({ startedAt: attemptStart, endedAt: end, result: 'success' });
        return finished(task, end, 'Success', SUCCESS_STATUS_REASON);
      }
      if (outcome.kind === 'application-error') {
        task.attempts.push({ startedAt: attemptStart, endedAt: end, result: 'application-error' });
        return finished(task, end, 'FAILURE', `${outcome.exceptionType}: ${outcome.message}`);
      }
      if (n >= outcome.failingAttempts) {
        task.attempts.push({ startedAt: attemptStart, endedAt: end, result: 'success' });
        return finished(task, end, 'Success', SUCCESS_STATUS_REASON);
      }
      task.attempts.push({ startedAt: attemptStart, endedAt: end, result: 'system-error', reason: outcome.message });
      if (n >= MAX_RETRIES) return finished(task, end, 'ERROR', outcome.message);
      attemptStart = end + retryDelayMs(n + 1, s.timeScale);
    }
  }

  /** What a status call at `now` sees of the task in `row`. */
  viewOf(row: number, now: number): TaskView {
    const c = this.columns;
    if (now >= c.completedAt[row]!) {
      const word = c.finalWord(row);
      return {
        Status: word!,
        StatusReason: c.finalReason(row),
        TaskCurrentStep: null,
        TaskLastStep: FINAL_VIEW_STEP,
        // The text JSON.stringify({ Status: 'Success', Message: { Id } }) gives, written out.
        Message: word === 'Success' ? `{"Status":"Success","Message":{"Id":${this.texts.opportunityJson(row)}}}` : null,
      };
    }
    if (!(now >= c.pickedAt[row]!)) return WAITING; // not picked (NaN), or not yet
    const listed = c.listedAttempts(row);
    if (!listed) {
      // At most one attempt, without a reason of its own.
      if (c.attemptCount[row] === 1 && c.startedAt[row]! <= now && now < c.endedAt[row]!) return FIRST_ATTEMPT;
      return betweenAttempts(NO_REASON_RETRY);
    }
    const current = listed.findIndex((a) => a.startedAt <= now && now < a.endedAt);
    if (current >= 0) return current > 0 ? RETRY_ATTEMPT : FIRST_ATTEMPT;
    // Between a failed attempt and its retry: the reason is that attempt's error, never the outcome
    // the plan already knows.
    const failed = listed.filter((a) => a.endedAt <= now).at(-1);
    return betweenAttempts(failed?.reason ?? NO_REASON_RETRY);
  }

  /** Counts a status call answered at `now` (and when the final word was first served). */
  noteStatusCall(row: number, now: number): void {
    const c = this.columns;
    c.statusCalls[row]!++;
    if (now >= c.completedAt[row]! && Number.isNaN(c.firstTerminalServedAt[row]!)) c.firstTerminalServedAt[row] = now;
  }

  /**
   * The status body's JSON text at `now` (statusBodyTextOf of the view at `now`). A final task's text
   * is kept from its second read on (at most FINAL_TEXTS of them): writing it out was most of the
   * status endpoint's own time (BENCHMARKS.md P1), and a client that reads a final answer once
   * (most) does not fill the cache.
   */
  statusBodyTextAt(row: number, now: number): string {
    const final = now >= this.columns.completedAt[row]!;
    if (final) {
      const kept = this.finalTexts.get(row);
      if (kept !== undefined) return kept;
    }
    const text = this.statusBodyTextOf(row, this.viewOf(row, now));
    if (final && this.columns.statusCalls[row]! > 1) {
      if (this.finalTexts.size >= FINAL_TEXTS) this.finalTexts.clear();
      this.finalTexts.set(row, text);
    }
    return text;
  }

  /**
   * The status body's JSON text: exactly JSON.stringify(statusBody(task, view)) (same members, same
   * order), written out from the row without building the task or the two objects — the status
   * endpoint's hot path (BENCHMARKS.md P1). Drift modes still rewrite the object form.
   */
  statusBodyTextOf(row: number, view: TaskView): string {
    const body = this.texts.isEvicted(row) ? evictedStandInText(this.texts.opportunityJson(row), this.texts.bytesOf(row)) : this.texts.body(row);
    return `{"RequestID":${JSON.stringify(this.ids.text(row))},"TaskStatus":{"TaskType":${TASK_TYPE_JSON},"Status":${jsonOf(view.Status)},"StatusReason":${jsonOf(view.StatusReason)},"TaskCurrentStep":${jsonOf(view.TaskCurrentStep)},"TaskLastStep":${jsonOf(view.TaskLastStep)},"RequestBody":${JSON.stringify(body)},"Message":${jsonOf(view.Message)}}}`;
  }

  /** A new Task object of the task in `row`, members in the order acceptedTask gives them. */
  taskAt(row: number): Task {
    const c = this.columns;
    const evicted = this.texts.isEvicted(row);
    const task: Task = {
      requestId: this.ids.text(row),
      opportunityId: JSON.parse(this.texts.opportunityJson(row)) as string,
      rawBody: this.texts.body(row),
      acceptedAt: c.acceptedAt[row]!,
      pickedAt: orNull(c.pickedAt[row]!),
      completedAt: orNull(c.completedAt[row]!),
      attempts: c.attempts(row),
      final: c.finalWord(row),
      finalReason: c.finalReason(row),
      statusCalls: c.statusCalls[row]!,
      firstTerminalServedAt: orNull(c.firstTerminalServedAt[row]!),
    };
    if (evicted) task.bodyEvicted = { bytes: this.texts.bytesOf(row) };
    return task;
  }

  /** Reserves the first processing slot free at or after `earliest`; returns the start time. */
  private takeSlot(earliest: number, workMs: number): number {
    const capacity = Math.max(1, this.settings().capacity);
    while (this.slotFreeAt.length < capacity) this.slotFreeAt.push(0);
    if (this.slotFreeAt.length > capacity) this.slotFreeAt.length = capacity;
    let best = 0;
    for (let i = 1; i < capacity; i++) if (this.slotFreeAt[i]! < this.slotFreeAt[best]!) best = i;
    const start = Math.max(earliest, this.slotFreeAt[best]!);
    this.slotFreeAt[best] = start + workMs;
    return start;
  }
}

function finished(task: Task, at: number, word: FinalWord, reason: string): Task {
  task.completedAt = at;
  task.final = word;
  task.finalReason = reason;
  return task;
}

function betweenAttempts(reason: string): TaskView {
  return { Status: 'In-Queue', StatusReason: reason, TaskCurrentStep: TASK_STEPS.retrying, TaskLastStep: TASK_STEPS.processing, Message: null };
}

const orNull = (v: number): number | null => (Number.isNaN(v) ? null : v);

export function drawLatency(d: LatencyDistribution, random: SeededRandom): number {
  switch (d.kind) {
    case 'fixed':
      return d.ms;
    case 'uniform':
      return random.between(d.minMs, d.maxMs);
    case 'lognormal':
      return d.medianMs * Math.exp(d.sigma * random.normal());
  }
}

/**
 * What RequestBody says once the body was evicted: still a JSON string naming the opportunity (so the
 * status answer keeps its documented shape), with a note instead of the fields.
 */
export function evictedBodyStandIn(task: Task): string {
  return evictedStandInText(JSON.stringify(task.opportunityId), task.bodyEvicted?.bytes ?? 0);
}

/** The stand-in's text from the opportunity id's JSON text: JSON.stringify of the same object. */
function evictedStandInText(opportunityJson: string, bytes: number): string {
  const note = `request body of ${bytes} bytes evicted to keep the sandbox under maxKeptBodyBytes`;
  return `{"ProspectOpportunityId":${opportunityJson},"_sandbox":${JSON.stringify(note)}}`;
}

/** The status body as an object (the drift modes' route; the usual one is statusBodyTextOf). */
export function statusBody(task: Task, view: TaskView): Record<string, unknown> {
  return {
    RequestID: task.requestId,
    TaskStatus: {
      TaskType: TASK_TYPE_OPPORTUNITY_UPDATE,
      Status: view.Status,
      StatusReason: view.StatusReason,
      TaskCurrentStep: view.TaskCurrentStep,
      TaskLastStep: view.TaskLastStep,
      RequestBody: task.bodyEvicted ? evictedBodyStandIn(task) : task.rawBody,
      Message: view.Message,
    },
  };
}

const TASK_TYPE_JSON = JSON.stringify(TASK_TYPE_OPPORTUNITY_UPDATE);

/** JSON text of a string or null, as JSON.stringify writes it. */
function jsonOf(v: string | null): string {
  return v === null ? 'null' : JSON.stringify(v);
}
