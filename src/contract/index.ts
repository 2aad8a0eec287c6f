// src/contract: the one source of truth for the shapes. Everything else imports from here.
export * from './status-words.ts';
export * from './decode.ts';
export * from './schemas.ts';
export * from './violations.ts';
export * from './parse-status.ts';
export * from './parse-other.ts';
export * from './examples.ts';
