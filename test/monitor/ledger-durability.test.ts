// The ledger's rename is made durable: after the temp file is fsynced and renamed over the ledger, the
// folder is fsynced too (a rename lives in the folder; without it a power cut can bring back the old file).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, vi } from 'vitest';

const synced: Array<'file' | 'dir'> = [];
vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs')>();
  const fsyncSync = (fd: number) => {
    synced.push(fs.fstatSync(fd).isDirectory() ? 'dir' : 'file');
    return fs.fsyncSync(fd);
  };
  return { ...fs, default: { ...fs, fsyncSync }, fsyncSync };
});

test('each ledger write fsyncs the file, then its folder', async () => {
  const { Ledger } = await import('../../src/monitor/ledger.ts');
  const ledger = new Ledger(join(mkdtempSync(join(tmpdir(), 'lsq-ledger-sync-')), 'ledger.json'));
  synced.length = 0;
  ledger.open({ canaryId: 'c1', opportunityId: 'o', target: 't', marker: 'm', startedAt: 1 });
  ledger.close();
  expect(synced.slice(-2)).toEqual(['file', 'dir']);
});
