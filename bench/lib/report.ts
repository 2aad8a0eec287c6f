// Where benchmarks put their results: one JSON file per benchmark under reports/bench/, plus the
// Markdown table they print, so BENCHMARKS.md can quote a run and the run can be checked against it.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const BENCH_DIR = process.env.LSQ_BENCH_DIR ?? 'reports/bench';

export function writeResult(name: string, result: unknown): string {
  mkdirSync(BENCH_DIR, { recursive: true });
  const file = join(BENCH_DIR, `${name}.json`);
  writeFileSync(file, `${JSON.stringify({ benchmark: name, at: new Date().toISOString(), node: process.version, ...(result as object) }, null, 2)}\n`);
  return file;
}

export function table(header: string[], rows: Array<Array<string | number>>): string {
  const line = (cells: Array<string | number>) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

export function percentile(values: number[], p: number): number {
  if (!values.length) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}
