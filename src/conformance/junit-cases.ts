// The test cases of a Schemathesis JUnit report (one per operation, one for the stateful phase), each
// with its failure text when it failed: what the conformance result, the gate's JUnit and the test
// suite's totals are counted from. A regex reader of the one flat format Schemathesis writes.

export interface JunitCase {
  name: string;
  /** The failure or error text, when the case failed. */
  failure?: string;
  skipped?: boolean;
}

const ENTITIES: Record<string, string> = { '&lt;': '<', '&gt;': '>', '&quot;': '"', '&apos;': "'", '&amp;': '&' };
const unescapeXml = (s: string) => s.replace(/&(lt|gt|quot|apos|amp);/g, (m) => ENTITIES[m]!);

export function junitCases(xml: string): JunitCase[] {
  const cases: JunitCase[] = [];
  const re = /<testcase\b([^>]*?)(\/>|>([\s\S]*?)<\/testcase>)/g;
  for (const m of xml.matchAll(re)) {
    const name = unescapeXml(/\bname="([^"]*)"/.exec(m[1]!)?.[1] ?? '(unnamed)');
    const inner = m[3] ?? '';
    const failed = /<(failure|error)\b[^>]*?(?:\/>|>([\s\S]*?)<\/\1>)/.exec(inner);
    if (failed) cases.push({ name, failure: unescapeXml(failed[2] ?? /message="([^"]*)"/.exec(failed[0])?.[1] ?? failed[1]!) });
    else if (/<skipped\b/.test(inner)) cases.push({ name, skipped: true });
    else cases.push({ name });
  }
  return cases;
}
