// JSON Schema's `pattern` has no flags, so a zod regex written with /i (the contract's UUID_PATTERN)
// loses its case-insensitivity on the way into the OpenAPI document: upper-case ids, which the
// sandbox and the client accept, would read as invalid to every tool that trusts the document (a
// fuzzer then "expects" them refused). This spells the flag out in the pattern itself: every letter
// becomes both of its cases. Constructs it cannot rewrite faithfully throw, so a new contract pattern
// fails generation loudly instead of being published wrong.

const UNSUPPORTED_ESCAPES = /[pPkuxcbB]/; // \p{…}, \k<…>, \u…, \x…, \c…, word boundaries (\b in a class is a backspace)

function swapCase(ch: string): string {
  return ch === ch.toLowerCase() ? ch.toUpperCase() : ch.toLowerCase();
}

const isLetter = (ch: string | undefined): ch is string => ch !== undefined && /^[A-Za-z]$/.test(ch);

/** The body of a character class (between [ and ]) with the other case of every letter and letter range added. */
function widenClass(body: string): string {
  let extra = '';
  for (let i = 0; i < body.length; i++) {
    const ch = body[i]!;
    if (ch === '\\') {
      const next = body[i + 1];
      if (next === undefined || UNSUPPORTED_ESCAPES.test(next)) throw new Error(`cannot make the class [${body}] case-insensitive`);
      i++;
      continue;
    }
    if (body[i + 1] === '-' && body[i + 2] !== undefined && body[i + 2] !== ']') {
      const end = body[i + 2]!;
      if (isLetter(ch) && isLetter(end)) {
        if ((ch === ch.toLowerCase()) !== (end === end.toLowerCase())) throw new Error(`cannot make the mixed-case range ${ch}-${end} case-insensitive`);
        extra += `${swapCase(ch)}-${swapCase(end)}`;
      } else if (isLetter(ch) || isLetter(end)) {
        throw new Error(`cannot make the range ${ch}-${end} case-insensitive`);
      }
      i += 2;
      continue;
    }
    if (isLetter(ch)) extra += swapCase(ch);
  }
  return body + extra;
}

/** An ECMAScript regex source that matches, without flags, what `new RegExp(source, 'i')` matches. */
export function caseInsensitivePattern(source: string): string {
  let out = '';
  for (let i = 0; i < source.length; i++) {
    const ch = source[i]!;
    if (ch === '\\') {
      const next = source[i + 1];
      if (next === undefined || UNSUPPORTED_ESCAPES.test(next)) throw new Error(`cannot make the escape \\${next ?? ''} of /${source}/ case-insensitive`);
      out += ch + next;
      i++;
      continue;
    }
    if (ch === '(' && source[i + 1] === '?' && source[i + 2] === '<' && source[i + 3] !== '=' && source[i + 3] !== '!') {
      throw new Error(`cannot make the named group of /${source}/ case-insensitive`);
    }
    if (ch === '[') {
      let end = i + 1;
      if (source[end] === '^') end++;
      if (source[end] === ']') end++;
      while (end < source.length && source[end] !== ']') end += source[end] === '\\' ? 2 : 1;
      if (end >= source.length) throw new Error(`unterminated class in /${source}/`);
      const negated = source[i + 1] === '^';
      const body = source.slice(i + 1 + (negated ? 1 : 0), end);
      out += `[${negated ? '^' : ''}${widenClass(body)}]`;
      i = end;
      continue;
    }
    out += isLetter(ch) ? `[${ch}${swapCase(ch)}]` : ch;
  }
  return out;
}
