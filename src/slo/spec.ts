// The SLO file (monitors/slo.yml) as a checked value: read with the YAML subset reader, validated with
// zod once, with a message that names the field. Everything the generator needs comes from here.
import { z } from 'zod';
import { parseYamlLite } from './yaml-lite.ts';
import { parseWindow } from './windows.ts';

const window = z.string().refine((s) => parseWindow(s) !== null, 'must be a Prometheus duration such as 28d, 30d or 7d');
const query = z
  .string()
  .min(1)
  .refine((s) => s.includes('{{window}}'), 'must use {{window}} where the range goes');

export const SloSchema = z.strictObject({
  name: z.string().regex(/^[a-z][a-z0-9-]*$/, 'lower-case words joined by "-"'),
  /** The alert's name (also the runbook's file name). */
  alert: z.string().regex(/^Lsq[A-Za-z0-9]+$/, 'an alert name starting with Lsq'),
  /** Percent of good events the objective promises, e.g. 99.5. */
  objective: z.number().gt(0).lt(100),
  description: z.string().min(1),
  errors: query,
  total: query,
});

export const SloFileSchema = z.strictObject({
  version: z.literal(1),
  window: window.default('28d'),
  by: z.array(z.string().regex(/^[a-zA-Z_]\w*$/)).min(1),
  runbook_base: z.string().url(),
  slos: z.array(SloSchema).min(1),
});

export type Slo = z.infer<typeof SloSchema>;
export type SloFile = z.infer<typeof SloFileSchema>;

export class SloFileError extends Error {}

/** The SLO file's text as a checked value; throws SloFileError naming the field or line. */
export function readSloFile(text: string): SloFile {
  let raw: unknown;
  try {
    raw = parseYamlLite(text);
  } catch (e) {
    throw new SloFileError((e as Error).message);
  }
  const checked = SloFileSchema.safeParse(raw);
  if (!checked.success) {
    const issue = checked.error.issues[0]!;
    throw new SloFileError(`${issue.path.join('.') || '(top)'}: ${issue.message}`);
  }
  const names = new Set<string>();
  for (const slo of checked.data.slos) {
    if (names.has(slo.name)) throw new SloFileError(`slos: the name "${slo.name}" is used twice`);
    names.add(slo.name);
  }
  return checked.data;
}
