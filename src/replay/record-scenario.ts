// The recorder's scripted flow: submit one update, poll its status until it finishes (or the deadline
// passes), and write every exchange as a redacted HAR cassette. Runs against the settings' target —
// the embedded sandbox unless a host is set.
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { LsqError } from '../client/errors.ts';
import { backoffSchedule, waitForCompletion, type PollSchedule, type WaitResult } from '../client/wait.ts';
import type { HarnessSettings } from '../config/settings.ts';
import { clientFor, resolveTarget } from '../config/target.ts';
import type { UpdateRequest } from '../contract/index.ts';
import type { SandboxSettingsPatch } from '../sandbox/index.ts';
import { writeCassette, type Har } from './har.ts';
import { CassetteRecorder } from './recorder.ts';
import { redactHar } from './redact-har.ts';

/** Cassette names become file names: lower-case words joined by dashes, nothing else. */
export const SCENARIO_NAME = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

export interface RecordOptions {
  scenario: string;
  outDir: string;
  settings: HarnessSettings;
  request: UpdateRequest;
  /** One line saying what the cassette shows; a default names the target and the outcome. */
  description?: string;
  deadlineMs?: number;
  schedule?: PollSchedule;
  /** Only for the embedded sandbox (e.g. a time scale, so that a recording takes a second). */
  sandboxSettings?: SandboxSettingsPatch;
  overwrite?: boolean;
}

export interface Recording {
  path: string;
  har: Har;
  requestId: string | null;
  /** The poll outcome; null when the update itself was refused. */
  waited: WaitResult | null;
  /** The error that ended the flow early (a refused update), if any. */
  error: LsqError | null;
}

export class RecordingRefusedError extends Error {}

export async function recordScenario(o: RecordOptions): Promise<Recording> {
  if (!SCENARIO_NAME.test(o.scenario))
    throw new RecordingRefusedError(`--scenario must be lower-case words joined by dashes (e.g. success-after-retry), got ${JSON.stringify(o.scenario)}`);
  const path = join(o.outDir, `${o.scenario}.har`);
  if (existsSync(path) && !o.overwrite) throw new RecordingRefusedError(`${path} exists; pass --force to record over it`);

  const target = await resolveTarget(o.settings, o.sandboxSettings ?? {});
  const recorder = new CassetteRecorder();
  let requestId: string | null = null;
  let waited: WaitResult | null = null;
  let error: LsqError | null = null;
  try {
    const client = clientFor(o.settings, target.baseUrl, { fetch: recorder.fetch });
    try {
      requestId = (await client.submitUpdate(o.request)).requestId;
    } catch (e) {
      if (!(e instanceof LsqError)) throw e;
      error = e; // the refusal is what gets recorded
    }
    if (requestId) {
      waited = await waitForCompletion(client, requestId, {
        deadlineMs: o.deadlineMs ?? 120_000,
        schedule: o.schedule ?? backoffSchedule(),
        expect: { opportunityId: o.request.ProspectOpportunityId },
      });
    }
  } finally {
    await target.close();
  }

  const outcome = waited
    ? `${waited.state}${waited.timedOut ? ' (deadline passed)' : ''} after ${waited.polls} polls`
    : `update refused (${error?.name ?? 'no answer'})`;
  const description = o.description ?? `Recorded from ${target.sandbox ? 'the embedded sandbox' : target.baseUrl}: submit an update, poll to ${outcome}`;
  const { accessKey, secretKey, apiKey } = o.settings.credentials;
  const har = redactHar(recorder.toHar(o.scenario, description), [accessKey, secretKey, apiKey]);
  mkdirSync(o.outDir, { recursive: true });
  writeCassette(path, har);
  return { path, har, requestId, waited, error };
}
