// The ledger's rename is made durable: after the temp file is fsynced and renamed over the ledger, the
// folder is fsynced too (a rename lives in the folder; without it a power cut can bring back the old file).
//
// fsyncSync is watched by swapping it on node:fs itself for the one test (syncBuiltinESMExports carries
// the swap to the ESM bindings the ledger imports), not with vi.mock: the monitor files share their
// worker's module graph (isolate: false), so a mocked node:fs missed a ledger module another file had
// loaded already, and leaked into the files after it.
import fs, { mkdtempSync } from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { Ledger } from '../../src/monitor/ledger.ts';

test('each ledger write fsyncs the file, then its folder', () => {
  const ledger = new Ledger(join(mkdtempSync(join(tmpdir(), 'lsq-ledger-sync-')), 'ledger.json'));
  const synced: Array<'file' | 'dir'> = [];
  const fsyncSync = fs.fsyncSync;
  fs.fsyncSync = (fd: number) => {
    synced.push(fs.fstatSync(fd).isDirectory() ? 'dir' : 'file');
    fsyncSync(fd);
  };
  syncBuiltinESMExports();
  try {
    ledger.open({ canaryId: 'c1', opportunityId: 'o', target: 't', marker: 'm', startedAt: 1 });
    ledger.close();
  } finally {
    fs.fsyncSync = fsyncSync;
    syncBuiltinESMExports();
  }
  expect(synced.slice(-2)).toEqual(['file', 'dir']);
});
