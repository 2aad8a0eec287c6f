// What one canary was, as plain data: the canary produces it, one publisher (publish.ts) turns it into
// metrics, the console line and the ledger's settled entry, and `monitor --json` prints it for programs
// (the gate's canary stage reads that, never the padded line for people). Everything anyone reports
// about a canary is read off this record, so the metrics, the line and the ledger cannot disagree.
// JSON-serialisable by construction (strings, numbers, booleans, null, arrays, objects); the schema is
// the one definition of the type, and lets a reader of `--json` output check what it parsed.
import { z } from 'zod';
import { VIOLATION_RULES } from '../contract/index.ts';
import { OUTCOMES } from '../metrics/canary-metrics.ts';

/** One HTTP call the canary made: which endpoint, the HTTP code (null: no answer), how long it took. */
export const CanaryCallSchema = z.object({
  endpoint: z.enum(['update', 'status']),
  code: z.number().int().nullable(),
  latencyMs: z.number().nonnegative(),
});

export const CanaryRecordSchema = z.object({
  canaryId: z.string().min(1),
  /** The base URL the update was submitted to. */
  target: z.string(),
  requestId: z.string().nullable(),
  outcome: z.enum(OUTCOMES),
  /** Why it ended so ("Success" for a success). */
  reason: z.string(),
  /** Wall-clock epoch ms: when the canary started (for a resumed one, when the earlier process started it). */
  startedAt: z.number(),
  /** Wall-clock epoch ms: when its outcome was known. */
  settledAt: z.number(),
  /** Latency of the update call; null when it got no 2xx answer, or for a resumed canary. */
  submitMs: z.number().nullable(),
  /**
   * The completion time, ms: the middle of the bracket below (before the bracket was added: sending the
   * update → reading the first final status); null when no final status was read.
   */
  completionMs: z.number().nullable(),
  /**
   * The bracket the completion lies in (monotonic clock, ms after the provider accepted the update): low,
   * the last poll that saw the task still running was sent (0 when none did); high, the first final
   * status was read (from sending the update). Uncertainty: half its width, so the completion is
   * completionMs ± completionUncertaintyMs. Optional: records from before it still read.
   */
  completionLowMs: z.number().nullable().optional(),
  completionHighMs: z.number().nullable().optional(),
  completionUncertaintyMs: z.number().nonnegative().nullable().optional(),
  /** Status calls made. */
  polls: z.number().int().nonnegative(),
  violations: z.array(z.object({ rule: z.enum(VIOLATION_RULES), path: z.string(), detail: z.string() })),
  /** Every HTTP call of this canary, in order (for a resumed canary, only those of this process). */
  calls: z.array(CanaryCallSchema),
  /** Calls the monitor had spent in its current rate window when the canary settled (its own budget). */
  budgetSpent: z.number().int().nonnegative(),
  /** Picked up from the ledger after a restart. */
  resumed: z.boolean(),
  // Fields added with the SLOs (docs/monitor.md). Optional: records written before them, and records
  // made by hand, still read; the monitor always sets them.
  /** A success slower than the monitor's --degraded-after: shown, never paged on its own. */
  degraded: z.boolean().optional(),
  /** Sending the update → the first status that was no longer In-Queue (null: never seen leaving the queue). */
  queueMs: z.number().nullable().optional(),
  /** Times the task was seen entering the retry queue (TaskCurrentStep Retry-Queue). */
  retriesSeen: z.number().int().nonnegative().optional(),
  /** Seen still In-Queue past the monitor's --stuck-after. */
  stuck: z.boolean().optional(),
  /** Accepted (a RequestID came back) but no final state before the deadline. */
  leaked: z.boolean().optional(),
  /**
   * A transport-level failure (no answer, a reset, a 5xx on submit) is re-checked once by a second
   * canary: `transient` when the re-check succeeded, `confirmed` when it failed too, `inconclusive`
   * when it ended otherwise (a 429, a violation); `none` for every other canary.
   */
  recheck: z.enum(['none', 'transient', 'confirmed', 'inconclusive']).optional(),
  /** On a re-check's own record: the canary it re-checks. */
  recheckOf: z.string().nullable().optional(),
});

export type CanaryCall = z.infer<typeof CanaryCallSchema>;
export type CanaryRecord = z.infer<typeof CanaryRecordSchema>;

/** The records in JSON-lines text (`monitor --json` output); lines that are not a record are skipped. */
export function readCanaryRecords(text: string): CanaryRecord[] {
  return text.split('\n').flatMap((line) => {
    if (!line.startsWith('{')) return [];
    try {
      const checked = CanaryRecordSchema.safeParse(JSON.parse(line));
      return checked.success ? [checked.data] : [];
    } catch {
      return [];
    }
  });
}
