// Writes a file so that a crash leaves the old version or the new one, never half: temp file, fsync,
// rename over the target, then fsync of the folder so the rename itself survives a power cut. One
// implementation for the canary ledger (ledger.ts), the status page's history and its static files.
import { closeSync, fsyncSync, mkdirSync, openSync, renameSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';

export function writeAtomically(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  writeSynced(tmp, text, 'w');
  renameSync(tmp, path);
  const dir = openSync(dirname(path), 'r');
  try {
    fsyncSync(dir);
  } finally {
    closeSync(dir);
  }
}

/** Writes `text` to `path` opened with `flag` ('w', or 'wx' to refuse an existing file) and fsyncs it. */
export function writeSynced(path: string, text: string, flag: 'w' | 'wx'): void {
  const fd = openSync(path, flag);
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
