// src/client: the typed client, its errors, polling and redaction.
export * from './client.ts';
export * from './errors.ts';
export * from './wait.ts';
export * from './redact.ts';
export { parseRetryAfter } from './http.ts';
