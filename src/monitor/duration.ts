// "30s", "5m", "1h", "2d", "250ms" or a bare number of seconds → milliseconds; null when unreadable.
// The monitor's duration flags each accept a bounded range (DURATION_RANGES), refused with exit 2 past it.
const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

export function parseDuration(raw: string): number | null {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)?\s*$/.exec(raw);
  if (!m) return null;
  const ms = Number(m[1]) * UNITS[m[2] ?? 's']!;
  return Number.isFinite(ms) ? ms : null;
}

export interface DurationRange {
  minMs: number;
  maxMs: number;
  /** The range as the help and the error message say it. */
  text: string;
}

// Waits of any length are scheduled correctly (the Clock chains timers past setTimeout's 24.8 days);
// the upper bounds are there to catch a slip of the unit (600d for 600s), not a limit of the timers.
export const DURATION_RANGES = {
  // Shorter than 1 s would spend the budget on submits; a canary less often than monthly watches nothing.
  '--interval': { minMs: 1000, maxMs: 31 * 86_400_000, text: '1s to 31d' },
  // The provider's retries of a system error run ~11 h; a week covers any deadline worth waiting for.
  '--deadline': { minMs: 100, maxMs: 7 * 86_400_000, text: '100ms to 7d' },
  // SIGTERM grace: Kubernetes' terminationGracePeriodSeconds is seconds to minutes; past 1 h is a slip.
  '--grace': { minMs: 0, maxMs: 3_600_000, text: '0s to 1h' },
} as const satisfies Record<string, DurationRange>;
