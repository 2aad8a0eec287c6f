// Joins the JUnit reports of the consumer run and the verification run into one file for CI: the
// <testsuite> elements of each, under one <testsuites> whose totals are the sums.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

export function mergeJunit(inputs: string[], output: string, name: string): void {
  let tests = 0;
  let failures = 0;
  let errors = 0;
  const suites: string[] = [];
  for (const file of inputs) {
    if (!existsSync(file)) continue;
    const xml = readFileSync(file, 'utf8');
    const root = /<testsuites\b([^>]*)>/.exec(xml)?.[1] ?? '';
    const attr = (n: string) => Number(new RegExp(`\\b${n}="(\\d+)"`).exec(root)?.[1] ?? 0);
    tests += attr('tests');
    failures += attr('failures');
    errors += attr('errors');
    suites.push(...(xml.match(/<testsuite\b[\s\S]*?<\/testsuite>/g) ?? []));
  }
  const header = `<?xml version="1.0" encoding="UTF-8" ?>\n<testsuites name="${name}" tests="${tests}" failures="${failures}" errors="${errors}">`;
  writeFileSync(output, `${header}\n${suites.join('\n')}\n</testsuites>\n`);
}
