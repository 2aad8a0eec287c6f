import { expect, test } from 'vitest';
import { decodeEmbeddedJson } from '../../src/contract/index.ts';

const inner = { Status: 'Success', Message: { Id: '6a22455b-213e-4450-a960-3deef72b5eec' } };

test('a JSON string decodes to its object (the documented reality)', () => {
  expect(decodeEmbeddedJson(JSON.stringify(inner))).toEqual({ form: 'json-string', value: inner });
});

test('a plain object is kept as it is and named as such', () => {
  expect(decodeEmbeddedJson(inner)).toEqual({ form: 'object', value: inner });
});

test('a doubly-encoded string decodes through both layers', () => {
  expect(decodeEmbeddedJson(JSON.stringify(JSON.stringify(inner)))).toEqual({ form: 'double-encoded', value: inner });
});

test('non-JSON text is kept verbatim as text', () => {
  expect(decodeEmbeddedJson('Opportunity updated')).toEqual({ form: 'text', value: 'Opportunity updated' });
});

test('a quoted plain string is text, not double encoding', () => {
  expect(decodeEmbeddedJson('"just words"')).toEqual({ form: 'text', value: 'just words' });
});

test('empty and whitespace-only strings decode to empty with a null value', () => {
  expect(decodeEmbeddedJson('')).toEqual({ form: 'empty', value: null });
  expect(decodeEmbeddedJson('  \r\n\t')).toEqual({ form: 'empty', value: null });
});

test('null and a missing field are told apart', () => {
  expect(decodeEmbeddedJson(null)).toEqual({ form: 'null', value: null });
  expect(decodeEmbeddedJson(undefined)).toEqual({ form: 'absent', value: null });
});

test('a number where a string belongs is a scalar, not a crash', () => {
  expect(decodeEmbeddedJson(42)).toEqual({ form: 'scalar', value: 42 });
});

test('a RequestBody with \\r\\n\\t, a BOM and non-Latin text decodes', () => {
  const raw = '\uFEFF{\r\n\t"OpportunityNote": "बीमा 保险 страховка",\r\n "Fields": []\r\n}';
  expect(decodeEmbeddedJson(raw)).toEqual({ form: 'json-string', value: { OpportunityNote: 'बीमा 保险 страховка', Fields: [] } });
});

test('truncated JSON is text, never a throw', () => {
  expect(decodeEmbeddedJson('{"Status":"Succ')).toEqual({ form: 'text', value: '{"Status":"Succ' });
});

test('a JSON scalar inside the string is text', () => {
  expect(decodeEmbeddedJson('123')).toEqual({ form: 'text', value: '123' });
  expect(decodeEmbeddedJson('null')).toEqual({ form: 'text', value: 'null' });
});
