// LeadSquared documents `Message` and `RequestBody` as objects but sends them as JSON *strings*
// (whitespace and \r\n\t preserved). Real responses have shown every other form too, so decoding
// gives each form a defined result and never throws.

export type EmbeddedForm =
  | 'json-string' // the documented reality: a string holding JSON
  | 'double-encoded' // a string holding a JSON string holding JSON
  | 'object' // a plain object / array (what the docs claim)
  | 'text' // a string that is not JSON
  | 'empty' // an empty or whitespace-only string
  | 'null'
  | 'absent'
  | 'scalar'; // a number or boolean where a string was expected

export interface DecodedEmbedded {
  form: EmbeddedForm;
  /** The decoded value: the parsed JSON, the text itself, or null for empty/null/absent. */
  value: unknown;
}

const BOM = /^\uFEFF/;

function tryParse(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

export function decodeEmbeddedJson(input: unknown): DecodedEmbedded {
  if (input === undefined) return { form: 'absent', value: null };
  if (input === null) return { form: 'null', value: null };
  if (typeof input === 'object') return { form: 'object', value: input };
  if (typeof input !== 'string') return { form: 'scalar', value: input };

  const text = input.replace(BOM, '');
  if (text.trim() === '') return { form: 'empty', value: null };
  const first = tryParse(text);
  if (!first.ok) return { form: 'text', value: input };
  if (typeof first.value === 'string') {
    // A JSON string inside: either double encoding of JSON, or a quoted plain text.
    const second = tryParse(first.value.replace(BOM, ''));
    if (second.ok && second.value !== null && typeof second.value === 'object') {
      return { form: 'double-encoded', value: second.value };
    }
    return { form: 'text', value: first.value };
  }
  if (first.value === null || typeof first.value !== 'object') return { form: 'text', value: input };
  return { form: 'json-string', value: first.value };
}
