// The canary ledger: each canary is written to a small durable file *before* it is submitted and
// settled after, so that a monitor killed mid-cycle resumes polling its unsettled RequestIDs on the
// next start and no canary is silently lost — each ends completed, failed or expired with a reason.
// Writes are atomic (temp file, fsync, rename, fsync of the folder so the rename itself survives a power
// cut): a crash leaves the old or the new ledger, never half.
// Entries are validated on load: one of the wrong shape (a hand edit, a bug) is moved aside to
// `<ledger>.rejected.json` with the reason and reported once, instead of crashing every start after it.
// A ledger file belongs to one monitor at a time (ledger-lock.ts), and each entry records the target it
// was submitted to, so a monitor pointed elsewhere expires it instead of polling the wrong host.
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { writeAtomically } from './atomic-write.ts';
import { lockLedger } from './ledger-lock.ts';

/** A ledger file that cannot be used (unreadable, not a ledger, in use): the monitor refuses to start. */
export class LedgerError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LedgerError';
  }
}

export type LedgerPhase = 'submitting' | 'submitted';

// Times are wall-clock epoch milliseconds: they outlive the process, so no monotonic reading would do.
const EntrySchema = z.object({
  canaryId: z.string().min(1),
  opportunityId: z.string(),
  /** The base URL the canary was submitted to (absent in ledgers written before it was recorded). */
  target: z.string().optional(),
  /** The marker value the canary wrote (the cycle's timestamp). */
  marker: z.string(),
  startedAt: z.number().finite(),
  phase: z.enum(['submitting', 'submitted']),
  requestId: z.string().min(1).nullable(),
  submittedAt: z.number().finite().nullable(),
});
const SettledSchema = EntrySchema.extend({ settledAt: z.number().finite(), outcome: z.string(), reason: z.string() });

export type LedgerEntry = z.infer<typeof EntrySchema>;
export type SettledEntry = z.infer<typeof SettledSchema>;

export interface LedgerOptions {
  /** Where the one warning about rejected entries goes (default stderr). */
  log?: (line: string) => void;
}

interface LedgerFile {
  version: 1;
  unsettled: LedgerEntry[];
  /** The most recent settled canaries, newest last, for people reading the file. */
  recent: SettledEntry[];
}

const RECENT_KEPT = 50;

export class Ledger {
  readonly path: string | null;
  private data: LedgerFile = { version: 1, unsettled: [], recent: [] };
  private release: (() => void) | null = null;

  /**
   * `path` null keeps the ledger in memory only (the embedded sandbox forgets its tasks anyway). A file
   * ledger is locked until close() (or the process ends); a LedgerError says why it cannot be used.
   */
  constructor(path: string | null, options: LedgerOptions = {}) {
    this.path = path;
    if (!path) return;
    try {
      this.release = lockLedger(path);
      this.load(path, options.log ?? ((l) => process.stderr.write(`${l}\n`)));
    } catch (err) {
      this.close();
      throw err instanceof LedgerError ? err : new LedgerError((err as Error).message);
    }
  }

  /** Releases the file's lock; the ledger stays readable (a stopped monitor's last word). */
  close(): void {
    this.release?.();
    this.release = null;
  }

  unsettled(): LedgerEntry[] {
    return [...this.data.unsettled];
  }

  recent(): SettledEntry[] {
    return [...this.data.recent];
  }

  open(entry: Omit<LedgerEntry, 'phase' | 'requestId' | 'submittedAt'>): LedgerEntry {
    const full: LedgerEntry = { ...entry, phase: 'submitting', requestId: null, submittedAt: null };
    this.data.unsettled.push(full);
    this.save();
    return full;
  }

  submitted(canaryId: string, requestId: string, at: number): void {
    const e = this.data.unsettled.find((x) => x.canaryId === canaryId);
    if (!e) return;
    e.phase = 'submitted';
    e.requestId = requestId;
    e.submittedAt = at;
    this.save();
  }

  settle(canaryId: string, outcome: string, reason: string, at: number): void {
    const e = this.data.unsettled.find((x) => x.canaryId === canaryId);
    if (!e) return;
    this.data.unsettled = this.data.unsettled.filter((x) => x !== e);
    this.data.recent.push({ ...e, settledAt: at, outcome, reason });
    if (this.data.recent.length > RECENT_KEPT) this.data.recent.splice(0, this.data.recent.length - RECENT_KEPT);
    this.save();
  }

  private load(path: string, log: (line: string) => void): void {
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw err;
    }
    let parsed: Partial<LedgerFile>;
    try {
      parsed = JSON.parse(text) as Partial<LedgerFile>;
    } catch (err) {
      throw new LedgerError(`${path} is not valid JSON (${(err as Error).message}); it is left as it is — move it away to start a new ledger`);
    }
    if (parsed?.version !== 1 || !Array.isArray(parsed.unsettled))
      throw new LedgerError(`${path} is not a canary ledger (version 1); it is left as it is — move it away to start a new ledger`);
    const rejected: Array<{ list: string; entry: unknown; reason: string }> = [];
    const keep = <T>(list: 'unsettled' | 'recent', items: unknown[], schema: z.ZodType<T>): T[] =>
      items.flatMap((entry) => {
        const checked = schema.safeParse(entry);
        if (checked.success) return [checked.data];
        rejected.push({ list, entry, reason: checked.error.issues.map((i) => `${i.path.join('.') || 'entry'}: ${i.message}`).join('; ') });
        return [];
      });
    this.data = {
      version: 1,
      unsettled: keep('unsettled', parsed.unsettled, EntrySchema),
      recent: keep('recent', Array.isArray(parsed.recent) ? parsed.recent : [], SettledSchema),
    };
    if (!rejected.length) return;
    // Aside first, then the cleaned ledger: a crash between the two leaves an entry in both, never in none.
    const asidePath = `${path}.rejected.json`;
    let earlier: unknown[] = [];
    try {
      const previous = JSON.parse(readFileSync(asidePath, 'utf8'));
      if (Array.isArray(previous)) earlier = previous;
    } catch {
      /* none yet, or unreadable: start a new one */
    }
    const at = new Date().toISOString();
    writeAtomically(asidePath, JSON.stringify([...earlier, ...rejected.map((r) => ({ ...r, rejectedAt: at }))], null, 1));
    this.save();
    for (const r of rejected) {
      const id = (r.entry as { canaryId?: unknown } | null)?.canaryId;
      log(
        `ledger: rejected a malformed ${r.list} entry ${typeof id === 'string' ? id : JSON.stringify(r.entry)?.slice(0, 80)} (${r.reason}); moved to ${asidePath}`,
      );
    }
  }

  private save(): void {
    if (!this.path) return;
    writeAtomically(this.path, JSON.stringify(this.data, null, 1));
  }
}
