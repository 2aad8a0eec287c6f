// Validation of settings changes sent to the admin endpoint (and of CLI flags), so a bad value is
// refused with the setting's name instead of half-applied.
import { z } from 'zod';
import { DRIFT_MODES, type SandboxSettingsPatch } from './settings.ts';

/** 4 GiB: the largest body memory the sandbox may be told to keep (0 keeps none). */
export const MAX_KEPT_BODY_BYTES_LIMIT = 4 * 1024 ** 3;

const latency = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('fixed'), ms: z.number().min(0) }),
  z.strictObject({ kind: z.literal('uniform'), minMs: z.number().min(0), maxMs: z.number().min(0) }).refine((v) => v.maxMs >= v.minMs, 'maxMs must be ≥ minMs'),
  z.strictObject({ kind: z.literal('lognormal'), medianMs: z.number().positive(), sigma: z.number().min(0).max(5) }),
]);

export const SettingsPatchSchema = z.strictObject({
  seed: z.number().int().optional(),
  timeScale: z.number().positive().max(1_000_000).optional(),
  statusPath: z
    .string()
    .regex(/^\/[^\s?#]*$/, 'must be a path starting with /')
    .optional(),
  updatePath: z
    .string()
    .regex(/^\/[^\s?#]*$/, 'must be a path starting with /')
    .optional(),
  rateLimit: z
    .strictObject({
      limit: z.number().int().min(0).max(1_000_000).optional(),
      windowMs: z.number().int().positive().max(3_600_000).optional(),
      kind: z.enum(['sliding', 'fixed']).optional(),
      sharedBudget: z.boolean().optional(),
      retryAfterHeader: z.boolean().optional(),
    })
    .optional(),
  maxBodyBytes: z
    .number()
    .int()
    .min(1024)
    .max(64 * 1024 * 1024)
    .optional(),
  capacity: z.number().int().min(1).max(100_000).optional(),
  latency: latency.optional(),
  queueFraction: z.number().min(0).max(1).optional(),
  maxTasks: z.number().int().min(1).max(10_000_000).optional(),
  maxKeptBodyBytes: z.number().int().min(0).max(MAX_KEPT_BODY_BYTES_LIMIT).optional(),
  drift: z.array(z.enum(DRIFT_MODES as [string, ...string[]])).optional(),
});

export function parseSettingsPatch(input: unknown): { ok: true; patch: SandboxSettingsPatch } | { ok: false; problems: string[] } {
  const r = SettingsPatchSchema.safeParse(input);
  if (r.success) return { ok: true, patch: r.data as SandboxSettingsPatch };
  return { ok: false, problems: r.error.issues.map((i) => `${i.path.join('.') || 'settings'}: ${i.message}`) };
}
