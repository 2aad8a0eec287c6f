// The PactV4 types the builders hand back, derived from PactV4's own public class, so that they follow
// the installed pact-js without importing its internal module paths.
import type { PactV4 } from '@pact-foundation/pact';

/** What a builder adds its interaction to: a PactV4 (or anything with the same addInteraction()). */
export interface PactLike {
  addInteraction(): ReturnType<PactV4['addInteraction']>;
}

type Unconfigured = ReturnType<PactV4['addInteraction']>;
type WithRequest = ReturnType<Unconfigured['withRequest']>;

/** An interaction with its request and response set: call `.executeTest(async (server) => …)` on it. */
export type ReadyInteraction = ReturnType<WithRequest['willRespondWith']>;

/** The request builder PactV4 passes to withRequest's callback. */
export type RequestBuilder = Parameters<NonNullable<Parameters<Unconfigured['withRequest']>[2]>>[0];
