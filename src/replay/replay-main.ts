// The cassette replay as a process of its own: `node replay-main.(ts|js) DIR`. The gate's replay stage
// starts it so that the replay's work (msw intercepting, dozens of client flows, JSON of large bodies)
// never shares an event loop with the gate's budget forwarder or an embedded sandbox, which pace and
// count calls at the target's rate limit: a call they hold while the replay computes is counted late,
// and at the limit a call counted late is a call refused.
// Writes "▶ name" on stderr as each cassette starts, and the results as one JSON line on stdout: what
// the stage reports of each cassette (ReplayedCassette), not the whole recorded outcome, so that the
// line stays a few KB. Exit 0 when the run finished, whatever the verdicts; 2 when DIR cannot be used.
import { type CassetteResult, CassetteFolderError, listCassettes, runCassettes } from './run-cassettes.ts';

export type ReplayedCassette = Pick<CassetteResult, 'name' | 'verdict' | 'judged' | 'detail' | 'durationMs'>;

const dir = process.argv[2] ?? '';
let files: string[];
try {
  files = listCassettes(dir);
} catch (err) {
  if (!(err instanceof CassetteFolderError)) throw err;
  process.stderr.write(`${err.message}\n`);
  process.exit(2);
}
// The gate stops a stage with SIGTERM (its run aborted, a timeout): the cassette playing is abandoned.
const stop = new AbortController();
process.once('SIGTERM', () => stop.abort());
const results = await runCassettes(files, { onCassette: (name) => process.stderr.write(`▶ ${name}\n`), signal: stop.signal });
const replayed: ReplayedCassette[] = results.map(({ name, verdict, judged, detail, durationMs }) => ({ name, verdict, judged, detail, durationMs }));
process.stdout.write(`${JSON.stringify(replayed)}\n`);
