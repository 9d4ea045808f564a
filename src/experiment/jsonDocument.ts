// A JSON (with comments) document parsed with jsonc-parser, so that every value keeps its
// position: errors about a value point at that value.
//
// Whatever the text, parsing is bounded: nesting deeper than MAX_DEPTH is an error found by a
// linear scan before the (recursive) parser runs, at most MAX_SYNTAX_ERRORS syntax errors are
// collected, objects are built without a prototype (a "__proto__" key is a key like any other,
// which the schema reports as unknown), and a number beyond float64 (1e999) or a key written
// twice is an error rather than a silent Infinity or a silently dropped value.

import {
  createScanner,
  findNodeAtLocation,
  parseTree,
  printParseErrorCode,
  type JSONPath,
  type Node,
  type ParseError,
} from 'jsonc-parser';
import { LineIndex, type Diagnostic } from '../diagnostics/diagnostic';
import { excerpt, quoted } from '../diagnostics/excerpt';

export type { JSONPath };

/** Nesting levels of arrays and objects; an experiment needs 6, a weights file 7. */
export const MAX_DEPTH = 64;
const MAX_SYNTAX_ERRORS = 100;

// jsonc-parser's SyntaxKind is a const enum, which an isolated-modules build cannot inline.
const OPEN_BRACE = 1;
const CLOSE_BRACE = 2;
const OPEN_BRACKET = 3;
const CLOSE_BRACKET = 4;
const EOF = 17;

export class JsonDocument {
  readonly root: Node | undefined;
  readonly value: unknown;
  readonly syntaxErrors: Diagnostic[];
  /** The text as parsed: a leading byte order mark is dropped (editors do not show it either). */
  readonly text: string;
  private readonly lines: LineIndex;

  constructor(
    readonly file: string,
    text: string,
  ) {
    this.text = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
    this.lines = new LineIndex(this.text);
    const tooDeep = this.depthError();
    if (tooDeep) {
      this.syntaxErrors = [tooDeep];
      return;
    }
    const errors: ParseError[] = new BoundedErrors();
    try {
      this.root = parseTree(this.text, errors, { allowTrailingComma: false, disallowComments: false });
    } catch (err) {
      if (!(err instanceof TooManyErrors)) throw err;
    }
    this.syntaxErrors = errors.map((e) => this.lines.diagnostic(file, e.offset, e.length, describeSyntaxError(e)));
    if (!this.root || this.syntaxErrors.length) return;
    const valueErrors: Diagnostic[] = [];
    this.value = this.nodeValue(this.root, valueErrors);
    if (valueErrors.length) {
      this.syntaxErrors = valueErrors;
      this.value = undefined;
    }
  }

  /** A diagnostic at the value found at `path`, or at the nearest ancestor that exists. */
  at(path: JSONPath, message: string): Diagnostic {
    const node = this.nearest(path);
    if (!node) return this.lines.diagnostic(this.file, 0, 1, message);
    return this.lines.diagnostic(this.file, node.offset, node.length, message);
  }

  /** A diagnostic at the key of the property at `path` (for unknown or misplaced fields). */
  atKey(path: JSONPath, message: string): Diagnostic {
    const node = this.root && findNodeAtLocation(this.root, path);
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

  /** The first bracket or brace that opens level MAX_DEPTH + 1, found without recursion. */
  private depthError(): Diagnostic | undefined {
    const scanner = createScanner(this.text, true);
    let depth = 0;
    for (let token: number = scanner.scan(); token !== EOF; token = scanner.scan()) {
      if (token === OPEN_BRACE || token === OPEN_BRACKET) {
        if (++depth > MAX_DEPTH) {
          return this.lines.diagnostic(
            this.file,
            scanner.getTokenOffset(),
            1,
            `invalid JSON: nested deeper than ${MAX_DEPTH} levels`,
          );
        }
      } else if (token === CLOSE_BRACE || token === CLOSE_BRACKET) {
        depth = Math.max(0, depth - 1);
      }
    }
    return undefined;
  }

  /** Plain values without prototypes; numbers must be finite and keys unique. Depth ≤ MAX_DEPTH. */
  private nodeValue(node: Node, errors: Diagnostic[]): unknown {
    switch (node.type) {
      case 'object': {
        const out = Object.create(null) as Record<string, unknown>;
        const seen = new Map<string, Node>();
        for (const prop of node.children ?? []) {
          const [key, value] = prop.children ?? [];
          if (!key || !value) continue;
          const name = key.value as string;
          const earlier = seen.get(name);
          if (earlier) {
            const { line } = this.lines.position(earlier.offset);
            errors.push(
              this.lines.diagnostic(
                this.file,
                key.offset,
                key.length,
                `duplicate key ${quoted(name)} (first at line ${line}): keep one`,
              ),
            );
          }
          seen.set(name, key);
          out[name] = this.nodeValue(value, errors);
        }
        return out;
      }
      case 'array':
        return (node.children ?? []).map((child) => this.nodeValue(child, errors));
      case 'number':
        if (!Number.isFinite(node.value)) {
          const written = excerpt(this.text.slice(node.offset, node.offset + node.length), 40);
          errors.push(
            this.lines.diagnostic(
              this.file,
              node.offset,
              node.length,
              `number out of range: ${written} is beyond ±1.8e308 (64-bit floating point)`,
            ),
          );
        }
        return node.value;
      default:
        return node.value;
    }
  }
}

class TooManyErrors extends Error {}

/** Stops the parser once it has found MAX_SYNTAX_ERRORS (a binary file has one per byte). */
class BoundedErrors extends Array<ParseError> {
  static override get [Symbol.species]() {
    return Array;
  }

  override push(...items: ParseError[]): number {
    if (this.length + items.length > MAX_SYNTAX_ERRORS) throw new TooManyErrors();
    return super.push(...items);
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
