// Where a sandbox serves its admin API (settings, faults, provider states, ground truth, health): not
// part of LeadSquared's API, loopback only, free of the rate budget. The one spelling of the path, in a
// file of its own so that code that only needs the path (telling a sandbox from a real host, leaving
// admin calls out of a budget, help texts) does not load the sandbox with it.
export const ADMIN_PREFIX = '/__sandbox';
