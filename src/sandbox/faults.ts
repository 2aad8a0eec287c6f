// Fault injection, set through the admin endpoint: each rule says what goes wrong, on which endpoint,
// how often (a probability drawn from the seeded generator) and how many times.
import { z } from 'zod';
import type { SeededRandom } from './random.ts';

export const FAULT_KINDS = [
  'latency', // answer normally, `ms` later
  'http-5xx', // `status` (default 500) with the error envelope
  'html-5xx', // 502 with a gateway's HTML page
  'html-401', // 401 with a gateway's HTML page
  'hang', // accept the request and never answer (until the client gives up)
  'reset', // destroy the connection without an answer
  'malformed', // 200 with truncated JSON
  'empty', // 200 with an empty body
  'wrong-content-type', // 200 with text/html
  'huge', // 200 with a `bytes`-large JSON body
  'rate-limit-storm', // 429 to every call regardless of the budget
  'stuck', // update accepted but never processed
] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export const FaultRuleSchema = z.strictObject({
  kind: z.enum(FAULT_KINDS),
  endpoint: z.enum(['update', 'status', 'any']).default('any'),
  probability: z.number().min(0).max(1).default(1),
  /** How many calls it hits before it expires; absent = until cleared. */
  count: z.number().int().positive().optional(),
  ms: z.number().int().min(0).max(600_000).default(2000),
  status: z.number().int().min(500).max(599).default(500),
  bytes: z
    .number()
    .int()
    .min(1)
    .max(64 * 1024 * 1024)
    .default(8 * 1024 * 1024),
});
export type FaultRuleInput = z.input<typeof FaultRuleSchema>;
export type FaultRule = z.output<typeof FaultRuleSchema> & { id: number; hits: number };

export class FaultBook {
  private rules: FaultRule[] = [];
  private nextId = 1;

  add(input: FaultRuleInput): FaultRule {
    const rule = { ...FaultRuleSchema.parse(input), id: this.nextId++, hits: 0 };
    this.rules.push(rule);
    return rule;
  }

  list(): FaultRule[] {
    return [...this.rules];
  }

  clear(): void {
    this.rules = [];
  }

  /** The first rule that fires for this call (consuming one of its count), or null. */
  pick(endpoint: 'update' | 'status', random: SeededRandom): FaultRule | null {
    for (const rule of this.rules) {
      if (rule.endpoint !== 'any' && rule.endpoint !== endpoint) continue;
      if (rule.probability < 1 && random.next() >= rule.probability) continue;
      rule.hits++;
      if (rule.count !== undefined && rule.hits >= rule.count) this.rules = this.rules.filter((r) => r !== rule);
      return rule;
    }
    return null;
  }
}
