// Reading the settings for a command, with --host from the command line winning over LSQ_ASYNC_HOST.
import { loadSettings, type HarnessSettings } from '../config/settings.ts';

export function settingsFrom(opts: { host?: string | undefined }): HarnessSettings {
  return loadSettings(process.env, { host: opts.host });
}
