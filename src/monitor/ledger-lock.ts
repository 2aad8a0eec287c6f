// One monitor per ledger file. Two monitors sharing one would resume each other's canaries (against
// their own targets) and overwrite each other's writes, so the second to start is refused. The lock is
// a file beside the ledger holding its owner's pid, created exclusively. A lock whose process is gone
// (SIGKILL, a machine or container restart) is stale and taken over: a killed monitor must be able to
// restart and resume its canaries. One process may reopen its own lock (tests restart in-process).
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';

/** The refusal (ledger.ts turns it into a LedgerError, which the CLI reports as a bad --ledger). */
function inUse(lockPath: string, ownerPid: number | null): Error {
  return new Error(`the ledger is in use by another monitor (pid ${ownerPid ?? 'unknown'}, lock ${lockPath}); give each monitor its own --ledger, or delete the lock if no monitor runs`);
}

/** Locks still held; released when the process exits normally (a SIGKILL leaves a stale lock). */
const held = new Set<() => void>();
let exitHook = false;

/** Takes the lock of the ledger at `path`; returns the function that releases it. */
export function lockLedger(path: string): () => void {
  if (!exitHook) {
    exitHook = true;
    process.once('exit', () => [...held].forEach((release) => release()));
  }
  const lockPath = `${path}.lock`;
  mkdirSync(dirname(lockPath), { recursive: true });
  const mine = String(process.pid);
  // Two tries: the second after removing a stale lock (another process may win that race; then it owns it).
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(lockPath, 'wx');
      try {
        writeSync(fd, mine);
      } finally {
        closeSync(fd);
      }
      const release = () => {
        held.delete(release);
        releaseIfMine(lockPath, mine);
      };
      held.add(release);
      return release;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const owner = readOwner(lockPath);
    if (owner !== null && owner !== process.pid && isAlive(owner)) throw inUse(lockPath, owner);
    rmSync(lockPath, { force: true });
  }
  throw inUse(lockPath, readOwner(lockPath));
}

function readOwner(lockPath: string): number | null {
  try {
    const pid = Number(readFileSync(lockPath, 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: the process exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function releaseIfMine(lockPath: string, mine: string): void {
  try {
    if (readFileSync(lockPath, 'utf8').trim() === mine) rmSync(lockPath, { force: true });
  } catch {
    // already gone
  }
}
