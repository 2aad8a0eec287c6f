// The environment a test gives a CLI process it spawns: the PATH and what the test names, nothing of the
// developer's own LSQ_ settings (a test must not depend on them) — plus Node's compile cache when the
// test command set one (scripts/test.sh), so each of the hundreds of CLI processes the suites start
// loads its type-stripped, compiled modules from disk instead of stripping and compiling them again
// (about half of a short command's CPU time).
export function cliEnv(env: Record<string, string | undefined> = {}): Record<string, string> {
  const out: Record<string, string> = { PATH: process.env.PATH ?? '' };
  if (process.env.NODE_COMPILE_CACHE) out.NODE_COMPILE_CACHE = process.env.NODE_COMPILE_CACHE;
  for (const [name, value] of Object.entries(env)) if (value !== undefined) out[name] = value;
  return out;
}
