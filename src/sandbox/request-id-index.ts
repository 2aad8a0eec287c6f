// The kept tasks' RequestIDs and the lookup from a RequestID to its task's row. The ids the sandbox
// mints (every id of an accepted update) are kept as 16 bytes per row and found through an
// open-addressing hash table of row numbers — both typed arrays, no V8 object per task (BENCHMARKS.md
// P1m). Any other id (a provider state may be given one by hand) is kept as its string in a Map.
import { freeNow, moveRows, newRowOf, type RingMove } from './ring-move.ts';
import { hashWords, readUuidWords, uuidText } from './uuid-words.ts';

const NONE = 0;
const MINTED = 1;
const OTHER = 2;

export class RequestIdIndex {
  /** Four words per row: the minted id's 16 bytes. */
  private words: Uint32Array;
  /** Per row: NONE, MINTED (in words and slots) or OTHER (in others and otherOf). */
  private kind: Uint8Array;
  /** Open addressing, linear probing: row + 1, 0 when empty; at most half full. */
  private slots: Int32Array;
  private mask: number;
  private readonly others = new Map<string, number>();
  private readonly otherOf = new Map<number, string>();
  /** Where a looked-up id is parsed to (find is synchronous), and that id when it was a minted one. */
  private readonly probe = new Uint32Array(4);
  private probed: string | null = null;

  constructor(rows: number) {
    this.words = new Uint32Array(rows * 4);
    this.kind = new Uint8Array(rows);
    const size = tableSize(rows);
    this.slots = new Int32Array(size);
    this.mask = size - 1;
  }

  /** The row holding `id`, or -1. Exact: `ABC…` is not `abc…`. */
  find(id: string): number {
    if (!readUuidWords(id, this.probe, 0)) {
      this.probed = null;
      return this.others.get(id) ?? -1;
    }
    this.probed = id;
    return this.findProbe();
  }

  /** The row holding the minted id in words[at] … words[at + 3] (SeededRandom.uuidWords), or -1. */
  findWords(words: Uint32Array, at: number): number {
    const probe = this.probe;
    probe[0] = words[at]!;
    probe[1] = words[at + 1]!;
    probe[2] = words[at + 2]!;
    probe[3] = words[at + 3]!;
    this.probed = null; // the probe no longer holds the words of the last id find() read
    return this.findProbe();
  }

  /** The row of the minted id in the probe, or -1. */
  private findProbe(): number {
    const words = this.words;
    const probe = this.probe;
    for (let i = hashWords(probe, 0) & this.mask; ; i = (i + 1) & this.mask) {
      const entry = this.slots[i]!;
      if (entry === 0) return -1;
      const at = (entry - 1) * 4;
      if (words[at] === probe[0] && words[at + 1] === probe[1] && words[at + 2] === probe[2] && words[at + 3] === probe[3]) return entry - 1;
    }
  }

  /** Files `id` under `row` (which holds no id: remove() it first). */
  set(row: number, id: string): void {
    // An id just looked up (the store looks every new id up first) is not parsed again.
    if (id === this.probed) this.words.set(this.probe, row * 4);
    else if (!readUuidWords(id, this.words, row * 4)) {
      this.kind[row] = OTHER;
      this.others.set(id, row);
      this.otherOf.set(row, id);
      return;
    }
    this.fileMinted(row);
  }

  /** Files the minted id in words[at] … words[at + 3] under `row` (which holds no id): set() of its text. */
  setWords(row: number, words: Uint32Array, at: number): void {
    const to = row * 4;
    this.words[to] = words[at]!;
    this.words[to + 1] = words[at + 1]!;
    this.words[to + 2] = words[at + 2]!;
    this.words[to + 3] = words[at + 3]!;
    this.fileMinted(row);
  }

  /** Marks `row`, whose words are written, as holding a minted id and puts it in the table. */
  private fileMinted(row: number): void {
    this.kind[row] = MINTED;
    let i = hashWords(this.words, row * 4) & this.mask;
    while (this.slots[i] !== 0) i = (i + 1) & this.mask;
    this.slots[i] = row + 1;
  }

  /** The id of `row` (which holds one). */
  text(row: number): string {
    return this.kind[row] === MINTED ? uuidText(this.words, row * 4) : this.otherOf.get(row)!;
  }

  /** Forgets the id of `row`, if it holds one. */
  remove(row: number): void {
    const kind = this.kind[row];
    this.kind[row] = NONE;
    if (kind === OTHER) {
      this.others.delete(this.otherOf.get(row)!);
      this.otherOf.delete(row);
      return;
    }
    if (kind !== MINTED) return;
    const mask = this.mask;
    let hole = hashWords(this.words, row * 4) & mask;
    while (this.slots[hole] !== row + 1) hole = (hole + 1) & mask;
    // Backward-shift deletion: entries after the hole that would no longer be found move into it, so
    // no tombstones pile up in a table that forgets one id per update once the store is full.
    for (let j = (hole + 1) & mask; this.slots[j] !== 0; j = (j + 1) & mask) {
      const home = hashWords(this.words, (this.slots[j]! - 1) * 4) & mask;
      const between = hole <= j ? hole < home && home <= j : hole < home || home <= j;
      if (!between) {
        this.slots[hole] = this.slots[j]!;
        hole = j;
      }
    }
    this.slots[hole] = 0;
  }

  /** Room for `rows` rows, the kept ones moved as `move` says; the table is rebuilt for the new rows. */
  resize(rows: number, move: RingMove): void {
    this.words = moveRows(this.words, new Uint32Array(rows * 4), move, 4);
    this.kind = moveRows(this.kind, new Uint8Array(rows), move);
    const size = tableSize(rows);
    freeNow(this.slots);
    this.slots = new Int32Array(size);
    this.mask = size - 1;
    for (let n = 0; n < move.count; n++) {
      if (this.kind[n] !== MINTED) continue;
      let i = hashWords(this.words, n * 4) & this.mask;
      while (this.slots[i] !== 0) i = (i + 1) & this.mask;
      this.slots[i] = n + 1;
    }
    const others = [...this.otherOf];
    this.others.clear();
    this.otherOf.clear();
    for (const [old, id] of others) {
      const n = newRowOf(move, old);
      if (n < 0) continue;
      this.others.set(id, n);
      this.otherOf.set(n, id);
    }
  }
}

/** A power of two at least twice the rows (so a probe ends soon), at least 16. */
function tableSize(rows: number): number {
  let size = 16;
  while (size < rows * 2) size *= 2;
  return size;
}
