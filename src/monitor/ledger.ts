// The canary ledger: each canary is written to a small durable file *before* it is submitted and
// settled after, so that a monitor killed mid-cycle resumes polling its unsettled RequestIDs on the
// next start and no canary is silently lost — each ends completed, failed or expired with a reason.
// Writes are atomic (temp file, fsync, rename): a crash leaves the old or the new ledger, never half.
// A ledger file belongs to one monitor at a time (ledger-lock.ts), and each entry records the target it
// was submitted to, so a monitor pointed elsewhere expires it instead of polling the wrong host.
import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { lockLedger } from './ledger-lock.ts';

/** A ledger file that cannot be used (unreadable, not a ledger, in use): the monitor refuses to start. */
export class LedgerError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LedgerError';
  }
}

export type LedgerPhase = 'submitting' | 'submitted';

export interface LedgerEntry {
  canaryId: string;
  opportunityId: string;
  /** The base URL the canary was submitted to (absent in ledgers written before it was recorded). */
  target?: string;
  /** The marker value the canary wrote (the cycle's timestamp). */
  marker: string;
  startedAt: number;
  phase: LedgerPhase;
  requestId: string | null;
  submittedAt: number | null;
}

export interface SettledEntry extends LedgerEntry {
  settledAt: number;
  outcome: string;
  reason: string;
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
  constructor(path: string | null) {
    this.path = path;
    if (!path) return;
    try {
      this.release = lockLedger(path);
      this.load(path);
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

  private load(path: string): void {
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
    if (parsed?.version !== 1 || !Array.isArray(parsed.unsettled)) throw new LedgerError(`${path} is not a canary ledger (version 1); it is left as it is — move it away to start a new ledger`);
    this.data = { version: 1, unsettled: parsed.unsettled, recent: Array.isArray(parsed.recent) ? parsed.recent : [] };
  }

  private save(): void {
    if (!this.path) return;
    mkdirSync(dirname(this.path), { recursive: true });
    const tmp = `${this.path}.${process.pid}.tmp`;
    const fd = openSync(tmp, 'w');
    try {
      writeSync(fd, JSON.stringify(this.data, null, 1));
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, this.path);
  }
}
