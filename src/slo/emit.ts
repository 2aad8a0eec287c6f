// Rule groups as the text of a Prometheus rules file. Written here rather than with a YAML library
// (src/ may use only runtime dependencies): the shape is fixed, strings are JSON-quoted (valid YAML
// double-quoted scalars) and expressions are literal blocks, so the output is stable byte for byte —
// the committed file is compared with it.
import type { RuleGroup } from './generate.ts';

export function emitRulesFile(groups: RuleGroup[], header: string[]): string {
  const out: string[] = header.map((l) => `#${l ? ` ${l}` : ''}`);
  out.push('groups:');
  for (const group of groups) {
    out.push(`  - name: ${q(group.name)}`, '    rules:');
    for (const rule of group.rules) {
      out.push(rule.record ? `      - record: ${q(rule.record)}` : `      - alert: ${q(rule.alert!)}`);
      if (rule.expr.includes('\n')) out.push('        expr: |-', ...rule.expr.split('\n').map((l) => `          ${l}`.trimEnd()));
      else out.push(`        expr: ${q(rule.expr)}`);
      if (rule.for) out.push(`        for: ${q(rule.for)}`);
      for (const key of ['labels', 'annotations'] as const) {
        const map = rule[key];
        if (!map) continue;
        out.push(`        ${key}:`);
        for (const [k, v] of Object.entries(map)) out.push(`          ${k}: ${q(v)}`);
      }
    }
  }
  return `${out.join('\n')}\n`;
}

const q = (s: string) => JSON.stringify(s);
