// Telling a sandbox from a real host: a sandbox answers `GET /__sandbox/health` with {"ok":true}.
// The probe is itself a call, so it is sent only to loopback hosts: a sandbox at a URL runs on this
// machine (it binds loopback), and a real LeadSquared host is never sent a request it did not ask for
// merely to learn what it is.
import { ADMIN_PREFIX } from '../sandbox/admin-prefix.ts';
import { isLoopbackHostname } from './loopback.ts';

/**
 * The start of every path of a sandbox's admin API, its closing slash included (so `/__sandboxes` is
 * not one): for src/gate, which may not import src/sandbox.
 */
export const SANDBOX_ADMIN_PREFIX = `${ADMIN_PREFIX}/`;

/** A host that names this machine: 127.0.0.0/8 as an IP literal, [::1] or localhost. */
export function isLoopbackUrl(url: string): boolean {
  try {
    return isLoopbackHostname(new URL(url).hostname);
  } catch {
    return false;
  }
}

/**
 * Whether the loopback host at `url` is an lsq-harness sandbox; false for any other host, unasked. The
 * wait is long on purpose: only a loopback host is asked, which answers at once (a sandbox, a 404, a
 * refused connection) unless the machine is busy — a CI run starting a dozen processes made a 3-s probe
 * take a sandbox for a real host.
 */
export async function answersAsSandbox(url: string, timeoutMs = 15_000): Promise<boolean> {
  if (!isLoopbackUrl(url)) return false;
  try {
    const res = await fetch(`${url}${SANDBOX_ADMIN_PREFIX}health`, { signal: AbortSignal.timeout(timeoutMs) });
    return res.ok && ((await res.json()) as { ok?: unknown } | null)?.ok === true;
  } catch {
    return false;
  }
}
