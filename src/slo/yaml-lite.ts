// Reads the small subset of YAML that monitors/slo.yml is written in, because src/ ships in the package
// and may use only runtime dependencies (a YAML library is a dev dependency here). The subset: block
// mappings and block sequences by indentation, `key: value` scalars (plain, single- or double-quoted),
// flow sequences of plain scalars (`[job, instance]`), literal blocks (`key: |`) and `#` comments.
// Anything else (anchors, flow mappings, folded blocks, tabs) is refused with the line number, so the
// file never means something other than what it reads as. A test checks it against the `yaml` package.
export type YamlValue = string | number | boolean | null | YamlValue[] | { [key: string]: YamlValue };

interface Line {
  no: number;
  indent: number;
  text: string;
}

export class YamlLiteError extends Error {}

export function parseYamlLite(source: string): YamlValue {
  blocks.clear();
  const raw = source.split('\n');
  const lines: Line[] = [];
  for (let i = 0; i < raw.length; i++) {
    const line = raw[i]!.replace(/\r$/, '');
    if (/^\s*\t/.test(line)) throw new YamlLiteError(`line ${i + 1}: tabs are not allowed for indentation`);
    const text = stripComment(line).trimEnd();
    if (text.trim() === '' || text.trim() === '---') continue;
    lines.push({ no: i + 1, indent: text.length - text.trimStart().length, text: text.trimStart() });
    // A literal block keeps its lines as they are: they are read from `raw` by parseBlock.
    if (/:\s*\|[-+]?$/.test(text)) {
      const start = i + 1;
      const base = lines.at(-1)!.indent;
      let j = start;
      while (j < raw.length && (raw[j]!.trim() === '' || raw[j]!.length - raw[j]!.trimStart().length > base)) j++;
      blocks.set(lines.at(-1)!.no, raw.slice(start, j));
      i = j - 1;
    }
  }
  const state = { i: 0 };
  if (lines.length === 0) return null;
  const value = parseNode(lines, state, lines[0]!.indent);
  if (state.i < lines.length) throw new YamlLiteError(`line ${lines[state.i]!.no}: unexpected indentation`);
  blocks.clear();
  return value;
}

const blocks = new Map<number, string[]>();

function stripComment(line: string): string {
  let quote: string | null = null;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quote) {
      if (c === '\\' && quote === '"') i++;
      else if (c === quote) quote = null;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '#' && (i === 0 || /\s/.test(line[i - 1]!))) return line.slice(0, i);
  }
  return line;
}

function parseNode(lines: Line[], state: { i: number }, indent: number): YamlValue {
  const first = lines[state.i]!;
  return first.text.startsWith('- ') || first.text === '-' ? parseSequence(lines, state, indent) : parseMapping(lines, state, indent);
}

function parseSequence(lines: Line[], state: { i: number }, indent: number): YamlValue[] {
  const out: YamlValue[] = [];
  while (state.i < lines.length && lines[state.i]!.indent === indent && lines[state.i]!.text.startsWith('-')) {
    const line = lines[state.i]!;
    const rest = line.text.slice(1).trimStart();
    if (rest === '') {
      state.i++;
      out.push(state.i < lines.length && lines[state.i]!.indent > indent ? parseNode(lines, state, lines[state.i]!.indent) : null);
      continue;
    }
    // `- key: value` starts a mapping whose keys sit at the column after the dash.
    const inner = indent + (line.text.length - rest.length);
    if (isMappingEntry(rest)) {
      lines[state.i] = { no: line.no, indent: inner, text: rest };
      out.push(parseMapping(lines, state, inner));
    } else {
      out.push(scalar(rest, line.no));
      state.i++;
    }
  }
  return out;
}

function isMappingEntry(text: string): boolean {
  return /^("[^"]*"|'[^']*'|[^\s"'[{][^:]*?):(\s|$)/.test(text);
}

function parseMapping(lines: Line[], state: { i: number }, indent: number): { [key: string]: YamlValue } {
  const out: { [key: string]: YamlValue } = {};
  while (state.i < lines.length && lines[state.i]!.indent === indent) {
    const line = lines[state.i]!;
    if (!isMappingEntry(line.text)) throw new YamlLiteError(`line ${line.no}: expected "key: value"`);
    const colon = line.text.search(/:(\s|$)/);
    const key = unquote(line.text.slice(0, colon).trim(), line.no);
    if (Object.hasOwn(out, key)) throw new YamlLiteError(`line ${line.no}: duplicate key "${key}"`);
    const rest = line.text.slice(colon + 1).trim();
    state.i++;
    if (/^\|[-+]?$/.test(rest)) {
      out[key] = literalBlock(blocks.get(line.no) ?? [], rest);
    } else if (rest === '') {
      const next = lines[state.i];
      // A sequence may sit at the same indentation as its key (`key:\n- a`), as YAML allows.
      if (next && (next.indent > indent || (next.indent === indent && next.text.startsWith('- ')))) out[key] = parseNode(lines, state, next.indent);
      else out[key] = null;
    } else {
      out[key] = scalar(rest, line.no);
    }
  }
  return out;
}

function literalBlock(body: string[], indicator: string): string {
  while (body.length && body.at(-1)!.trim() === '') body = body.slice(0, -1);
  const indent = Math.min(...body.filter((l) => l.trim() !== '').map((l) => l.length - l.trimStart().length));
  const text = body.map((l) => l.slice(indent)).join('\n');
  return indicator === '|-' ? text : `${text}\n`;
}

function unquote(text: string, no: number): string {
  if (text.startsWith('"')) {
    try {
      return JSON.parse(text) as string;
    } catch {
      throw new YamlLiteError(`line ${no}: unreadable double-quoted string ${text}`);
    }
  }
  if (text.startsWith("'")) {
    if (!text.endsWith("'") || text.length < 2) throw new YamlLiteError(`line ${no}: unterminated single-quoted string`);
    return text.slice(1, -1).replaceAll("''", "'");
  }
  return text;
}

function scalar(text: string, no: number): YamlValue {
  if (text.startsWith('[')) {
    if (!text.endsWith(']')) throw new YamlLiteError(`line ${no}: a flow sequence must close on its line`);
    const inner = text.slice(1, -1).trim();
    return inner === '' ? [] : inner.split(',').map((part) => scalar(part.trim(), no));
  }
  if (/^[{&*!>|%@`]/.test(text)) throw new YamlLiteError(`line ${no}: ${JSON.stringify(text[0])} is outside the YAML this file may use`);
  if (text.startsWith('"') || text.startsWith("'")) return unquote(text, no);
  if (text === 'null' || text === '~') return null;
  if (text === 'true' || text === 'false') return text === 'true';
  if (/^[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/.test(text)) return Number(text);
  return text;
}
