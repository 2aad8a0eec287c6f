// The load scripts' settings, read once from k6's __ENV (the `lsq-harness load` runner passes them; the
// secrets arrive as environment variables, never as `-e` flags that `ps` would show). Dependency-free
// apart from k6's global __ENV, so the plan built from them can also be unit-tested under Node.
import { DEFAULT_STATUS_PATH, DEFAULT_UPDATE_PATH } from '../../src/contract/status-words.ts';

/** Margin against timing jitter (lib/plan.ts explains it). */
export const DEFAULT_GUARD_MS = 150;

export type WindowKind = 'sliding' | 'fixed';
export type Profile = 'smoke' | 'full';

export interface LoadSettings {
  /** Base URL of the target: the embedded sandbox's URL or a real async host. */
  targetUrl: string;
  accessKey: string;
  secretKey: string;
  apiKey: string;
  credentialsIn: 'query' | 'header';
  updatePath: string;
  statusPath: string;
  opportunityId: string;
  /** RequestID the status calls ask about; an unknown one is fine (400 still passed the limiter). */
  statusRequestId: string;
  profile: Profile;
  /** The limit the run expects: calls per window per x-api-key (LeadSquared's plans: 25, 15, 5, 2). */
  limit: number;
  windowMs: number;
  windowKind: WindowKind;
  /** Whether update and status are expected to draw on one budget (undocumented, so a setting). */
  sharedBudget: boolean;
  /** Safety margin against timing jitter, see plan.ts. */
  guardMs: number;
  /** Exact per-run counts as thresholds; off when the run is one segment of a distributed test. */
  exact: boolean;
  maxVUs: number;
  reportDir: string;
}

type Env = Record<string, string | undefined>;

/** A bad setting: thrown at init, so k6 stops before sending anything, naming the setting. */
export function badSetting(name: string, problem: string): Error {
  return new Error(`bad setting ${name}: ${problem}`);
}

function int(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!/^\d+$/.test(raw.trim()) || n < min || n > max) throw badSetting(name, `must be a whole number from ${min} to ${max}, got ${JSON.stringify(raw)}`);
  return n;
}

function num(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < min || n > max) throw badSetting(name, `must be a number from ${min} to ${max}, got ${JSON.stringify(raw)}`);
  return n;
}

function oneOf<T extends string>(env: Env, name: string, values: readonly T[], fallback: T): T {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!values.includes(raw as T)) throw badSetting(name, `must be one of ${values.join(', ')}, got ${JSON.stringify(raw)}`);
  return raw as T;
}

function bool(env: Env, name: string, fallback: boolean): boolean {
  return oneOf(env, name, ['true', 'false', '1', '0'] as const, fallback ? 'true' : 'false').match(/^(true|1)$/) !== null;
}

export function readSettings(env: Env): LoadSettings {
  const targetUrl = (env.LSQ_TARGET_URL ?? '').replace(/\/+$/, '');
  if (!/^https?:\/\/[^\s?#]+$/.test(targetUrl)) throw badSetting('LSQ_TARGET_URL', 'must be the base URL of the target (http(s)://host[:port]), without query');
  return {
    targetUrl,
    accessKey: env.LSQ_ACCESS_KEY || 'sandbox-access-key',
    secretKey: env.LSQ_SECRET_KEY || 'sandbox-secret-key',
    apiKey: env.LSQ_API_KEY || 'sandbox-api-key',
    credentialsIn: oneOf(env, 'LSQ_CREDENTIALS_IN', ['query', 'header'] as const, 'query'),
    updatePath: env.LSQ_UPDATE_PATH || DEFAULT_UPDATE_PATH,
    statusPath: env.LSQ_STATUS_PATH || DEFAULT_STATUS_PATH,
    opportunityId: env.LSQ_CANARY_OPPORTUNITY_ID || '6a22455b-213e-4450-a960-3deef72b5eec',
    statusRequestId: env.LOAD_STATUS_REQUEST_ID || '00000000-0000-4000-8000-000000000000',
    profile: oneOf(env, 'LOAD_PROFILE', ['smoke', 'full'] as const, 'smoke'),
    limit: int(env, 'LOAD_LIMIT', 25, 1, 10_000),
    windowMs: Math.round(num(env, 'LOAD_WINDOW_SECONDS', 5, 2, 3600) * 1000),
    windowKind: oneOf(env, 'LOAD_WINDOW_KIND', ['sliding', 'fixed'] as const, 'sliding'),
    sharedBudget: bool(env, 'LOAD_SHARED_BUDGET', true),
    guardMs: int(env, 'LOAD_GUARD_MS', DEFAULT_GUARD_MS, 0, 60_000),
    exact: bool(env, 'LOAD_EXACT', true),
    maxVUs: int(env, 'LOAD_MAX_VUS', 50, 1, 10_000),
    reportDir: (env.LOAD_REPORT_DIR || 'reports/load').replace(/\/+$/, ''),
  };
}
