// A zod schema of src/contract as JSON Schema (draft 2020-12, the dialect of OpenAPI 3.1), through zod's
// own z.toJSONSchema: the document never holds a hand-written copy of a shape. Two adjustments, both
// about faithfulness: a regex written with /i keeps its meaning (case-insensitive-pattern.ts), and the
// `$schema` line is dropped (OpenAPI 3.1 names the dialect once, for the whole document).
import { z } from 'zod';
import { caseInsensitivePattern } from './case-insensitive-pattern.ts';

export type JsonSchema = Record<string, unknown>;

/** `input` for what a client sends (zod's input shape), `output` for what a provider answers. */
export type SchemaIo = 'input' | 'output';

/** The regexes of a zod string schema's checks (zod keeps them with their flags; JSON Schema cannot). */
function regexesOf(schema: z.ZodType): RegExp[] {
  const checks = (schema as unknown as { _zod: { def: { checks?: { _zod: { def: { format?: string; pattern?: unknown } } }[] } } })._zod.def.checks ?? [];
  return checks
    .map((c) => c._zod.def)
    .filter((d) => d.format === 'regex' && d.pattern instanceof RegExp)
    .map((d) => d.pattern as RegExp);
}

/** zod's JSON Schema of `schema`, with /i regexes spelled out in their patterns. */
export function jsonSchemaOf(schema: z.ZodType, io: SchemaIo): JsonSchema {
  const out = z.toJSONSchema(schema, {
    target: 'draft-2020-12',
    io,
    unrepresentable: 'throw',
    override: (ctx) => {
      const patterns = regexesOf(ctx.zodSchema as unknown as z.ZodType);
      if (!patterns.some((p) => p.flags.includes('i'))) return;
      if (patterns.length !== 1 || typeof ctx.jsonSchema.pattern !== 'string') {
        throw new Error('a string schema with several patterns, one of them case-insensitive, cannot be published faithfully');
      }
      ctx.jsonSchema.pattern = caseInsensitivePattern(patterns[0]!.source);
    },
  }) as JsonSchema;
  delete out.$schema;
  return out;
}
