// The recorded broker of one test, with the settings a CI job would have (token, commit, branch): the
// new broker tests start one per test from a cassette in recorded/, edited when a test needs another
// answer. Unmatched requests (answered 599) are not retried by the pact CLI here, so a missing
// exchange fails a test at once instead of after its back-off.
import { readBrokerSettings, type BrokerSettings } from '../../src/broker/broker-settings.ts';
import { loadCassette, startRecordedBroker, type RecordedBroker, type RecordedExchange } from './recorded-broker.ts';

export const TOKEN = 'example-broker-token';
export const CI_ENV = { PACT_BROKER_TOKEN: TOKEN, GIT_COMMIT: '0123abcd', GIT_BRANCH: 'feature/contracts', PACT_BROKER_HTTP_RETRIES: '0' };

export interface BrokerUnderTest {
  broker: RecordedBroker;
  settings: BrokerSettings;
  env: Record<string, string>;
}

export async function brokerFrom(cassette: string, env: Record<string, string> = {}, edit?: (exchanges: RecordedExchange[]) => void): Promise<BrokerUnderTest> {
  const exchanges = loadCassette(new URL(`./recorded/${cassette}`, import.meta.url));
  edit?.(exchanges);
  const broker = await startRecordedBroker(exchanges);
  const all = { PACT_BROKER_BASE_URL: broker.url, ...CI_ENV, ...env };
  process.env.PACT_BROKER_HTTP_RETRIES = '0';
  const settings = readBrokerSettings(all);
  if (!settings) throw new Error('no broker settings');
  return { broker, settings, env: all };
}

/** The request the broker received for `method path` (the last one when several), or a failure naming it. */
export function requestTo(broker: RecordedBroker, method: string, path: string | RegExp) {
  const hits = broker.received.filter((r) => r.method === method && (typeof path === 'string' ? r.path === path : path.test(r.path)));
  const hit = hits.at(-1);
  if (!hit) throw new Error(`the broker received no ${method} ${path}; it received: ${broker.received.map((r) => `${r.method} ${r.path}`).join(', ')}`);
  return hit;
}
