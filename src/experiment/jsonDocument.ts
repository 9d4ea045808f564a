// A JSON (with comments) document parsed with jsonc-parser, so that every value keeps its
// position: errors about a value point at that value.

import { findNodeAtLocation, parseTree, printParseErrorCode, type JSONPath, type Node, type ParseError } from 'jsonc-parser';
import { LineIndex, type Diagnostic } from '../diagnostics/diagnostic';

export type { JSONPath };

export class JsonDocument {
  readonly root: Node | undefined;
  readonly value: unknown;
  readonly syntaxErrors: Diagnostic[];
  private readonly lines: LineIndex;

  constructor(readonly file: string, readonly text: string) {
    const errors: ParseError[] = [];
    this.root = parseTree(text, errors, { allowTrailingComma: false, disallowComments: false });
    this.lines = new LineIndex(text);
    this.syntaxErrors = errors.map((e) => this.lines.diagnostic(file, e.offset, e.length, describeSyntaxError(e)));
    this.value = this.root && errors.length === 0 ? nodeValue(this.root) : undefined;
  }

  /** A diagnostic at the value found at `path`, or at the nearest ancestor that exists. */
  at(path: JSONPath, message: string): Diagnostic {
    const node = this.nearest(path);
    if (!node) return this.lines.diagnostic(this.file, 0, 1, message);
    return this.lines.diagnostic(this.file, node.offset, node.length, message);
  }

  /** A diagnostic at the key of the property at `path` (for unknown or misplaced fields). */
  atKey(path: JSONPath, message: string): Diagnostic {
    const node = findNodeAtLocation(this.root!, path);
    const key = node?.parent?.type === 'property' ? node.parent.children?.[0] : undefined;
    return key ? this.lines.diagnostic(this.file, key.offset, key.length, message) : this.at(path, message);
  }

  has(path: JSONPath): boolean {
    return this.root !== undefined && findNodeAtLocation(this.root, path) !== undefined;
  }

  private nearest(path: JSONPath): Node | undefined {
    if (!this.root) return undefined;
    for (let n = path.length; n >= 0; n--) {
      const node = findNodeAtLocation(this.root, path.slice(0, n));
      if (node) return node;
    }
    return this.root;
  }
}

function nodeValue(node: Node): unknown {
  switch (node.type) {
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const prop of node.children ?? []) {
        const [key, value] = prop.children ?? [];
        if (key && value) out[key.value as string] = nodeValue(value);
      }
      return out;
    }
    case 'array':
      return (node.children ?? []).map(nodeValue);
    default:
      return node.value;
  }
}

function describeSyntaxError(e: ParseError): string {
  const text: Record<string, string> = {
    InvalidSymbol: 'invalid symbol',
    InvalidNumberFormat: 'invalid number',
    PropertyNameExpected: 'property name expected (in double quotes)',
    ValueExpected: 'value expected',
    ColonExpected: 'colon expected',
    CommaExpected: 'comma expected',
    CloseBraceExpected: 'closing brace } expected',
    CloseBracketExpected: 'closing bracket ] expected',
    EndOfFileExpected: 'end of file expected',
    InvalidCommentToken: 'invalid comment',
    UnexpectedEndOfComment: 'unterminated comment',
    UnexpectedEndOfString: 'unterminated string',
    UnexpectedEndOfNumber: 'unterminated number',
    InvalidUnicode: 'invalid unicode escape',
    InvalidEscapeCharacter: 'invalid escape character',
    InvalidCharacter: 'invalid character',
  };
  const code = printParseErrorCode(e.error);
  return `invalid JSON: ${text[code] ?? code}`;
}
