// The task store as it was before its rows (one Task object per kept task in a Map, the bodies as
// strings): the model the row store (src/sandbox/tasks.ts) is checked against, operation by
// operation, in sandbox-task-store.test.ts. Only the storage changed; every answer must stay the same.
import { SUCCESS_STATUS_REASON, TASK_STEPS, TASK_TYPE_OPPORTUNITY_UPDATE } from '../../../src/contract/index.ts';
import type { SeededRandom } from '../../../src/sandbox/random.ts';
import { MAX_RETRIES, retryDelayMs } from '../../../src/sandbox/retry-schedule.ts';
import type { SandboxSettings } from '../../../src/sandbox/settings.ts';
import { acceptedTask, drawLatency, type FinalWord, type PlanInput, type Task, type TaskView } from '../../../src/sandbox/tasks.ts';

export class MapTaskStore {
  private readonly tasks = new Map<string, Task>();
  /** When each processing slot is next free. */
  private slotFreeAt: number[] = [];
  /**
   * Tasks still holding their body, oldest first (a Map keeps insertion order), and those bodies' total
   * bytes. A body's bytes are measured again when it leaves (rather than kept in a wrapper per task):
   * 50,000 tasks are kept, so every object per task counts (BENCHMARKS.md P1m).
   */
  private readonly withBody = new Map<string, Task>();
  private bodyBytes = 0;
  /**
   * The RequestIDs in the order `tasks` holds them (first insertion; re-adding an id keeps its place,
   * as in a Map), from `orderHead` on: the oldest is found here, not with `tasks.keys().next()`, which
   * walks past every entry deleted from the Map's front until V8 rehashes it — tens of thousands in a
   * full store that drops its oldest task on every add (11 % of the sandbox's time, BENCHMARKS.md P1).
   */
  private order: string[] = [];
  private orderHead = 0;

  private readonly settings: () => SandboxSettings;
  private readonly random: SeededRandom;
  private readonly now: () => number;

  constructor(settings: () => SandboxSettings, random: SeededRandom, now: () => number = Date.now) {
    this.settings = settings;
    this.random = random;
    this.now = now;
  }

  get size(): number {
    return this.tasks.size;
  }

  /** UTF-8 bytes of the request bodies kept, never more than `maxKeptBodyBytes` after an add. */
  get keptBodyBytes(): number {
    return this.bodyBytes;
  }

  get(requestId: string): Task | undefined {
    return this.tasks.get(requestId) ?? this.tasks.get(requestId.toLowerCase());
  }

  list(limit: number): Task[] {
    return [...this.tasks.values()].slice(-limit);
  }

  clear(): void {
    this.tasks.clear();
    this.slotFreeAt = [];
    this.withBody.clear();
    this.bodyBytes = 0;
    this.order = [];
    this.orderHead = 0;
  }

  add(task: Task): Task {
    this.forgetBody(task.requestId); // a provider state may reuse a RequestID
    if (!this.tasks.has(task.requestId)) this.order.push(task.requestId);
    this.tasks.set(task.requestId, task);
    if (!task.bodyEvicted) {
      this.withBody.set(task.requestId, task);
      this.bodyBytes += Buffer.byteLength(task.rawBody);
    }
    const max = this.settings().maxTasks;
    while (this.tasks.size > max) {
      const oldest = this.order[this.orderHead++]!;
      this.tasks.delete(oldest);
      this.forgetBody(oldest);
    }
    if (this.orderHead > 1024 && this.orderHead * 2 > this.order.length) {
      this.order = this.order.slice(this.orderHead);
      this.orderHead = 0;
    }
    this.capBodies();
    return task;
  }

  /**
   * Drops bodies, oldest first, until the kept ones fit `maxKeptBodyBytes`: first the bodies of tasks
   * already final (their status can no longer change; a poller has most likely read it), then, only if
   * that is not enough, the bodies of tasks still in flight. The cap holds either way: 50,000 tasks of
   * 256 KiB would otherwise be 12 GiB.
   */
  private capBodies(): void {
    const cap = this.settings().maxKeptBodyBytes;
    if (this.bodyBytes <= cap) return;
    const now = this.now();
    for (const finalOnly of [true, false]) {
      for (const [id, task] of this.withBody) {
        if (this.bodyBytes <= cap) return;
        if (finalOnly && !(task.completedAt !== null && task.completedAt <= now)) continue;
        this.evictBody(id, task);
      }
    }
  }

  private evictBody(id: string, task: Task): void {
    const bytes = this.forgetBody(id);
    task.rawBody = '';
    task.bodyEvicted = { bytes };
  }

  /** Stops accounting for a task's body; returns its bytes (0 when it held none). */
  private forgetBody(id: string): number {
    const kept = this.withBody.get(id);
    if (!kept) return 0;
    this.withBody.delete(id);
    const bytes = Buffer.byteLength(kept.rawBody);
    this.bodyBytes -= bytes;
    return bytes;
  }

  /** Plans the future of a newly accepted update and stores it. */
  plan(input: PlanInput): Task {
    const s = this.settings();
    const total = (input.latencyMs ?? drawLatency(s.latency, this.random)) / s.timeScale;
    const queueMs = total * s.queueFraction;
    const workMs = total - queueMs;
    const task = acceptedTask(input.requestId, input.opportunityId, input.rawBody, input.now);
    if (input.outcome.kind === 'stuck') return this.add(task);

    const start = this.takeSlot(input.now + queueMs, workMs);
    task.pickedAt = start;
    const outcome = input.outcome;
    let attemptStart = start;
    for (let n = 0; ; n++) {
      const end = attemptStart + workMs;
      if (outcome.kind === 'success') {
        task.attempts.push({ startedAt: attemptStart, endedAt: end, result: 'success' });
        return this.finish(task, end, 'Success', SUCCESS_STATUS_REASON);
      }
      if (outcome.kind === 'application-error') {
        task.attempts.push({ startedAt: attemptStart, endedAt: end, result: 'application-error' });
        return this.finish(task, end, 'FAILURE', `${outcome.exceptionType}: ${outcome.message}`);
      }
      if (n >= outcome.failingAttempts) {
        task.attempts.push({ startedAt: attemptStart, endedAt: end, result: 'success' });
        return this.finish(task, end, 'Success', SUCCESS_STATUS_REASON);
      }
      task.attempts.push({ startedAt: attemptStart, endedAt: end, result: 'system-error', reason: outcome.message });
      if (n >= MAX_RETRIES) return this.finish(task, end, 'ERROR', outcome.message);
      attemptStart = end + retryDelayMs(n + 1, s.timeScale);
    }
  }

  /** What a status call at `now` sees. */
  view(task: Task, now: number): TaskView {
    if (task.completedAt !== null && now >= task.completedAt) {
      return {
        Status: task.final!,
        StatusReason: task.finalReason,
        TaskCurrentStep: null,
        TaskLastStep: TASK_STEPS.processing,
        // The text JSON.stringify({ Status: 'Success', Message: { Id } }) gives, written out.
        Message: task.final === 'Success' ? `{"Status":"Success","Message":{"Id":${JSON.stringify(task.opportunityId)}}}` : null,
      };
    }
    if (task.pickedAt === null || now < task.pickedAt) {
      return { Status: 'In-Queue', StatusReason: null, TaskCurrentStep: TASK_STEPS.queued, TaskLastStep: null, Message: null };
    }
    const current = task.attempts.find((a) => a.startedAt <= now && now < a.endedAt);
    if (current) {
      const retrying = task.attempts.indexOf(current) > 0;
      return {
        Status: 'In-Queue',
        StatusReason: null,
        TaskCurrentStep: TASK_STEPS.processing,
        TaskLastStep: retrying ? TASK_STEPS.retrying : TASK_STEPS.queued,
        Message: null,
      };
    }
    // Between a failed attempt and its retry: the reason is that attempt's error, never the outcome
    // the plan already knows.
    const failed = task.attempts.filter((a) => a.endedAt <= now).at(-1);
    return {
      Status: 'In-Queue',
      StatusReason: failed?.reason ?? 'Retrying after a system error',
      TaskCurrentStep: TASK_STEPS.retrying,
      TaskLastStep: TASK_STEPS.processing,
      Message: null,
    };
  }

  private finish(task: Task, at: number, word: FinalWord, reason: string): Task {
    // An exact-size copy: an array grown by push keeps room for 16 more attempts, per kept task.
    task.attempts = task.attempts.slice();
    task.completedAt = at;
    task.final = word;
    task.finalReason = reason;
    return this.add(task);
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

/**
 * What RequestBody says once the body was evicted: still a JSON string naming the opportunity (so the
 * status answer keeps its documented shape), with a note instead of the fields.
 */
function evictedBodyStandIn(task: Task): string {
  return JSON.stringify({
    ProspectOpportunityId: task.opportunityId,
    _sandbox: `request body of ${task.bodyEvicted?.bytes ?? 0} bytes evicted to keep the sandbox under maxKeptBodyBytes`,
  });
}

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

/** JSON text of a string or null, as JSON.stringify writes it. */
const jsonOf = (v: string | null): string => (v === null ? 'null' : JSON.stringify(v));

/**
 * The status body's JSON text: exactly JSON.stringify(statusBody(task, view)) (same members, same
 * order), written out without building the two objects first — the status endpoint's hot path
 * (BENCHMARKS.md P1). Drift modes still rewrite the object form.
 */
export function statusBodyText(task: Task, view: TaskView): string {
  // A member that is undefined (possible only for a task built by hand in JavaScript) is left out by
  // JSON.stringify: that rare body takes the object route.
  if (typeof task.requestId !== 'string' || typeof task.rawBody !== 'string' || Object.values(view).includes(undefined)) {
    return JSON.stringify(statusBody(task, view));
  }
  return `{"RequestID":${JSON.stringify(task.requestId)},"TaskStatus":{"TaskType":${JSON.stringify(TASK_TYPE_OPPORTUNITY_UPDATE)},"Status":${JSON.stringify(view.Status)},"StatusReason":${jsonOf(view.StatusReason)},"TaskCurrentStep":${jsonOf(view.TaskCurrentStep)},"TaskLastStep":${jsonOf(view.TaskLastStep)},"RequestBody":${JSON.stringify(task.bodyEvicted ? evictedBodyStandIn(task) : task.rawBody)},"Message":${jsonOf(view.Message)}}}`;
}
