// The windows of a multi-window multi-burn-rate SLO (Google SRE workbook, ch. 5; as Sloth and Pyrra
// generate them), and durations in Prometheus' notation. The alert tiers are written as a share of the
// error budget spent within a long window, so they hold for any SLO window: burn factor = share ×
// SLO window / long window (30 d: 14.4, 6 and 1; 28 d: 13.44, 5.6 and 0.933). Each long window has a
// short one, 1/12 of it, which makes an alert stop soon after the burn does.
export interface BurnTier {
  severity: 'page' | 'ticket';
  /** Share of the whole error budget spent within the long window that this tier alerts on. */
  budgetShare: number;
  long: string;
  short: string;
}

export const BURN_TIERS: readonly BurnTier[] = [
  { severity: 'page', budgetShare: 0.02, long: '1h', short: '5m' },
  { severity: 'page', budgetShare: 0.05, long: '6h', short: '30m' },
  { severity: 'ticket', budgetShare: 0.1, long: '3d', short: '6h' },
];

/** Every window an SLI is recorded over, besides the SLO window itself (the tiers' and the dashboard's). */
export const SLI_WINDOWS = ['5m', '30m', '1h', '2h', '6h', '1d', '3d'] as const;

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 7 * 86_400_000 };

/** A Prometheus duration ("5m", "28d", "1h30m") in milliseconds, or null. */
export function parseWindow(text: string): number | null {
  const parts = [...text.matchAll(/(\d+)(ms|s|m|h|d|w)/g)];
  if (parts.length === 0 || parts.map((p) => p[0]).join('') !== text) return null;
  return parts.reduce((ms, p) => ms + Number(p[1]) * UNITS[p[2]!]!, 0);
}

/** Milliseconds as the shortest exact Prometheus duration ("1h", "90s", "2500ms"); at least 1ms. */
export function formatWindow(ms: number): string {
  let rest = Math.max(1, Math.round(ms));
  let out = '';
  for (const [unit, size] of [
    ['d', 86_400_000],
    ['h', 3_600_000],
    ['m', 60_000],
    ['s', 1000],
    ['ms', 1],
  ] as const) {
    if (rest >= size) {
      out += `${Math.floor(rest / size)}${unit}`;
      rest %= size;
    }
  }
  return out;
}

/** The burn factor of a tier for an SLO window: the share of the budget, spent over the long window. */
export function burnFactor(tier: BurnTier, sloWindowMs: number): number {
  return Number(((tier.budgetShare * sloWindowMs) / parseWindow(tier.long)!).toFixed(4));
}
