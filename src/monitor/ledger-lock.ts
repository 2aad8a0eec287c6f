// One monitor per ledger file. Two monitors sharing one would resume each other's canaries (against
// their own targets) and overwrite each other's writes, so the second to start is refused. A lock whose
// owner is gone (SIGKILL, a machine or container restart) is stale and taken over: a killed monitor must
// be able to restart and resume its canaries. One process may reopen its own lock (tests restart
// in-process).
//
// Why each step is as it is:
// - The lock is created by link() of a fully written temp file: it appears whole or not at all, so no
//   reader sees a half-written owner (an exclusive open-then-write had an empty window, and an empty
//   lock read as "no owner" was deleted under its creator).
// - The owner is a pid AND that process's start time (/proc/<pid>/stat, field 22): after a restart the
//   pid is often reused by another live process, and a pid alone refused to start forever.
// - An unreadable lock younger than CREATING_MS is held (someone is writing it, e.g. an older version).
// - A stale lock is removed only under a second lock, `<lock>.takeover` (created the same way), and only
//   after judging it stale again under that lock: without it, A removed the dead owner's lock and
//   created its own, then B, which had judged the same dead lock, removed A's. The judgement is made
//   again, not the file compared by inode: a removed file's inode is soon reused, and A's new lock had
//   the dead lock's inode (two winners in one round of eight contenders). Under the takeover lock the
//   judgement holds until the removal: only a takeover holder removes a lock, and none can be created
//   while one exists.
import { linkSync, lstatSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { dirname } from 'node:path';
import { writeSynced } from './atomic-write.ts';

/** An unreadable lock younger than this is being created, not abandoned. */
const CREATING_MS = 5000;
/** A takeover lock older than this was left by a contender that died mid-takeover. */
const TAKEOVER_STALE_MS = 10_000;
/** How long to wait for another contender's takeover before judging the lock again. */
const TAKEOVER_WAIT_MS = 5000;

interface Owner {
  pid: number;
  /** The process's start time in clock ticks since boot (Linux); null where it cannot be read. */
  start: string | null;
}

/** The refusal (ledger.ts turns it into a LedgerError, which the CLI reports as a bad --ledger). */
function inUse(lockPath: string, owner: Owner | null, creating = false): Error {
  const who = creating ? 'being created by another monitor' : `in use by another monitor (pid ${owner?.pid ?? 'unknown'}`;
  return new Error(`the ledger is ${who}${creating ? ' (' : ', '}lock ${lockPath}); give each monitor its own --ledger, or delete the lock if no monitor runs`);
}

/** Locks still held; released when the process exits normally (a SIGKILL leaves a stale lock). */
const held = new Set<() => void>();
let exitHook = false;

/** Takes the lock of the ledger at `path`; returns the function that releases it. */
export function lockLedger(path: string): () => void {
  if (!exitHook) {
    exitHook = true;
    process.once('exit', () => {
      for (const release of [...held]) release();
    });
  }
  const lockPath = `${path}.lock`;
  mkdirSync(dirname(lockPath), { recursive: true });
  const mine: Owner = { pid: process.pid, start: startTimeOf(process.pid) };
  const content = JSON.stringify(mine);
  for (let attempt = 0; attempt < 20; attempt++) {
    if (createWhole(lockPath, content)) {
      const release = () => {
        held.delete(release);
        releaseIfMine(lockPath, content);
      };
      held.add(release);
      return release;
    }
    const seen = inspect(lockPath);
    if (!seen) continue; // gone between our link and our look: try again
    if (seen.state === 'creating') throw inUse(lockPath, null, true);
    if (seen.state === 'live') throw inUse(lockPath, seen.owner);
    removeIfStillStale(lockPath);
  }
  throw inUse(lockPath, inspect(lockPath)?.owner ?? null);
}

/** Creates `target` holding `content`, whole, unless it exists; false when it does. */
function createWhole(target: string, content: string): boolean {
  const tmp = `${target}.${process.pid}.${randomUUID()}.tmp`;
  writeSynced(tmp, content, 'wx');
  try {
    linkSync(tmp, target);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  } finally {
    rmSync(tmp, { force: true });
  }
}

type Seen = { ino: number; owner: Owner | null; state: 'live' | 'stale' | 'creating' };

function inspect(lockPath: string): Seen | null {
  let ino: number, ageMs: number, text: string;
  try {
    const st = lstatSync(lockPath);
    ino = st.ino;
    ageMs = Date.now() - st.mtimeMs;
    text = readFileSync(lockPath, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
  const owner = parseOwner(text);
  if (!owner) return { ino, owner, state: ageMs < CREATING_MS ? 'creating' : 'stale' };
  if (owner.pid === process.pid) return { ino, owner, state: 'stale' }; // our own, from an earlier open
  return { ino, owner, state: isSameProcessAlive(owner) ? 'live' : 'stale' };
}

/** `{"pid":N,"start":"T"}`, or a bare pid (locks written before start times were recorded). */
function parseOwner(text: string): Owner | null {
  const trimmed = text.trim();
  if (/^\d+$/.test(trimmed)) return { pid: Number(trimmed), start: null };
  try {
    const o = JSON.parse(trimmed) as Partial<Owner>;
    if (Number.isInteger(o.pid) && o.pid! > 0) return { pid: o.pid!, start: typeof o.start === 'string' ? o.start : null };
  } catch {
    /* partial or foreign content */
  }
  return null;
}

function isSameProcessAlive(owner: Owner): boolean {
  try {
    process.kill(owner.pid, 0);
  } catch (err) {
    // EPERM: the process exists but belongs to someone else.
    if ((err as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  if (owner.start === null) return true;
  const start = startTimeOf(owner.pid);
  // A live pid that started at another time is another process that reuses the dead owner's pid.
  return start === null || start === owner.start;
}

/** Field 22 of /proc/<pid>/stat (start time in clock ticks since boot); null off Linux or when gone. */
export function startTimeOf(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Field 2 (the command name) is in parentheses and may hold spaces; count fields after its ')'.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[22 - 3] ?? null;
  } catch {
    return null;
  }
}

/** Removes the lock, under the takeover lock, if it is (still) stale. */
export function removeIfStillStale(lockPath: string): void {
  const takeover = `${lockPath}.takeover`;
  const until = Date.now() + TAKEOVER_WAIT_MS;
  while (!createWhole(takeover, JSON.stringify({ pid: process.pid, start: startTimeOf(process.pid) }))) {
    clearAbandonedTakeover(takeover);
    if (Date.now() > until) return; // the caller judges the lock again
    sleepSync(5);
  }
  try {
    // Only a takeover holder removes a lock, so the file cannot change between this look and the rm.
    if (inspect(lockPath)?.state === 'stale') rmSync(lockPath, { force: true });
  } finally {
    rmSync(takeover, { force: true });
  }
}

/** A takeover lock whose holder died (or that is older than TAKEOVER_STALE_MS) is moved away and dropped. */
function clearAbandonedTakeover(takeover: string): void {
  const st = lstatSync(takeover, { throwIfNoEntry: false });
  if (!st) return;
  let owner: Owner | null = null;
  try {
    owner = parseOwner(readFileSync(takeover, 'utf8'));
  } catch {
    return;
  }
  const abandoned = Date.now() - st.mtimeMs > TAKEOVER_STALE_MS || (owner !== null && !isSameProcessAlive(owner));
  if (!abandoned) return;
  const aside = `${takeover}.${process.pid}.${randomUUID()}.abandoned`;
  try {
    renameSync(takeover, aside);
  } catch {
    return; // someone else moved it
  }
  // If what we moved is not the file we judged (another contender replaced it meanwhile), put it back.
  if (lstatSync(aside).ino !== st.ino) {
    try {
      linkSync(aside, takeover);
    } catch {
      /* a third contender holds it now; ours is the only copy left of the other, dropped below */
    }
  }
  rmSync(aside, { force: true });
}

function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

function releaseIfMine(lockPath: string, content: string): void {
  try {
    if (readFileSync(lockPath, 'utf8') === content) rmSync(lockPath, { force: true });
  } catch {
    // already gone
  }
}
