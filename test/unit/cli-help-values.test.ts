// src/cli/help-values.ts copies what the commands' --help shows from modules too heavy to load for
// --help (BENCHMARKS.md, P7). Each copy against its home: a change there fails here until it is made
// in help-values.ts too.
import { expect, test } from 'vitest';
import * as help from '../../src/cli/help-values.ts';
import { ALL_STAGE_NAMES, OPTIONAL_STAGES, STAGE_NAMES } from '../../src/gate/stages/index.ts';
import { defaultSandboxSettings } from '../../src/sandbox/settings.ts';
import { MAX_KEPT_BODY_BYTES_LIMIT } from '../../src/sandbox/settings-schema.ts';
import { SLO_FILE, SLO_RULES_FILE } from '../../src/slo/render.ts';

test("the sandbox's body-memory limit and default", () => {
  expect(help.SANDBOX_MAX_KEPT_BODY_BYTES_LIMIT).toBe(MAX_KEPT_BODY_BYTES_LIMIT);
  expect(help.SANDBOX_DEFAULT_MAX_KEPT_BODY_BYTES).toBe(defaultSandboxSettings().maxKeptBodyBytes);
});

test("the gate's stage names, in their order", () => {
  expect(help.GATE_STAGE_NAMES).toEqual(STAGE_NAMES);
  expect(help.GATE_OPTIONAL_STAGE_NAMES).toEqual(OPTIONAL_STAGES.map((s) => s.name));
  expect(help.GATE_ALL_STAGE_NAMES).toEqual(ALL_STAGE_NAMES);
});

test("slo generate's default files", () => {
  expect(help.SLO_FILE).toBe(SLO_FILE);
  expect(help.SLO_RULES_FILE).toBe(SLO_RULES_FILE);
});
