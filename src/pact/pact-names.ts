// Names and places every part of the contract suite agrees on: the pair of pacticipants and where
// the committed pact lives.
import { fileURLToPath } from 'node:url';

export const CONSUMER = 'lsq-harness';
export const PROVIDER = 'leadsquared-async-api';

/** The committed pacts: a change here is reviewed like code (CI fails on a diff). */
export const PACT_DIR = fileURLToPath(new URL('../../contracts/pacts/', import.meta.url));
export const PACT_FILE = `${PACT_DIR}${CONSUMER}-${PROVIDER}.json`;
