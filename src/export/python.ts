// Writing Python source from TypeScript values. A value from the user (a name, a description, a
// path, a label, a vocabulary character) enters generated Python only through pyString, as a
// string literal — never in a docstring, a comment, an f-string or a format string. Numbers go
// through pyFloat and pyInt, which refuse anything that is not one.

/** A float literal: `0.001`, `1e-08`, `5.0` (never `5`, which Python reads as an int). */
export function pyFloat(n: number): string {
  if (typeof n !== 'number') throw new TypeError(`not a number: ${typeof n}`);
  if (!Number.isFinite(n)) return Number.isNaN(n) ? 'math.nan' : n > 0 ? 'math.inf' : '-math.inf';
  const s = String(n);
  return /[.e]/.test(s) ? s : `${s}.0`;
}

/** An int literal; anything but a safe integer is refused. */
export function pyInt(n: number): string {
  if (!Number.isSafeInteger(n)) throw new TypeError(`not an integer: ${String(n)}`);
  return String(n);
}

/** A number as JavaScript's String(n) writes it (the figures of RNN Lab's messages), for text. */
export function jsNumber(n: number): string {
  if (typeof n !== 'number') throw new TypeError(`not a number: ${typeof n}`);
  return String(n);
}

const hex = (n: number, digits: number) => n.toString(16).padStart(digits, '0');

/**
 * A double-quoted Python str literal of `s`, in ASCII only: printable ASCII stays, `"` and `\`
 * get a backslash, every other character is \xNN, \uNNNN or \UNNNNNNNN (a surrogate pair as
 * its code point, a lone surrogate as itself, which a Python str holds too). No character of
 * `s` can end the literal, start another token, or change how the file's bytes decode.
 */
export function pyString(s: string): string {
  if (typeof s !== 'string') throw new TypeError(`not a string: ${typeof s}`);
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const next = i + 1 < s.length ? s.charCodeAt(i + 1) : 0;
    if (c >= 0xd800 && c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
      out += `\\U${hex((c - 0xd800) * 0x400 + (next - 0xdc00) + 0x10000, 8)}`;
      i++;
    } else if (c === 0x22 || c === 0x5c) out += `\\${s[i]}`;
    else if (c >= 0x20 && c < 0x7f) out += s[i];
    else if (c < 0x100) out += `\\x${hex(c, 2)}`;
    else out += `\\u${hex(c, 4)}`;
  }
  return `${out}"`;
}

/** One of `allowed`, checked: a value that generated code names (an activation, a dtype). */
export function pyName<T extends string>(value: T, allowed: readonly T[], what: string): T {
  if (!allowed.includes(value)) throw new TypeError(`no PyTorch form for ${what} ${JSON.stringify(value)}`);
  return value;
}

/** Words of `text` in lines of at most `width` characters (a longer word gets its own line). */
export function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  if (line) lines.push(line);
  return lines;
}
