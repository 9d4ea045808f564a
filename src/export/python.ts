// Writing Python source from TypeScript values.

/** A float literal: `0.001`, `1e-08`, `5.0` (never `5`, which Python reads as an int). */
export function pyFloat(n: number): string {
  if (!Number.isFinite(n)) return Number.isNaN(n) ? 'math.nan' : n > 0 ? 'math.inf' : '-math.inf';
  const s = String(n);
  return /[.e]/.test(s) ? s : `${s}.0`;
}

/** A string literal; JSON's escapes are Python's. */
export function pyString(s: string): string {
  return JSON.stringify(s);
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
