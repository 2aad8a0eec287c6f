// The environment a test gives a CLI process it spawns: the PATH and what the test names, nothing of the
// developer's own LSQ_ settings (a test must not depend on them) — plus two settings of the machine
// rather than of the test, when the test command set them (scripts/test.sh):
// - Node's compile cache, so each of the hundreds of CLI processes the suites start loads its
//   type-stripped, compiled modules from disk instead of stripping and compiling them again (about
//   half of a short command's CPU time);
// - TMPDIR, the test run's own temp folder (scripts/lib/run-tmp.sh), so what a command leaves in its
//   temp folder goes with the run instead of piling up in the system's.
export function cliEnv(env: Record<string, string | undefined> = {}): Record<string, string> {
  const out: Record<string, string> = { PATH: process.env.PATH ?? '' };
  for (const name of ['NODE_COMPILE_CACHE', 'TMPDIR']) {
    const value = process.env[name];
    if (value) out[name] = value;
  }
  for (const [name, value] of Object.entries(env)) if (value !== undefined) out[name] = value;
  return out;
}
