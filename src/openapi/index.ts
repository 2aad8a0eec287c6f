// src/openapi: the OpenAPI 3.1 document generated from the contract (served, printed, committed).
export * from './document.ts';
export * from './render.ts';
export { jsonSchemaOf, type JsonSchema } from './json-schema.ts';
export { caseInsensitivePattern } from './case-insensitive-pattern.ts';
