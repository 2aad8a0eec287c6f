// LeadSquared retries system errors (e.g. "unable to connect to DB") up to 10 times, at these delays
// after each failure; application errors (exceptions starting with MX) are not retried.
export const RETRY_SCHEDULE_MS: readonly number[] = [30_000, 120_000, 420_000, 900_000, 1_800_000, 2_700_000, 3_600_000, 5_400_000, 7_200_000, 10_800_000];
export const MAX_RETRIES = RETRY_SCHEDULE_MS.length;

/** Delay before retry number `retry` (1-based), scaled by the sandbox's time factor. */
export function retryDelayMs(retry: number, timeScale: number): number {
  const nominal = RETRY_SCHEDULE_MS[retry - 1];
  if (nominal === undefined) throw new RangeError(`there is no retry number ${retry}; the schedule has ${MAX_RETRIES}`);
  return nominal / timeScale;
}
