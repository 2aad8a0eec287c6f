// The completion model's cells: their CDF, smoothed by a uniform kernel, is each cell's trapezoid.
import { expect, test } from 'vitest';
import { CellMass } from '../../src/monitor/cell-mass.ts';

test("one cell smoothed: a trapezoid's CDF, from 0 a kernel before it to 1 a kernel after it", () => {
  const c = new CellMass([1000, 2000], [1]);
  expect(c.smoothedCdf(700, 300)).toBe(0);
  expect(c.smoothedCdf(2300, 300)).toBeCloseTo(1, 12);
  expect(c.smoothedCdf(1500, 300)).toBeCloseTo(0.5, 12);
  // Symmetric about the middle, and increasing.
  for (const d of [50, 200, 400, 700]) expect(c.smoothedCdf(1500 - d, 300) + c.smoothedCdf(1500 + d, 300)).toBeCloseTo(1, 12);
  let last = 0;
  for (let x = 600; x <= 2400; x += 10) {
    const p = c.smoothedCdf(x, 300);
    expect(p).toBeGreaterThanOrEqual(last - 1e-12);
    last = p;
  }
  // Below the cell's low edge: h / 4 of its 1,000 ms (7.5 % of its mass).
  expect(c.smoothedCdf(1000, 300)).toBeCloseTo(75 / 1000, 12);
  // No kernel: the plain uniform mass.
  expect(c.smoothedCdf(1250, 0)).toBe(0.25);
});

test('several cells: the CDF adds up their masses, and the smoothed density integrates to it', () => {
  const c = new CellMass([0, 100, 400, 500], [0.2, 0.3, 0.5]);
  expect(c.total).toBeCloseTo(1, 12);
  expect(c.cdf(-1)).toBe(0);
  expect(c.cdf(50)).toBeCloseTo(0.1, 12);
  expect(c.cdf(250)).toBeCloseTo(0.35, 12);
  expect(c.cdf(600)).toBeCloseTo(1, 12);
  // The density over each cell without a kernel is the cell's own; with one, each edge passes
  // (density on the left − density on the right) × h / 4 across it, and the outer edges lose d × h / 4.
  expect([...c.smoothedCellDensity(0)].map((d) => d.toFixed(6))).toEqual(['0.002000', '0.001000', '0.005000']);
  const h = 40;
  const smoothed = c.smoothedCellDensity(h);
  expect(smoothed[0]).toBeCloseTo((0.2 - 0.002 * 10 - (0.002 - 0.001) * 10) / 100, 12);
  expect(smoothed[1]).toBeCloseTo((0.3 + (0.002 - 0.001) * 10 + (0.005 - 0.001) * 10) / 300, 12);
  expect(smoothed[2]).toBeCloseTo((0.5 - (0.005 - 0.001) * 10 - 0.005 * 10) / 100, 12);
});

test('the smoothed CDF needs points at every edge a kernel each side, and between them', () => {
  const c = new CellMass([0, 100], [1]);
  // The smoothed CDF's pieces change at −10, 10, 90 and 110; the middles between them are added.
  expect(c.smoothedPoints(10)).toEqual([-10, 0, 10, 50, 90, 100, 110]);
  expect(() => new CellMass([0, 1], [0.5, 0.5])).toThrow(/2 cells need 3 edges/);
});
