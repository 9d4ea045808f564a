// One pass over a JSON text, without building it: syntax, nesting depth, keys written twice and
// numbers beyond float64 — the checks JsonDocument makes — and, for a top-level object, the
// position and tensor shape of each of its values ([2, 3] for [[1, 2, 3], [4, 5, 6]]). Large
// numeric files (a state_dict, predict's --input) are checked this way, and their shapes
// compared with what is expected, before JSON.parse builds them: a wrong file is refused in
// about a second, whatever its size, in the memory of its text.

/** Nesting levels of arrays and objects, as the experiment reader allows (jsonDocument.ts). */
export const MAX_JSON_DEPTH = 64;

export interface JsonProblem {
  readonly offset: number;
  readonly length: number;
  readonly message: string;
}

/** A value of the top-level object: where it is, and its shape when it is a tensor. */
export interface TopLevelValue {
  readonly keyOffset: number;
  readonly keyLength: number;
  readonly offset: number;
  readonly length: number;
  /** [] for a number, [rows, cols] for a matrix; undefined when it is not a rectangular array of numbers. */
  readonly shape?: readonly number[];
  /** Why it is not a tensor ("holds a string", "rows of different lengths"). */
  readonly notTensor?: string;
}

export interface JsonScan {
  /** The first syntax error, every key written twice, every number beyond float64. Empty: JSON.parse reads the text as it is. */
  readonly problems: JsonProblem[];
  /** The root's kind: "object", "array", "string", "number", "boolean" or "null". */
  readonly root?: string;
  /** The top-level object's values by key, in file order (empty unless the root is an object). */
  readonly top: Map<string, TopLevelValue>;
}

/** At most this many problems are collected (a file of duplicates has one per key). */
const MAX_PROBLEMS = 100;

type Shape = { readonly shape: readonly number[] } | { readonly bad: string };

interface Frame {
  readonly array: boolean;
  readonly keys?: Set<string>;
  count: number;
  element?: readonly number[];
  bad?: string;
  /** Top-level object: the key whose value is being read. */
  key?: { name: string; offset: number; length: number };
}

const isSpace = (c: number) => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
const A_NUMBER_SHAPE: readonly number[] = [];
const A_NUMBER: Shape = { shape: A_NUMBER_SHAPE };
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

// what the scanner expects next
const VALUE = 0;
const VALUE_OR_CLOSE = 1;
const KEY = 2;
const KEY_OR_CLOSE = 3;
const COLON = 4;
const AFTER_VALUE = 5;
const END = 6;

class Stop extends Error {}

export function scanJson(text: string): JsonScan {
  const problems: JsonProblem[] = [];
  const top = new Map<string, TopLevelValue>();
  const stack: Frame[] = [];
  let root: string | undefined;
  let state = VALUE;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const n = text.length;

  const fail = (offset: number, length: number, message: string): never => {
    problems.push({ offset, length, message: `invalid JSON: ${message}` });
    throw new Stop();
  };
  const note = (offset: number, length: number, message: string) => {
    problems.push({ offset, length, message });
    if (problems.length >= MAX_PROBLEMS) throw new Stop();
  };

  /** A value that started at `start` ended at i (exclusive): hand its shape to its container. */
  const ended = (shape: Shape, kind: string, start: number) => {
    const parent = stack[stack.length - 1];
    if (!parent) {
      root = kind;
      state = END;
      return;
    }
    state = AFTER_VALUE;
    parent.count++;
    if (parent.array) {
      if (parent.bad) return;
      if ('bad' in shape) parent.bad = shape.bad;
      else if (parent.element === undefined) parent.element = shape.shape;
      else if (!sameShape(parent.element, shape.shape)) parent.bad = 'rows of different lengths';
    } else if (parent.key) {
      const k = parent.key;
      top.set(k.name, {
        keyOffset: k.offset,
        keyLength: k.length,
        offset: start,
        length: i - start,
        ...('bad' in shape ? { notTensor: shape.bad } : { shape: shape.shape }),
      });
      parent.key = undefined;
    }
  };

  /** The string starting at the quote at i; i moves past it. Returns its decoded text when `decode`. */
  const string = (decode: boolean): string => {
    const start = i;
    let escaped = false;
    for (i++; ; i++) {
      if (i >= n) fail(start, n - start, 'unterminated string');
      const c = text.charCodeAt(i);
      if (c === QUOTE) break;
      if (c < 0x20) fail(i, 1, 'invalid character (a control character in a string)');
      if (c === BACKSLASH) {
        escaped = true;
        const e = text.charCodeAt(++i);
        if (e === 0x75) {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 1, i + 5))) fail(i - 1, 2, 'invalid unicode escape');
          i += 4;
        } else if (!'"\\/bfnrt'.includes(text[i] ?? '')) fail(i - 1, 2, 'invalid escape character');
      }
    }
    i++;
    if (!decode) return '';
    return escaped ? (JSON.parse(text.slice(start, i)) as string) : text.slice(start + 1, i - 1);
  };

  const digits = (from: number): number => {
    let k = from;
    while (k < n) {
      const d = text.charCodeAt(k);
      if (d < 0x30 || d > 0x39) break;
      k++;
    }
    return k;
  };
  /** -?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?, and not followed by more of a number. */
  const number = () => {
    const start = i;
    let k = text.charCodeAt(i) === 0x2d ? i + 1 : i;
    const intStart = k;
    k = digits(k);
    if (k === intStart || (text.charCodeAt(intStart) === 0x30 && k - intStart > 1))
      fail(start, Math.max(1, k - start + 1), 'invalid number');
    let exponent = false;
    if (text.charCodeAt(k) === 0x2e) {
      const fraction = k + 1;
      k = digits(fraction);
      if (k === fraction) fail(start, Math.max(1, k - start + 1), 'invalid number');
    }
    const e = text.charCodeAt(k);
    if (e === 0x65 || e === 0x45) {
      exponent = true;
      let from = k + 1;
      const sign = text.charCodeAt(from);
      if (sign === 0x2b || sign === 0x2d) from++;
      k = digits(from);
      if (k === from) fail(start, Math.max(1, k - start + 1), 'invalid number');
    }
    const next = text.charCodeAt(k);
    if (next === 0x2e || next === 0x65 || next === 0x45 || (next >= 0x30 && next <= 0x39))
      fail(start, Math.max(1, k - start + 1), 'invalid number');
    if ((exponent || k - start > 300) && !Number.isFinite(Number(text.slice(start, k))))
      note(
        start,
        k - start,
        `number out of range: ${text.slice(start, Math.min(k, start + 40))} is beyond ±1.8e308 (64-bit floating point)`,
      );
    i = k;
  };

  /**
   * The hot path: a row of numbers, `1, 2, 3` up to its `]`, counted without a call per value.
   * Called after the row's first number of this stretch; leaves i at the `]` or at what is not a number.
   */
  const numberRun = (frame: Frame) => {
    frame.count++;
    frame.element = A_NUMBER_SHAPE;
    state = AFTER_VALUE;
    for (;;) {
      let k = i;
      while (k < n && isSpace(text.charCodeAt(k))) k++;
      if (text.charCodeAt(k) !== 0x2c) return;
      k++;
      while (k < n && isSpace(text.charCodeAt(k))) k++;
      const c = text.charCodeAt(k);
      if (c !== 0x2d && (c < 0x30 || c > 0x39)) return; // not a number: the main loop takes the comma
      i = k;
      number();
      frame.count++;
    }
  };

  try {
    for (;;) {
      while (i < n && isSpace(text.charCodeAt(i))) i++;
      if (i >= n) break;
      const c = text.charCodeAt(i);
      const ch = text[i];
      const frame = stack[stack.length - 1];
      switch (state) {
        case VALUE:
        case VALUE_OR_CLOSE: {
          const start = i;
          if (ch === '{' || ch === '[') {
            if (stack.length >= MAX_JSON_DEPTH) fail(i, 1, `nested deeper than ${MAX_JSON_DEPTH} levels`);
            stack.push(ch === '[' ? { array: true, count: 0 } : { array: false, keys: new Set(), count: 0 });
            (stack[stack.length - 1] as Frame & { start?: number }).start = start;
            state = ch === '[' ? VALUE_OR_CLOSE : KEY_OR_CLOSE;
            i++;
          } else if (ch === ']' && state === VALUE_OR_CLOSE) {
            close();
          } else if (c === QUOTE) {
            string(false);
            ended({ bad: 'holds a string' }, 'string', start);
          } else if (ch === '-' || (c >= 0x30 && c <= 0x39)) {
            number();
            if (frame?.array && !frame.bad && (frame.element === undefined || frame.element.length === 0)) {
              numberRun(frame);
            } else {
              ended(A_NUMBER, 'number', start);
            }
          } else {
            const word = /^(true|false|null)/.exec(text.slice(i, i + 5))?.[1];
            if (!word) fail(i, 1, 'value expected');
            i += word!.length;
            ended({ bad: `holds ${word}` }, word === 'null' ? 'null' : 'boolean', start);
          }
          break;
        }
        case KEY:
        case KEY_OR_CLOSE: {
          if (ch === '}' && state === KEY_OR_CLOSE) {
            close();
            break;
          }
          if (c !== QUOTE) fail(i, 1, 'property name expected (in double quotes)');
          const start = i;
          const name = string(true);
          if (frame.keys!.has(name))
            note(start, i - start, `duplicate key ${JSON.stringify(name).slice(0, 80)}: keep one`);
          frame.keys!.add(name);
          if (stack.length === 1) frame.key = { name, offset: start, length: i - start };
          state = COLON;
          break;
        }
        case COLON:
          if (ch !== ':') fail(i, 1, 'colon expected');
          i++;
          state = VALUE;
          break;
        case AFTER_VALUE:
          if (ch === ',') {
            i++;
            state = frame.array ? VALUE : KEY;
          } else if ((ch === ']' && frame.array) || (ch === '}' && !frame.array)) {
            close();
          } else {
            fail(i, 1, frame.array ? 'comma or closing bracket ] expected' : 'comma or closing brace } expected');
          }
          break;
        case END:
          fail(i, 1, 'end of file expected');
      }
    }
    if (state !== END) fail(Math.max(0, n - 1), 1, stack.length ? 'unexpected end of file' : 'value expected');
  } catch (err) {
    if (!(err instanceof Stop)) throw err;
  }
  return { problems, ...(root ? { root } : {}), top };

  function close(): void {
    const frame = stack.pop() as Frame & { start: number };
    i++;
    const shape: Shape = !frame.array
      ? { bad: 'holds an object' }
      : frame.bad
        ? { bad: frame.bad }
        : { shape: [frame.count, ...(frame.element ?? [])] };
    ended(shape, frame.array ? 'array' : 'object', frame.start);
  }
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let k = 0; k < a.length; k++) if (a[k] !== b[k]) return false;
  return true;
}

/** (2, 3) */
export function shapeText(shape: readonly number[]): string {
  return shape.length === 0 ? 'a number' : `(${shape.join(', ')})`;
}
