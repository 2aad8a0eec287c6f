// The GitHub Action (action.yml) and the example workflows (docs/examples/*.yml), checked without a
// runner: actionlint on the workflows; actionlint again with the action referenced by a local path, the
// only way it reads action.yml (it checks the `with:` keys against the declared inputs, and that
// `runs.using` is there — nothing else of the file); actionlint on the action's own steps run as a
// workflow, since it never lints a composite action's steps; and structure and vocabulary checked here:
// every flag, input and setting the files use exists in the CLI.
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { parse, stringify } from 'yaml';
import { K6_VERSION } from '../../src/k6/k6-binary.ts';
import { actionlint } from './support/actionlint.ts';
import { flagsIn, flagsOf, ROOT, SECRET_SETTINGS, SETTING_NAMES, settingNamesIn } from './support/cli-vocabulary.ts';

interface Step {
  name?: string;
  id?: string;
  uses?: string;
  run?: string;
  shell?: string;
  if?: string;
  with?: Record<string, unknown>;
  env?: Record<string, string>;
}
interface Action {
  name?: string;
  description?: string;
  inputs?: Record<string, { description?: string; required?: boolean; default?: string }>;
  runs?: { using?: string; steps?: Step[] };
}
interface Workflow {
  jobs: Record<string, { steps?: Step[] }>;
}

const ACTION_PATH = `${ROOT}action.yml`;
const actionText = readFileSync(ACTION_PATH, 'utf8');
const action = parse(actionText) as Action;
const steps = action.runs?.steps ?? [];
const EXAMPLES_DIR = `${ROOT}docs/examples`;
const examples = readdirSync(EXAMPLES_DIR).filter((f) => /\.ya?ml$/.test(f) && isWorkflow(f));
const packageVersion = (JSON.parse(readFileSync(`${ROOT}package.json`, 'utf8')) as { version: string }).version;
/** How an example refers to this action: OWNER/lsq-harness@vX.Y.Z (OWNER is wherever it is hosted). */
const ACTION_REF = /^[\w.-]+\/lsq-harness@(.+)$/;

const scratch = mkdtempSync(join(tmpdir(), 'lsq-deploy-action-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function isWorkflow(file: string): boolean {
  const doc = parse(readFileSync(join(EXAMPLES_DIR, file), 'utf8')) as Record<string, unknown> | null;
  return !!doc && typeof doc === 'object' && 'jobs' in doc;
}

function workflowSteps(file: string): Step[] {
  const wf = parse(readFileSync(join(EXAMPLES_DIR, file), 'utf8')) as Workflow;
  return Object.values(wf.jobs).flatMap((job) => job.steps ?? []);
}

/** A throwaway repository (actionlint resolves `uses: ./` only inside a Git checkout with .github/workflows). */
function project(name: string, files: Record<string, string>): string {
  const dir = join(scratch, name);
  mkdirSync(join(dir, '.git'), { recursive: true });
  mkdirSync(join(dir, '.github', 'workflows'), { recursive: true });
  for (const [path, text] of Object.entries(files)) writeFileSync(join(dir, path), text);
  return dir;
}

const gateStep = (): Step => {
  const step = steps.find((s) => s.name === 'gate');
  if (!step?.run) throw new Error('action.yml has no step named "gate" with a run script');
  return step;
};

/** The inputs a step reads through `${{ inputs.NAME }}`, anywhere in it. */
const inputsReadBy = (step: Step): string[] => [...JSON.stringify(step).matchAll(/\$\{\{\s*inputs\.([\w-]+)\s*\}\}/g)].map((m) => m[1]!);

test('there is at least one example workflow, and it uses the action', () => {
  expect(examples.length).toBeGreaterThan(0);
  const uses = examples.flatMap((f) => workflowSteps(f).map((s) => s.uses ?? '')).filter((u) => ACTION_REF.test(u));
  expect(uses.length).toBeGreaterThan(0);
});

test.each(examples)('actionlint finds nothing in docs/examples/%s', (file) => {
  const { code, output } = actionlint(ROOT, [`docs/examples/${file}`]);
  expect(output).toBe('');
  expect(code).toBe(0);
});

test.each(examples)('docs/examples/%s gives the action only inputs action.yml declares, and every required one (actionlint through uses: ./)', (file) => {
  const text = readFileSync(join(EXAMPLES_DIR, file), 'utf8');
  const local = text.replace(/uses:\s*[\w.-]+\/lsq-harness@\S+/g, 'uses: ./');
  expect(local).not.toBe(text);
  const dir = project(`local-${file}`, { 'action.yml': actionText, [`.github/workflows/${file}`]: local });
  const { code, output } = actionlint(dir);
  expect(output).toBe('');
  expect(code).toBe(0);
});

test.each(examples)('docs/examples/%s pins the action to the version of this package', (file) => {
  for (const step of workflowSteps(file)) {
    const m = ACTION_REF.exec(step.uses ?? '');
    if (m) expect(m[1]).toBe(`v${packageVersion}`);
  }
});

test("the action's own steps pass actionlint (run as the steps of a workflow, with its inputs as workflow inputs)", () => {
  const inputs = Object.fromEntries(Object.keys(action.inputs ?? {}).map((k) => [k, { type: 'string', required: false }]));
  const workflow = { name: 'action.yml steps', on: { workflow_call: { inputs } }, jobs: { action: { 'runs-on': 'ubuntu-24.04', steps } } };
  const dir = project('steps', { '.github/workflows/action-steps.yml': stringify(workflow) });
  const { code, output } = actionlint(dir);
  expect(output).toBe('');
  expect(code).toBe(0);
});

test('action.yml is a composite action with a name, a description and a description for every input', () => {
  expect(action.name).toBeTruthy();
  expect(action.description).toBeTruthy();
  expect(action.runs?.using).toBe('composite');
  expect(steps.length).toBeGreaterThan(0);
  for (const [name, input] of Object.entries(action.inputs ?? {})) expect(input.description, name).toBeTruthy();
});

test('every run step of the action names its shell (a composite action has no default)', () => {
  for (const step of steps.filter((s) => s.run !== undefined)) expect(step.shell, step.name).toBe('bash');
});

test('every input the action reads is declared, and no expression is spliced into a script', () => {
  const declared = Object.keys(action.inputs ?? {});
  for (const step of steps) {
    for (const name of inputsReadBy(step)) expect(declared, `${step.name} reads inputs.${name}`).toContain(name);
    // Values reach scripts as environment variables: `${{ … }}` inside run would be script injection.
    expect(step.run ?? '', step.name).not.toContain('${{');
  }
});

test('no input of the action is a credential (inputs are echoed; credentials come from the environment)', () => {
  for (const name of Object.keys(action.inputs ?? {})) expect(name).not.toMatch(/key|secret|token|password|credential/i);
});

test('every lsq-harness flag the action passes is one `gate --help` lists', () => {
  const known = flagsOf('gate');
  expect(known.size).toBeGreaterThan(3);
  const used = flagsIn(gateStep().run!);
  expect(used.size).toBeGreaterThan(0);
  for (const flag of used) expect(known, flag).toContain(flag);
});

test('each input the gate step reads becomes the gate flag of the same name', () => {
  const step = gateStep();
  const read = inputsReadBy(step);
  expect(read.length).toBeGreaterThan(0);
  const known = flagsOf('gate');
  for (const name of read) {
    expect(known, `--${name}`).toContain(`--${name}`);
    expect(step.run, `--${name}`).toContain(`--${name}`);
  }
});

test('every LSQ_* and PACT_BROKER_* name in the action and the example workflows is a setting the CLI documents', () => {
  const texts = [actionText, ...examples.map((f) => readFileSync(join(EXAMPLES_DIR, f), 'utf8'))];
  const names = new Set(texts.flatMap((t) => [...settingNamesIn(t)]));
  expect(names.size).toBeGreaterThan(0);
  for (const name of names) expect(SETTING_NAMES, name).toContain(name);
});

test('the example workflows pass credentials as environment variables from secrets, never as inputs', () => {
  for (const file of examples) {
    for (const step of workflowSteps(file)) {
      expect(JSON.stringify(step.with ?? {}), `${file}: with`).not.toMatch(/secrets\./);
      for (const [name, value] of Object.entries(step.env ?? {})) {
        if ((SECRET_SETTINGS as readonly string[]).includes(name) || /TOKEN|PASSWORD/.test(name)) {
          expect(value, `${file}: ${name}`).toBe(`\${{ secrets.${name} }}`);
        }
      }
    }
  }
});

test('the action builds the k6 version the harness expects, and sets up Node 24', () => {
  const versions = new Set([...actionText.matchAll(/k6[-@](v\d+\.\d+\.\d+)/g)].map((m) => m[1]));
  expect([...versions]).toEqual([K6_VERSION]);
  expect(actionText).toContain(`go install go.k6.io/k6@${K6_VERSION}`);
  const node = steps.find((s) => s.uses?.startsWith('actions/setup-node@'));
  const nvmrc = readFileSync(`${ROOT}.nvmrc`, 'utf8').trim();
  expect(String(node?.with?.['node-version'])).toBe(nvmrc.split('.')[0]);
});

test('the action writes summary.md to the step summary and uploads the reports folder, even after a failed gate', () => {
  const summary = steps.find((s) => s.run?.includes('$GITHUB_STEP_SUMMARY'));
  expect(summary?.run).toContain('summary.md');
  expect(summary?.if).toBe('always()');
  const upload = steps.find((s) => s.uses?.startsWith('actions/upload-artifact@'));
  expect(upload?.if).toBe('always()');
  expect(upload?.with?.path).toBe(`\${{ inputs.out }}`);
  expect(gateStep().env?.OUT).toBe(`\${{ inputs.out }}`);
});

test('docs/ci.md links every example workflow and holds no copy of one that could drift', () => {
  const doc = readFileSync(`${ROOT}docs/ci.md`, 'utf8');
  for (const file of examples) expect(doc).toContain(`(examples/${file})`);
  const yamlBlocks = [...doc.matchAll(/```ya?ml\n([\s\S]*?)```/g)].map((m) => m[1]!);
  for (const block of yamlBlocks) expect(block).not.toMatch(/^\s*(jobs|runs-on|steps):/m);
});
