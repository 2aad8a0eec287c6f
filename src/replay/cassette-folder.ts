// Where cassettes are and which files of a folder are cassettes: apart from the replay itself, so that
// what only lists or checks a folder (the gate's --cassettes setting, its replay stage, which replays in
// a child process) does not load msw.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The cassettes shipped with the package: `cassettes/` at its root (from src/replay/ or dist/replay/ alike). */
export const SHIPPED_CASSETTES_DIR = fileURLToPath(new URL('../../cassettes/', import.meta.url));

/** A --cassettes folder that cannot be used: missing, not a folder, or without a .har file. */
export class CassetteFolderError extends Error {
  readonly dir: string;
  constructor(dir: string, problem: string) {
    super(`${dir}: ${problem}`);
    this.name = 'CassetteFolderError';
    this.dir = dir;
  }
}

/** The `.har` files of a folder, sorted by name. */
export function listCassettes(dir: string): string[] {
  const abs = resolve(dir);
  if (!existsSync(abs)) throw new CassetteFolderError(dir, 'no such folder');
  if (!statSync(abs).isDirectory()) throw new CassetteFolderError(dir, 'not a folder');
  const files = readdirSync(abs)
    .filter((f) => f.endsWith('.har'))
    .sort();
  if (!files.length) throw new CassetteFolderError(dir, 'holds no .har cassette');
  return files.map((f) => join(abs, f));
}
