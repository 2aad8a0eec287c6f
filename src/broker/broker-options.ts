// The broker flow's optional settings beyond the connection: which consumer versions the verifier
// takes (selectors, pending, WIP), how long can-i-deploy waits for unknown results, and the environment
// names a deployment or release is recorded to. Each is parsed once, at start; a bad value is a
// ConfigError naming the setting (the provider contract's settings are in provider-contract.ts).
import { ConfigError } from '../config/errors.ts';

/** Consumer version selectors by name: `branch` is the branch being built (GIT_BRANCH). */
export const SELECTOR_WORDS = ['branch', 'mainBranch', 'matchingBranch', 'deployedOrReleased'] as const;
export type SelectorWord = (typeof SELECTOR_WORDS)[number];

export interface VerificationChoice {
  selectors: SelectorWord[];
  enablePending: boolean;
  /** YYYY-MM-DD, or unset (no WIP pacts). */
  includeWipPactsSince: string | undefined;
}

export interface CanIDeployRetries {
  retryWhileUnknown: number;
  retryIntervalSeconds: number;
}

export const RETRY_DEFAULTS: CanIDeployRetries = { retryWhileUnknown: 6, retryIntervalSeconds: 10 };

type Env = Record<string, string | undefined>;

export function flag(env: Env, name: string): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return false;
  if (raw === 'true') return true;
  if (raw === 'false') return false;
  throw new ConfigError(name, `must be true or false, got ${JSON.stringify(raw)}`);
}

function whole(env: Env, name: string, min: number, max: number, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = /^\d{1,6}$/.test(raw) ? Number(raw) : Number.NaN;
  if (!(n >= min && n <= max)) throw new ConfigError(name, `must be a whole number from ${min} to ${max}, got ${JSON.stringify(raw)}`);
  return n;
}

export function readVerificationChoice(env: Env): VerificationChoice {
  const name = 'PACT_BROKER_CONSUMER_VERSION_SELECTORS';
  const raw = env[name] || 'branch';
  const words = raw.split(',').map((w) => w.trim());
  for (const w of words) {
    if (!(SELECTOR_WORDS as readonly string[]).includes(w)) throw new ConfigError(name, `${JSON.stringify(w)} is not one of ${SELECTOR_WORDS.join(', ')}`);
  }
  if (new Set(words).size !== words.length) throw new ConfigError(name, `names a selector twice: ${JSON.stringify(raw)}`);
  const enablePending = flag(env, 'PACT_BROKER_ENABLE_PENDING');
  const wip = env.PACT_BROKER_INCLUDE_WIP_PACTS_SINCE || undefined;
  if (wip !== undefined) {
    const date = /^\d{4}-\d{2}-\d{2}$/.test(wip) ? new Date(`${wip}T00:00:00Z`) : null;
    if (!date || Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== wip) {
      throw new ConfigError('PACT_BROKER_INCLUDE_WIP_PACTS_SINCE', `must be a date YYYY-MM-DD, got ${JSON.stringify(wip)}`);
    }
    // WIP pacts are verified as pending: the broker only includes them when pending is on.
    if (!enablePending) throw new ConfigError('PACT_BROKER_INCLUDE_WIP_PACTS_SINCE', 'needs PACT_BROKER_ENABLE_PENDING=true (WIP pacts are always pending)');
  }
  return { selectors: words as SelectorWord[], enablePending, includeWipPactsSince: wip };
}

export function readCanIDeployRetries(env: Env): CanIDeployRetries {
  return {
    retryWhileUnknown: whole(env, 'PACT_BROKER_RETRY_WHILE_UNKNOWN', 0, 120, RETRY_DEFAULTS.retryWhileUnknown),
    retryIntervalSeconds: whole(env, 'PACT_BROKER_RETRY_INTERVAL', 1, 300, RETRY_DEFAULTS.retryIntervalSeconds),
  };
}

/** An environment name as the broker knows it (production, test, uat, …). */
export function environmentName(setting: string, raw: string): string {
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/.test(raw)) {
    throw new ConfigError(setting, `must be an environment name (letters, digits, '.', '_' or '-'), got ${JSON.stringify(raw)}`);
  }
  return raw;
}
