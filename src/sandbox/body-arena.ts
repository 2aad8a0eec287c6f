// The kept tasks' texts in one growing Buffer, outside V8's heap (BENCHMARKS.md P1m): per task one
// record — its row, the opportunity id as JSON text, the request body as received (UTF-8) — so a kept
// body is bytes, not a string the scavenger promotes. Records are appended in the order the bodies
// arrive, which is the order bodies are evicted in (maxKeptBodyBytes); the space of a forgotten task
// or an evicted body is taken back by compacting, in place, when the Buffer is full.
import { freeNow, moveRows, newRowOf, type RingMove } from './ring-move.ts';

/** A record: row (u32), opportunity-id bytes (u32), body bytes stored (u32), then those bytes. */
const HEADER = 12;
const MIN_BYTES = 64 * 1024;

export class BodyArena {
  private buf: Buffer = Buffer.allocUnsafeSlow(MIN_BYTES);
  /** Where the next record goes. */
  private end = 0;
  /** Bytes a compaction keeps: the records still owned, less their evicted bodies. */
  private live = 0;
  /** No kept body starts before this offset (so eviction, oldest first, does not rescan the front). */
  private firstKept = 0;
  private keptTotal = 0;
  /** Per row: the offset of its record, -1 when it has none. */
  private recordAt: Float64Array;
  /** Per row: the body's UTF-8 bytes as received, kept or evicted. */
  private bodyBytes: Float64Array;
  /** Per row: 1 while the body is kept. */
  private kept: Uint8Array;

  constructor(rows: number) {
    this.recordAt = new Float64Array(rows).fill(-1);
    this.bodyBytes = new Float64Array(rows);
    this.kept = new Uint8Array(rows);
  }

  /** UTF-8 bytes of the bodies kept. */
  get keptBytes(): number {
    return this.keptTotal;
  }

  /**
   * Stores the texts of `row` (which holds none: release() it first). A null body is one already
   * evicted, of `evictedBytes` bytes.
   */
  put(row: number, opportunityJson: string, body: string | null, evictedBytes = 0): void {
    const oppLen = Buffer.byteLength(opportunityJson);
    const bodyLen = body === null ? 0 : Buffer.byteLength(body);
    const size = HEADER + oppLen + bodyLen;
    this.reserve(size);
    const at = this.end;
    const buf = this.buf;
    buf.writeUInt32LE(row, at);
    buf.writeUInt32LE(oppLen, at + 4);
    buf.writeUInt32LE(bodyLen, at + 8);
    buf.write(opportunityJson, at + HEADER, 'utf8');
    if (body !== null) buf.write(body, at + HEADER + oppLen, 'utf8');
    this.end += size;
    this.live += size;
    this.recordAt[row] = at;
    this.bodyBytes[row] = body === null ? evictedBytes : bodyLen;
    this.kept[row] = body === null ? 0 : 1;
    this.keptTotal += bodyLen;
  }

  /** Forgets the texts of `row`, if it has any. */
  release(row: number): void {
    const at = this.recordAt[row]!;
    if (at < 0) return;
    const body = this.kept[row] ? this.bodyBytes[row]! : 0;
    this.live -= HEADER + this.buf.readUInt32LE(at + 4) + body;
    this.keptTotal -= body;
    this.recordAt[row] = -1;
    this.kept[row] = 0;
  }

  /** The opportunity id of `row`, as JSON text. */
  opportunityJson(row: number): string {
    const at = this.recordAt[row]! + HEADER;
    return this.buf.toString('utf8', at, at + this.buf.readUInt32LE(at - HEADER + 4));
  }

  /** The body of `row` as received; '' once evicted. */
  body(row: number): string {
    if (!this.kept[row]) return '';
    const at = this.recordAt[row]!;
    const start = at + HEADER + this.buf.readUInt32LE(at + 4);
    return this.buf.toString('utf8', start, start + this.bodyBytes[row]!);
  }

  isEvicted(row: number): boolean {
    return this.kept[row] === 0;
  }

  /** The body's UTF-8 bytes as received (also once evicted). */
  bytesOf(row: number): number {
    return this.bodyBytes[row]!;
  }

  /**
   * Evicts kept bodies, oldest first, for which `which(row)` is true, until at most `cap` bytes are
   * kept (the task store's two passes: final tasks' bodies, then any).
   */
  evictOldest(cap: number, which: (row: number) => boolean): void {
    const buf = this.buf;
    while (this.firstKept < this.end && !this.keptAt(this.firstKept)) this.firstKept += this.sizeAt(this.firstKept);
    for (let at = this.firstKept; at < this.end && this.keptTotal > cap; at += this.sizeAt(at)) {
      if (!this.keptAt(at)) continue;
      const row = buf.readUInt32LE(at);
      if (!which(row)) continue;
      this.kept[row] = 0;
      this.keptTotal -= this.bodyBytes[row]!;
      this.live -= this.bodyBytes[row]!;
    }
  }

  /** Room for `rows` rows, the kept ones moved as `move` says (their records renumbered). */
  resize(rows: number, move: RingMove): void {
    const recordAt = this.recordAt;
    this.bodyBytes = moveRows(this.bodyBytes, new Float64Array(rows), move);
    this.kept = moveRows(this.kept, new Uint8Array(rows), move);
    this.recordAt = new Float64Array(rows).fill(-1);
    this.compact(this.buf, recordAt, (row) => newRowOf(move, row));
    freeNow(recordAt);
  }

  private sizeAt(at: number): number {
    return HEADER + this.buf.readUInt32LE(at + 4) + this.buf.readUInt32LE(at + 8);
  }

  /** Whether the record at `at` is its row's and holds a kept body. */
  private keptAt(at: number): boolean {
    const row = this.buf.readUInt32LE(at);
    return this.recordAt[row] === at && this.kept[row] === 1;
  }

  /**
   * Makes room for a record of `size` bytes by compacting in place — or into a new Buffer of 1.5 times
   * what is needed when compacting would leave less than a quarter of this one free, or when it is
   * four times too large (maxTasks lowered, bodies evicted). Each compaction then copies at most three
   * bytes per byte appended since the last.
   */
  private reserve(size: number): void {
    if (this.end + size <= this.buf.length) return;
    const needed = this.live + size;
    if (needed <= this.buf.length * 0.75 && (needed * 4 >= this.buf.length || this.buf.length <= MIN_BYTES)) {
      this.compact(this.buf, this.recordAt, (row) => row);
      return;
    }
    const old = this.buf;
    this.buf = Buffer.allocUnsafeSlow(Math.max(MIN_BYTES, Math.ceil((needed * 1.5) / MIN_BYTES) * MIN_BYTES));
    this.compact(old, this.recordAt, (row) => row);
    freeNow(old);
  }

  /**
   * Moves every owned record (by `oldRecordAt`) of `source`, oldest first, to the front of this.buf
   * (which may be `source`: a record only ever moves towards the front), without its body once
   * evicted; rows are renumbered by `rowOf` and `this.recordAt` (already sized for the new rows) is
   * filled in.
   */
  private compact(source: Buffer, oldRecordAt: Float64Array, rowOf: (row: number) => number): void {
    const target = this.buf;
    let to = 0;
    for (let at = 0; at < this.end; ) {
      const row = source.readUInt32LE(at);
      const oppLen = source.readUInt32LE(at + 4);
      const stored = source.readUInt32LE(at + 8);
      if (oldRecordAt[row] === at) {
        const row2 = rowOf(row);
        const body = this.kept[row2] ? stored : 0;
        const keep = HEADER + oppLen + body;
        source.copy(target, to, at, at + keep);
        target.writeUInt32LE(row2, to);
        target.writeUInt32LE(body, to + 8);
        this.recordAt[row2] = to;
        to += keep;
      }
      at += HEADER + oppLen + stored;
    }
    this.end = to;
    this.live = to;
    this.firstKept = 0;
  }
}
