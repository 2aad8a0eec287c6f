// src/sandbox: the reference provider, the embedded default target of every command.
export * from './server.ts';
export * from './settings.ts';
export * from './settings-schema.ts';
export * from './faults.ts';
export * from './triggers.ts';
export * from './retry-schedule.ts';
export * from './provider-states.ts';
export { ADMIN_PREFIX, groundTruth } from './admin.ts';
export type { Task, Attempt } from './tasks.ts';
