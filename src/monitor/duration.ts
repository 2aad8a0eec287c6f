// "30s", "5m", "1h", "2d", "250ms" or a bare number of seconds → milliseconds; null when unreadable.
// The grammar only: each duration flag's accepted range lives with the CLI's parsers (src/cli/options.ts).
const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

export function parseDuration(raw: string): number | null {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)?\s*$/.exec(raw);
  if (!m) return null;
  const ms = Number(m[1]) * UNITS[m[2] ?? 's']!;
  return Number.isFinite(ms) ? ms : null;
}
