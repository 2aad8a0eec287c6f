// The task store keeps its rows in a ring (the oldest task at `head`); when it needs more rows it
// moves every kept row into a larger ring, oldest first at row 0. Each part of the store (the ids,
// the columns, the body arena) applies the same move to its own per-row data.

export interface RingMove {
  /** The oldest row before the move. */
  head: number;
  /** Rows kept. */
  count: number;
  /** Rows of the ring before the move. */
  oldRows: number;
}

/** The row before the move of what is row `n` after it (n < count). */
export function oldRowOf(move: RingMove, n: number): number {
  return (move.head + n) % move.oldRows;
}

/** The row after the move of what was row `old`, or -1 when that row held no task. */
export function newRowOf(move: RingMove, old: number): number {
  const n = (old - move.head + move.oldRows) % move.oldRows;
  return n < move.count ? n : -1;
}

/**
 * Copies the kept rows of `src` (each `width` elements) into `dst` in their new places, and frees
 * `src` (see freeNow); returns dst.
 */
export function moveRows<T extends Float64Array | Uint32Array | Uint8Array>(src: T, dst: T, move: RingMove, width = 1): T {
  // Two runs: from the head to the end of the old ring, then its start up to the newest row.
  const first = Math.min(move.count, move.oldRows - move.head);
  dst.set(src.subarray(move.head * width, (move.head + first) * width) as never, 0);
  dst.set(src.subarray(0, (move.count - first) * width) as never, first * width);
  freeNow(src);
  return dst;
}

/**
 * Gives the memory of an array that owns its whole ArrayBuffer back now (the array is left empty).
 * Left to the garbage collector it would stay until the next full collection, which a sandbox that
 * keeps no JavaScript objects per task seldom needs: the replaced arrays of a store growing to
 * 50,000 tasks were 20 MB of RSS (BENCHMARKS.md P1m).
 */
export function freeNow(array: Float64Array | Uint32Array | Int32Array | Uint8Array): void {
  (array.buffer as ArrayBuffer).transfer(0);
}
