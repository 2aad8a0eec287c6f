// Reading the settings for a command, with --host from the command line winning over LSQ_ASYNC_HOST.
import { loadSettings, type HarnessSettings } from '../config/settings.ts';

export function settingsFrom(opts: { host?: string | undefined }): HarnessSettings {
  return loadSettings(process.env, { host: opts.host });
}

export function parsePositive(name: string, raw: string, max = Number.MAX_SAFE_INTEGER): number {
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0 || n > max) throw new Error(`${name} must be a number > 0${max < Number.MAX_SAFE_INTEGER ? ` and ≤ ${max}` : ''}, got ${JSON.stringify(raw)}`);
  return n;
}
