// The status page's memory: every settled canary as a small entry, kept on disk beside the ledger so that
// the page's uptime, plots, last canaries and drift survive a restart. It is fed by one onResult
// subscriber (the record the publisher hands out, src/monitor/publish.ts), and nothing else writes it.
// Bounded in size and age: at most `maxEntries` canaries within `maxAgeMs` (older ones are dropped);
// per-hour counts (for 7- and 30-day uptime past the entry cap) and the drift table (first/last seen and
// count per violation rule) are kept for the same age, so they stay exact when entries are dropped.
// Written atomically on every canary, like the ledger (temp file, fsync, rename, fsync of the folder).
// Every string from a record passes through redact() before it is kept: the history is shown to people.
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { redact } from '../client/redact.ts';
import { lockLedger } from '../monitor/ledger-lock.ts';
import type { CanaryRecord } from '../monitor/record.ts';
import { writeAtomically } from '../monitor/atomic-write.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** A history file that cannot be used (not JSON, not a history, in use): the monitor exits 2 naming --history. */
export class HistoryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'HistoryError';
  }
}

const ViolationSchema = z.object({ rule: z.string(), path: z.string(), detail: z.string() });

/** One settled canary. `outcome` is a plain string, so outcomes added later load in older builds. */
export const HistoryEntrySchema = z.object({
  canaryId: z.string().min(1),
  target: z.string(),
  requestId: z.string().nullable(),
  outcome: z.string().min(1),
  reason: z.string(),
  startedAt: z.number().finite(),
  settledAt: z.number().finite(),
  submitMs: z.number().nullable(),
  completionMs: z.number().nullable(),
  /** Half the completion's bracket (shown as ±); absent in entries from before it. */
  completionUncertaintyMs: z.number().nullable().optional(),
  polls: z.number().int().nonnegative(),
  /** Calls of this canary answered 429. */
  rateLimited: z.number().int().nonnegative(),
  /** Calls the monitor had spent in its rate window when the canary settled. */
  budgetSpent: z.number().int().nonnegative(),
  violations: z.array(ViolationSchema),
  resumed: z.boolean(),
});
export type HistoryEntry = z.infer<typeof HistoryEntrySchema>;

/** Canaries settled in one hour (epoch ms of its start) against one target. */
const HourSchema = z.object({ target: z.string(), hour: z.number(), total: z.number().int().nonnegative(), ok: z.number().int().nonnegative() });
export type HourCount = z.infer<typeof HourSchema>;

/** A violation rule seen: when first and last, how many times, and where it was seen last. */
const DriftSchema = z.object({
  rule: z.string(),
  firstSeen: z.number(),
  lastSeen: z.number(),
  count: z.number().int().positive(),
  lastPath: z.string(),
  lastDetail: z.string(),
});
export type DriftSeen = z.infer<typeof DriftSchema>;

/** What the monitor writing the history says about itself (for the static page, which has no monitor). */
const MetaSchema = z.object({ version: z.string(), target: z.string(), schedule: z.string(), budgetLimit: z.number().int().positive().nullable() });
export type HistoryMeta = z.infer<typeof MetaSchema>;

const FileSchema = z.object({
  version: z.literal(1),
  meta: MetaSchema.nullable(),
  entries: z.array(z.unknown()),
  hours: z.array(HourSchema),
  drift: z.array(DriftSchema),
});

export interface HistoryLimits {
  maxEntries: number;
  maxAgeMs: number;
}
export const DEFAULT_LIMITS: HistoryLimits = { maxEntries: 20_000, maxAgeMs: 31 * DAY };

/** Longest reason or violation detail kept (the page shows the start; the console line has the rest). */
const TEXT_KEPT = 300;
/** Violations kept per canary (a drifted body can break dozens of fields at once). */
const VIOLATIONS_KEPT = 5;

export interface HistoryOptions {
  limits?: Partial<HistoryLimits>;
  /** Lock the file for this process (a monitor writing it); readers such as `status-page` do not. */
  lock?: boolean;
  /** Wall clock, for pruning by age (tests). */
  now?: () => number;
  log?: (line: string) => void;
}

export class CanaryHistory {
  readonly path: string | null;
  private readonly limits: HistoryLimits;
  private readonly now: () => number;
  private data: { version: 1; meta: HistoryMeta | null; entries: HistoryEntry[]; hours: HourCount[]; drift: DriftSeen[] } = {
    version: 1,
    meta: null,
    entries: [],
    hours: [],
    drift: [],
  };
  private release: (() => void) | null = null;

  /** `path` null keeps the history in memory only (the embedded sandbox with an in-memory ledger). */
  constructor(path: string | null, options: HistoryOptions = {}) {
    this.path = path;
    this.limits = { ...DEFAULT_LIMITS, ...options.limits };
    this.now = options.now ?? Date.now;
    if (!path) return;
    try {
      if (options.lock) this.release = lockLedger(path);
      this.load(path, options.log ?? ((l) => process.stderr.write(`${l}\n`)));
    } catch (err) {
      this.close();
      if (err instanceof HistoryError) throw err;
      // The lock's refusal speaks of the ledger (it is the ledger's lock); say which file it is here.
      throw new HistoryError((err as Error).message.replace('the ledger is', 'the history file is').replace('--ledger', '--history'));
    }
  }

  close(): void {
    this.release?.();
    this.release = null;
  }

  get meta(): HistoryMeta | null {
    return this.data.meta;
  }

  /** Settled canaries, oldest first (in the order they settled). */
  entries(): readonly HistoryEntry[] {
    return this.data.entries;
  }

  hours(): readonly HourCount[] {
    return this.data.hours;
  }

  drift(): readonly DriftSeen[] {
    return this.data.drift;
  }

  /** Records who writes the history (version, target, schedule, budget); saved at once. */
  setMeta(meta: HistoryMeta): void {
    this.data.meta = { ...meta, target: redact(meta.target) };
    this.save();
  }

  /** Keeps one settled canary (an onResult subscriber); prunes by count and age; saves. */
  add(record: CanaryRecord): void {
    const entry = entryOf(record);
    this.data.entries.push(entry);
    const hour = Math.floor(entry.settledAt / HOUR) * HOUR;
    let bucket = this.data.hours.findLast((h) => h.hour === hour && h.target === entry.target);
    if (!bucket) {
      bucket = { target: entry.target, hour, total: 0, ok: 0 };
      this.data.hours.push(bucket);
    }
    bucket.total++;
    if (entry.outcome === 'success') bucket.ok++;
    for (const v of record.violations) {
      const seen = this.data.drift.find((d) => d.rule === v.rule);
      const path = redact(v.path).slice(0, TEXT_KEPT);
      const detail = redact(v.detail).slice(0, TEXT_KEPT);
      if (seen)
        Object.assign(seen, {
          lastSeen: Math.max(seen.lastSeen, entry.settledAt),
          firstSeen: Math.min(seen.firstSeen, entry.settledAt),
          count: seen.count + 1,
          lastPath: path,
          lastDetail: detail,
        });
      else this.data.drift.push({ rule: v.rule, firstSeen: entry.settledAt, lastSeen: entry.settledAt, count: 1, lastPath: path, lastDetail: detail });
    }
    this.prune();
    this.save();
  }

  private prune(): void {
    const oldest = this.now() - this.limits.maxAgeMs;
    const d = this.data;
    // Entries are kept in settling order, so the old ones are at the front: no pass over all of them per canary.
    let old = 0;
    while (old < d.entries.length && d.entries[old]!.settledAt < oldest) old++;
    old = Math.max(old, d.entries.length - this.limits.maxEntries);
    if (old > 0) d.entries.splice(0, old);
    if (d.hours.length && d.hours[0]!.hour + HOUR <= oldest) d.hours = d.hours.filter((h) => h.hour + HOUR > oldest);
    d.drift = d.drift.filter((x) => x.lastSeen >= oldest);
  }

  private load(path: string, log: (line: string) => void): void {
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw new HistoryError(`cannot read ${path}: ${(err as Error).message}`);
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (err) {
      throw new HistoryError(`${path} is not valid JSON (${(err as Error).message}); it is left as it is — move it away to start a new history`);
    }
    const file = FileSchema.safeParse(parsed);
    if (!file.success) throw new HistoryError(`${path} is not a canary history (version 1); it is left as it is — move it away to start a new history`);
    // A malformed entry (a hand edit) is dropped, not fatal: the history is for reading, the ledger is the record.
    const entries = file.data.entries.flatMap((e) => {
      const checked = HistoryEntrySchema.safeParse(e);
      return checked.success ? [checked.data] : [];
    });
    const dropped = file.data.entries.length - entries.length;
    if (dropped) log(`history: dropped ${dropped} malformed entr${dropped === 1 ? 'y' : 'ies'} of ${path}`);
    this.data = { version: 1, meta: file.data.meta, entries, hours: file.data.hours, drift: file.data.drift };
    this.prune();
  }

  private save(): void {
    if (!this.path) return;
    writeAtomically(this.path, JSON.stringify(this.data));
  }
}

/** A record as the history keeps it: its strings redacted and cut, its calls reduced to the 429 count. */
export function entryOf(r: CanaryRecord): HistoryEntry {
  return {
    canaryId: r.canaryId,
    target: redact(r.target),
    requestId: r.requestId === null ? null : redact(r.requestId),
    outcome: r.outcome,
    reason: redact(r.reason).slice(0, TEXT_KEPT),
    startedAt: r.startedAt,
    settledAt: r.settledAt,
    submitMs: r.submitMs,
    completionMs: r.completionMs,
    completionUncertaintyMs: r.completionUncertaintyMs ?? null,
    polls: r.polls,
    rateLimited: r.calls.filter((c) => c.code === 429).length,
    budgetSpent: r.budgetSpent,
    violations: r.violations
      .slice(0, VIOLATIONS_KEPT)
      .map((v) => ({ rule: v.rule, path: redact(v.path).slice(0, TEXT_KEPT), detail: redact(v.detail).slice(0, TEXT_KEPT) })),
    resumed: r.resumed,
  };
}
