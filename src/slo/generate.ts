// Turns the SLO file into Prometheus rule groups, in the manner of Sloth and Pyrra: per SLO, the SLI's
// error ratio recorded over every standard window, the burn rate (ratio / error budget), the budget
// remaining over the SLO window, and multi-window multi-burn-rate alerts (windows.ts). Every alert is
// silenced by the monitor's maintenance gauge and carries severity, summary, a description with live
// values and a runbook link. `timeScale` divides every window (tests and the end-to-end suite run a
// day's worth of windows in minutes); the recorded names keep the nominal window, so dashboards and
// alerts read the same names at any scale.
import type { Slo, SloFile } from './spec.ts';
import { BURN_TIERS, SLI_WINDOWS, burnFactor, formatWindow, parseWindow } from './windows.ts';

export interface Rule {
  record?: string;
  alert?: string;
  expr: string;
  for?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}
export interface RuleGroup {
  name: string;
  rules: Rule[];
}

export interface GenerateOptions {
  /** Divide every window by this (1 = as declared). */
  timeScale?: number;
  /** Overrides the file's runbook_base. */
  runbookBase?: string;
}

export const ERROR_RATIO = 'lsq_slo:sli_error:ratio_rate';
export const BURN_RATE = 'lsq_slo:burn_rate:ratio_rate';
export const BUDGET_REMAINING = 'lsq_slo:error_budget_remaining:ratio';
export const OBJECTIVE = 'lsq_slo:objective:ratio';

export function generateRules(file: SloFile, options: GenerateOptions = {}): RuleGroup[] {
  const scale = options.timeScale ?? 1;
  if (!(scale >= 1)) throw new Error(`the time scale must be 1 or more, got ${scale}`);
  return file.slos.flatMap((slo) => sloGroups(file, slo, scale, options.runbookBase ?? file.runbook_base));
}

function sloGroups(file: SloFile, slo: Slo, scale: number, runbookBase: string): RuleGroup[] {
  const sel = `{slo="${slo.name}"}`;
  const budget = round(1 - slo.objective / 100);
  const windows = [...SLI_WINDOWS, file.window].filter((w, i, all) => all.indexOf(w) === i);
  const range = (w: string) => formatWindow(parseWindow(w)! / scale);
  const sli: Rule[] = windows.map((w) => ({ record: `${ERROR_RATIO}${w}`, expr: ratio(slo, range(w)), labels: { slo: slo.name } }));
  const burn: Rule[] = windows.map((w) => ({ record: `${BURN_RATE}${w}`, expr: `${ERROR_RATIO}${w}${sel} / ${budget}`, labels: { slo: slo.name } }));
  const meta: Rule[] = [
    { record: OBJECTIVE, expr: `vector(${round(slo.objective / 100)})`, labels: { slo: slo.name } },
    { record: BUDGET_REMAINING, expr: `1 - ${ERROR_RATIO}${file.window}${sel} / ${budget}`, labels: { slo: slo.name } },
  ];
  const by = file.by.join(', ');
  const suppressed = `unless on (${by}) (max by (${by}) (lsq_maintenance) == 1)`;
  const alerts: Rule[] = (['page', 'ticket'] as const).map((severity) => {
    const tiers = BURN_TIERS.filter((t) => t.severity === severity);
    const conditions = tiers.map((t) => {
      const f = burnFactor(t, parseWindow(file.window)!);
      return `(${BURN_RATE}${t.long}${sel} > ${f} and ${BURN_RATE}${t.short}${sel} > ${f})`;
    });
    const expr = `(\n  ${conditions.join('\n  or\n  ')}\n)\n${suppressed}`;
    const how = tiers.map((t) => `${burnFactor(t, parseWindow(file.window)!)}x over ${t.long} and ${t.short}`).join(', or ');
    const pace = severity === 'page' ? 'fast' : 'steadily';
    // A live value beside $value: the budget left, read when the alert is evaluated.
    const remaining = `{{ with printf "${BUDGET_REMAINING}{slo=\\"${slo.name}\\",instance=\\"%s\\"}" $labels.instance | query }}{{ . | first | value | humanizePercentage }}{{ else }}unknown{{ end }}`;
    return {
      alert: slo.alert,
      expr,
      labels: { severity, slo: slo.name },
      annotations: {
        summary: `The ${slo.name} SLO of {{ $labels.instance }} is burning its error budget ${pace}`,
        description:
          `SLO: ${slo.description}, ${slo.objective}% over ${file.window}. The error budget is burning at {{ $value | humanize }}x ` +
          `(this ${severity} fires above ${how}${scale === 1 ? '' : `; windows scaled down ${scale}x`}). ` +
          `Budget remaining over ${file.window}: ${remaining}.`,
        runbook_url: `${runbookBase}${slo.alert}.md`,
      },
    };
  });
  // One group per SLO, in order: the rules of a group run one after another at each evaluation and
  // each sees the results of those before it, so an alert never reads a burn rate of the evaluation before.
  return [{ name: `lsq-slo-${slo.name}`, rules: [...sli, ...burn, ...meta, ...alerts] }];
}

/** errors / total for one window, the {{window}} of both queries filled in. */
function ratio(slo: Slo, range: string): string {
  const fill = (q: string) =>
    q
      .trim()
      .replaceAll('{{window}}', range)
      .split('\n')
      .map((l) => `  ${l.trimEnd()}`)
      .join('\n');
  return `(\n${fill(slo.errors)}\n)\n/\n(\n${fill(slo.total)}\n)`;
}

function round(n: number): number {
  return Number(n.toFixed(6));
}
