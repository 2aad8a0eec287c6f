// Histogram buckets chosen for this API (prom-client's defaults stop at 10 s, which would put every
// retried update in +Inf):
// - HTTP calls: sub-second is normal, 10 s is the client's default timeout.
// - Completion: a normal update takes seconds; system errors are retried at 30 s, 2 m, 7 m, 15 m, 30 m,
//   45 m, 60 m, 1.5 h, 2 h and 3 h, so a retried update can take from ~30 s to ~11 h. The buckets follow
//   that schedule's cumulative sums so each retry lands in its own bucket.
export const HTTP_SECONDS_BUCKETS = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
export const COMPLETION_SECONDS_BUCKETS = [0.25, 0.5, 1, 2, 3, 5, 10, 20, 30, 60, 150, 300, 600, 1200, 2400, 4200, 7800, 13200, 20400, 28800, 39600];
export const POLLS_BUCKETS = [1, 2, 3, 5, 8, 13, 21, 34, 55, 89, 144, 233];
// - Uncertainty of a completion (half its bracket): tens of ms when polls are dense where completions
//   fall, about half a second at the budget's pace (one call a second), 7.5 s at a 15-s poller's gaps.
export const UNCERTAINTY_SECONDS_BUCKETS = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];
