// Values the commands' --help shows (defaults, limits, stage names, file names) whose home is a module
// too heavy to load for --help: src/sandbox/settings*.ts, src/gate/stages/ and src/slo/render.ts pull
// in zod, msw and prom-client, most of a --help's start-up time (BENCHMARKS.md, P7). They are copied
// here and test/unit/cli-help-values.test.ts checks every one against its home, so a change there
// fails that test until it is made here too. Moving them into small files of their own in those
// folders (as src/sandbox/admin-prefix.ts was) would end the copies.

/** src/sandbox/settings-schema.ts MAX_KEPT_BODY_BYTES_LIMIT: the most body memory the sandbox may keep. */
export const SANDBOX_MAX_KEPT_BODY_BYTES_LIMIT = 4 * 1024 ** 3;
/** src/sandbox/settings.ts defaultSandboxSettings().maxKeptBodyBytes. */
export const SANDBOX_DEFAULT_MAX_KEPT_BODY_BYTES = 32 * 1024 * 1024;

/** src/gate/stages/index.ts STAGE_NAMES: the stages a gate runs by default, in their order. */
export const GATE_STAGE_NAMES = ['contracts', 'replay', 'load', 'canary', 'can-i-deploy'] as const;
/** src/gate/stages/index.ts OPTIONAL_STAGES' names: run only when named in --stages. */
export const GATE_OPTIONAL_STAGE_NAMES = ['conformance'] as const;
/** src/gate/stages/index.ts ALL_STAGE_NAMES: what --stages may name. */
export const GATE_ALL_STAGE_NAMES = [...GATE_STAGE_NAMES, ...GATE_OPTIONAL_STAGE_NAMES];

/** src/slo/render.ts SLO_FILE and SLO_RULES_FILE: `slo generate`'s default input and output. */
export const SLO_FILE = 'monitors/slo.yml';
export const SLO_RULES_FILE = 'monitors/prometheus/slo-rules.yml';
