// The contracts command's children read their credentials from the environment (LSQ_*, or the file that
// LSQ_SECRETS_FILE names, and the broker's token and password). Registering those values in this
// process, which redacts the children's output, lets redact() mask them even where this process read
// no settings of its own (with --provider-url it reads none).
import { registerSecret } from '../client/redact.ts';
import { readSecretsFile } from '../config/settings.ts';

const SECRET_SETTINGS = ['LSQ_ACCESS_KEY', 'LSQ_SECRET_KEY', 'LSQ_API_KEY', 'PACT_BROKER_TOKEN', 'PACT_BROKER_PASSWORD'] as const;

export function registerChildSecrets(env: NodeJS.ProcessEnv): void {
  let fromFile: Record<string, string | undefined> = {};
  try {
    if (env.LSQ_SECRETS_FILE) fromFile = readSecretsFile(env.LSQ_SECRETS_FILE);
  } catch {
    // Unreadable: the child stops on it, with a message naming LSQ_SECRETS_FILE.
  }
  for (const name of SECRET_SETTINGS) {
    registerSecret(env[name]);
    registerSecret(fromFile[name]);
  }
}
