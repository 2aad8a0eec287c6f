// Probability mass over adjacent cells, uniform inside each: the form the completion model works in.
// Why cells: the model shares each canary's mass over the cells its bracket spans (completion-model.ts),
// and needs the distribution's CDF smoothed by a kernel at any point, and its smoothed density per cell. With the
// CDF's running integral kept at the cells' edges, each of those is one binary search, so a model of a
// hundred brackets split into a thousand cells stays cheap enough to rebuild for every canary.

export class CellMass {
  /** Cell i spans [edges[i], edges[i + 1]]. */
  readonly edges: Float64Array;
  readonly mass: Float64Array;
  /** The CDF at each edge (the mass of the cells before it). */
  private readonly cum: Float64Array;
  /** The CDF's integral from the first edge to each edge. */
  private readonly area: Float64Array;

  constructor(edges: ArrayLike<number>, mass: ArrayLike<number>) {
    const n = mass.length;
    if (edges.length !== n + 1) throw new RangeError(`${n} cells need ${n + 1} edges, not ${edges.length}`);
    this.edges = Float64Array.from(edges);
    this.mass = Float64Array.from(mass);
    this.cum = new Float64Array(n + 1);
    this.area = new Float64Array(n + 1);
    for (let i = 0; i < n; i++) {
      this.cum[i + 1] = this.cum[i]! + this.mass[i]!;
      this.area[i + 1] = this.area[i]! + ((this.cum[i]! + this.cum[i + 1]!) / 2) * (this.edges[i + 1]! - this.edges[i]!);
    }
  }

  get total(): number {
    return this.cum[this.mass.length]!;
  }

  /** The cell x falls in (−1 before the first edge, n at or after the last). */
  private cellAt(x: number): number {
    const e = this.edges;
    const n = this.mass.length;
    if (!(x >= e[0]!)) return -1;
    if (x >= e[n]!) return n;
    let lo = 0;
    let hi = n;
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1;
      if (e[mid]! <= x) lo = mid;
      else hi = mid;
    }
    return lo;
  }

  /** The mass at or below x. */
  cdf(x: number): number {
    const i = this.cellAt(x);
    if (i < 0) return 0;
    if (i >= this.mass.length) return this.total;
    const w = this.edges[i + 1]! - this.edges[i]!;
    return this.cum[i]! + (w > 0 ? (this.mass[i]! * (x - this.edges[i]!)) / w : 0);
  }

  /** ∫ of the CDF from the first edge to x. */
  private integral(x: number): number {
    const i = this.cellAt(x);
    if (i < 0) return 0;
    const n = this.mass.length;
    if (i >= n) return this.area[n]! + this.total * (x - this.edges[n]!);
    const t = x - this.edges[i]!;
    const w = this.edges[i + 1]! - this.edges[i]!;
    return this.area[i]! + this.cum[i]! * t + (w > 0 ? (this.mass[i]! * t * t) / (2 * w) : 0);
  }

  /**
   * The CDF at x of the mass smoothed by a uniform kernel on [−h, h]: each cell's uniform mass becomes
   * a trapezoid, flat inside the cell less h and falling to 0 over h past either edge.
   */
  smoothedCdf(x: number, h: number): number {
    if (h <= 0) return this.cdf(x);
    return (this.integral(x + h) - this.integral(x - h)) / (2 * h);
  }

  /**
   * The smoothed density averaged over each cell (per ms): the smoothed mass inside the cell over its
   * width. Averaged, not read at the cell's middle: a cell wider than the kernel would miss a mode that
   * starts inside it. The smoothed CDF is taken once per edge (each inner edge bounds two cells).
   */
  smoothedCellDensity(h: number): Float64Array {
    const n = this.mass.length;
    const density = new Float64Array(n);
    let before = this.smoothedCdf(this.edges[0]!, h);
    for (let i = 0; i < n; i++) {
      const after = this.smoothedCdf(this.edges[i + 1]!, h);
      const w = this.edges[i + 1]! - this.edges[i]!;
      density[i] = w > 0 && after > before ? (after - before) / w : 0;
      before = after;
    }
    return density;
  }

  /**
   * Where a piecewise-linear copy of the smoothed CDF needs points: every edge h before and after (where
   * the smoothed CDF's pieces change) and the middle between each two of those (it is quadratic there).
   */
  smoothedPoints(h: number): number[] {
    const set = new Set<number>();
    for (const e of this.edges) {
      set.add(e - h);
      set.add(e + h);
    }
    const xs = [...set].sort((a, b) => a - b);
    const out: number[] = [];
    for (let i = 0; i < xs.length; i++) {
      if (i > 0 && h > 0) out.push((xs[i - 1]! + xs[i]!) / 2);
      out.push(xs[i]!);
    }
    return out;
  }
}
