// Errors a user can act on: a file, a position in it, and a message. The CLI prints them as
// `FILE:LINE:COL: error: MESSAGE`; the editor turns them into diagnostics at the same range.
// Imports nothing: data sources, experiment files, runs, the CLI and the editor all speak it.

export interface Diagnostic {
  readonly file: string;
  /** 1-based line and column of the start; end is exclusive, also 1-based. */
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
  readonly message: string;
}

/** One line whatever the file name or the message holds. */
export function formatDiagnostic(d: Diagnostic, relativeTo?: (file: string) => string): string {
  const file = relativeTo ? relativeTo(d.file) : d.file;
  return `${oneLine(file)}:${d.line}:${d.column}: error: ${oneLine(d.message)}`;
}

/** Control characters (a newline in a path or a key) written as escapes: a message is one line. */
function oneLine(text: string): string {
  return text.replace(
    // eslint-disable-next-line no-control-regex -- control characters are exactly what is replaced
    /[\u0000-\u001f\u007f\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/**
 * Longer messages are cut: a message quotes values from files, and a file can hold megabytes
 * in one of them (callers quote with excerpt.ts; this is the backstop).
 */
export const MAX_MESSAGE_LENGTH = 1000;

function bounded(message: string): string {
  const line = oneLine(message);
  return line.length <= MAX_MESSAGE_LENGTH ? line : `${line.slice(0, MAX_MESSAGE_LENGTH)}…`;
}

/** Maps character offsets of one text to 1-based lines and columns. */
export class LineIndex {
  private readonly starts: number[] = [0];

  constructor(text: string) {
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) this.starts.push(i + 1);
  }

  position(offset: number): { line: number; column: number } {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - this.starts[lo] + 1 };
  }

  diagnostic(file: string, offset: number, length: number, message: string): Diagnostic {
    const start = this.position(offset);
    const end = this.position(offset + Math.max(length, 1));
    return {
      file,
      line: start.line,
      column: start.column,
      endLine: end.line,
      endColumn: end.column,
      message: bounded(message),
    };
  }
}

/** A diagnostic at a line and column of a file that is not parsed as JSON (CSV, text). */
export function diagnosticAt(file: string, line: number, column: number, message: string, width = 1): Diagnostic {
  return { file, line, column, endLine: line, endColumn: column + width, message: bounded(message) };
}
