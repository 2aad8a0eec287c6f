// The ledger lock between real processes: contenders racing for a stale lock, a pid reused by another
// process, and a lock caught mid-creation.
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, test } from 'vitest';
import { lockLedger, removeIfStillStale, startTimeOf } from '../../src/monitor/ledger-lock.ts';

const CONTENDER = new URL('./lock-contender.ts', import.meta.url).pathname;
const children: ChildProcessWithoutNullStreams[] = [];
afterEach(() => {
  for (const c of children.splice(0)) c.kill('SIGKILL');
});

const ledgerFile = () => join(mkdtempSync(join(tmpdir(), 'lsq-lock-race-')), 'ledger.json');
/** The pid of a process that has exited (any program will do). */
const deadPid = () => spawnSync('true').pid;
/** A live process that is not this one (any program will do). */
const liveProcess = () => {
  const child = spawn('sleep', ['60']);
  children.push(child as unknown as ChildProcessWithoutNullStreams);
  return child;
};

function contender(): { child: ChildProcessWithoutNullStreams; line: (n: number) => Promise<string> } {
  const child = spawn(process.execPath, [CONTENDER]);
  children.push(child);
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  const line = (n: number) =>
    new Promise<string>((resolve, reject) => {
      const check = setInterval(() => {
        const got = out.split('\n').slice(0, -1); // complete lines only
        if (got.length > n) {
          clearInterval(check);
          resolve(got[n]!);
        } else if (child.exitCode !== null) {
          clearInterval(check);
          reject(new Error(`contender exited: ${out}`));
        }
      }, 5);
    });
  return { child, line };
}

test('8 processes racing for a stale lock: exactly one wins, in each of 5 rounds', async () => {
  // The same 8 processes race in every round, each round for a stale lock of a ledger of its own.
  const racers = Array.from({ length: 8 }, () => contender());
  await Promise.all(racers.map((r) => r.line(0))); // all started and waiting
  for (let round = 0; round < 5; round++) {
    const path = ledgerFile();
    writeFileSync(`${path}.lock`, JSON.stringify({ pid: deadPid(), start: '1' }));
    for (const r of racers) r.child.stdin.write(`${path}\n`);
    const results = await Promise.all(racers.map((r) => r.line(round + 1)));
    const winners = racers.filter((_, i) => results[i] === 'won');
    expect(winners, `round ${round}: ${results.join(' | ')}`).toHaveLength(1);
    expect(results.filter((l) => l.startsWith('refused: the ledger is in use by another monitor'))).toHaveLength(7);
    expect(JSON.parse(readFileSync(`${path}.lock`, 'utf8')).pid).toBe(winners[0]!.child.pid);
  }
});

test('a live pid that started at another time (a reused pid) is a stale lock, taken over', () => {
  const path = ledgerFile();
  const other = liveProcess();
  expect(startTimeOf(other.pid!)).not.toBeNull();
  writeFileSync(`${path}.lock`, JSON.stringify({ pid: other.pid, start: '1' })); // not its start time
  const release = lockLedger(path);
  expect(JSON.parse(readFileSync(`${path}.lock`, 'utf8'))).toEqual({ pid: process.pid, start: startTimeOf(process.pid) });
  release();
});

test('the same live process (pid and start time) keeps its lock', () => {
  const path = ledgerFile();
  const other = liveProcess();
  const owner = JSON.stringify({ pid: other.pid, start: startTimeOf(other.pid!) });
  writeFileSync(`${path}.lock`, owner);
  expect(() => lockLedger(path)).toThrow(new RegExp(`in use by another monitor \\(pid ${other.pid}`));
  expect(readFileSync(`${path}.lock`, 'utf8')).toBe(owner);
});

test('an empty lock is held while young (being created) and stale when old', () => {
  const path = ledgerFile();
  writeFileSync(`${path}.lock`, '');
  expect(() => lockLedger(path)).toThrow(/being created by another monitor/);
  expect(readFileSync(`${path}.lock`, 'utf8')).toBe(''); // not deleted under its creator
  const old = (Date.now() - 60_000) / 1000;
  utimesSync(`${path}.lock`, old, old);
  const release = lockLedger(path);
  expect(JSON.parse(readFileSync(`${path}.lock`, 'utf8')).pid).toBe(process.pid);
  release();
});

test('a takeover judges the lock again under the takeover lock: a live owner in the file it judged stale is kept', () => {
  // The contender that judged a dead owner's lock may find, by the time it holds the takeover lock, a
  // new lock of a live monitor there, even at the same inode (a removed file's inode is soon reused:
  // comparing inodes let two contenders win). Rewriting the file in place models exactly that.
  const path = ledgerFile();
  const lockPath = `${path}.lock`;
  writeFileSync(lockPath, JSON.stringify({ pid: deadPid(), start: null }));
  const live = liveProcess();
  writeFileSync(lockPath, JSON.stringify({ pid: live.pid, start: startTimeOf(live.pid!) }));
  removeIfStillStale(lockPath);
  expect(JSON.parse(readFileSync(lockPath, 'utf8')).pid).toBe(live.pid);
  // A lock that is still the dead owner's goes.
  writeFileSync(lockPath, JSON.stringify({ pid: deadPid(), start: null }));
  removeIfStillStale(lockPath);
  expect(() => readFileSync(lockPath)).toThrow(/ENOENT/);
});
