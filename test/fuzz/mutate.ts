// Mutations of a fuzz case (an experiment file and the files it names), each drawn from a
// seeded stream so that a case is reproduced by its seed and index: byte flips, truncation,
// syntax damage, key deletion and duplication, type changes, extreme numbers, sizes, hostile
// paths, CSV damage, weights-file damage.

import type { Rng } from '../../src/core/rng';

/** What is placed on disk besides plain files: a FIFO, a directory, a symbolic link. */
export type Special =
  | { readonly path: string; readonly kind: 'fifo' | 'dir' }
  | { readonly path: string; readonly kind: 'symlink'; readonly target: string };

export interface FuzzCase {
  /** The seed corpus entry it came from, and the mutations applied, in order. */
  readonly origin: string;
  readonly mutations: string[];
  /** Path (relative to the case's folder) → contents (bytes after a bit flip: not always UTF-8). */
  readonly files: Map<string, string | Buffer>;
  readonly specials: Special[];
  /** The experiment file's relative path. */
  readonly experiment: string;
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const pick = <T>(rng: Rng, items: readonly T[]): T => items[rng.int(items.length)];

/** Numbers that have broken loaders: zero, negatives, fractions, huge, beyond float64, unsafe integers. */
const EXTREME_NUMBERS = [
  '0',
  '-1',
  '1.5',
  '-0',
  '2',
  '1e3',
  '1e6',
  '1e9',
  '1e12',
  '1e300',
  '1e999',
  '-1e999',
  '9007199254740993',
  '5e-324',
  '1e-400',
  '0.9999999999',
];

/** Where a data or weights path may point. */
const HOSTILE_PATHS = [
  '/dev/zero',
  '/dev/null',
  '/dev/urandom',
  '/proc/self/status',
  '/proc/self/mem',
  '',
  '\u0000',
  'a\nb.csv',
  'x'.repeat(5000),
  '../../../../../../../../etc/passwd',
  '.',
  'missing.csv',
  'fifo',
  'folder',
  'loop',
  'zero-link',
  'exp.rnn.json',
];

// ── text-level damage, any file ─────────────────────────────────────────────

function flipBits(rng: Rng, text: string): Buffer {
  const bytes = Buffer.from(text, 'utf8');
  for (let k = 1 + rng.int(8); k > 0 && bytes.length > 0; k--) bytes[rng.int(bytes.length)] ^= 1 << rng.int(8);
  return bytes;
}

function truncate(rng: Rng, text: string): string {
  return text.slice(0, rng.int(text.length + 1));
}

function insertSyntax(rng: Rng, text: string): string {
  const at = rng.int(text.length + 1);
  const token = pick(rng, [
    '{',
    '}',
    '[',
    ']',
    ',',
    ':',
    '"',
    '/*',
    '//',
    '\u0000',
    '\n',
    '1e999',
    '\uFEFF',
    '\\',
    'null',
    ',,',
  ]);
  return text.slice(0, at) + token + text.slice(at);
}

function deleteRange(rng: Rng, text: string): string {
  const at = rng.int(text.length + 1);
  return text.slice(0, at) + text.slice(at + 1 + rng.int(16));
}

function duplicateRange(rng: Rng, text: string): string {
  const at = rng.int(text.length + 1);
  const slice = text.slice(at, at + 1 + rng.int(64));
  return text.slice(0, at) + slice + text.slice(at);
}

const TEXT_DAMAGE = { flipBits, truncate, insertSyntax, deleteRange, duplicateRange };

// ── JSON-level damage (experiment and weights files) ────────────────────────

/** Raw text spliced in after JSON.stringify: numbers JSON.stringify cannot write (1e999). */
class Raw {
  constructor(readonly text: string) {}
}

function stringify(rng: Rng, value: unknown): string {
  const raws: string[] = [];
  const json = JSON.stringify(
    value,
    (_key, v: unknown) => {
      if (v instanceof Raw) {
        raws.push(v.text);
        return `__raw_${raws.length - 1}__`;
      }
      return v;
    },
    rng.int(2) === 0 ? undefined : 2,
  );
  return json.replace(/"__raw_(\d+)__"/g, (_, i: string) => raws[Number(i)]);
}

/** Every [parent, key] of objects and arrays in a value, the root's parent being a wrapper. */
function slots(root: { v: Json }): [Record<string, Json> | Json[], string | number][] {
  const out: [Record<string, Json> | Json[], string | number][] = [[root, 'v']];
  const walk = (node: Json) => {
    if (Array.isArray(node)) {
      // long arrays (inline data, weights): a few samples, not every element
      const step = Math.max(1, Math.floor(node.length / 8));
      for (let i = 0; i < node.length; i += step) {
        out.push([node, i]);
        walk(node[i]);
      }
    } else if (node && typeof node === 'object') {
      for (const key of Object.keys(node)) {
        out.push([node, key]);
        walk(node[key]);
      }
    }
  };
  walk(root.v);
  return out;
}

function randomValue(rng: Rng): Json | Raw {
  switch (rng.int(9)) {
    case 0:
      return null;
    case 1:
      return rng.int(2) === 0;
    case 2:
      return new Raw(pick(rng, EXTREME_NUMBERS));
    case 3:
      return pick(rng, ['', 'rnn', 'lstm', 'dense', 'softmax', 'full', 'sequence', 'x'.repeat(1 + rng.int(100_000))]);
    case 4:
      return [];
    case 5:
      return {};
    case 6:
      return [[[1]]];
    case 7:
      return { type: pick(rng, ['rnn', 'lstm', 'gru', 'dense', 'conv']), units: rng.int(40) };
    default:
      return rng.int(1000);
  }
}

type JsonMutation = (rng: Rng, value: { v: Json }) => void;

/** The root as an object to change (an earlier mutation may have made it a number or null). */
function objectAt(root: { v: Json }): Record<string, any> {
  if (!root.v || typeof root.v !== 'object' || Array.isArray(root.v)) root.v = {};
  return root.v;
}

const deleteKey: JsonMutation = (rng, root) => {
  const inside = slots(root).slice(1); // not the root itself
  if (inside.length === 0) return;
  const [parent, key] = pick(rng, inside);
  if (Array.isArray(parent)) parent.splice(key as number, 1);
  else delete parent[key as string];
};

const changeType: JsonMutation = (rng, root) => {
  const [parent, key] = pick(rng, slots(root));
  (parent as Record<string | number, unknown>)[key] = randomValue(rng);
};

const extremeNumber: JsonMutation = (rng, root) => {
  const numbers = slots(root).filter(([p, k]) => typeof (p as Record<string | number, unknown>)[k] === 'number');
  if (numbers.length === 0) return;
  const [parent, key] = pick(rng, numbers);
  (parent as Record<string | number, unknown>)[key] = new Raw(pick(rng, EXTREME_NUMBERS));
};

const deepNest: JsonMutation = (rng, root) => {
  const [parent, key] = pick(rng, slots(root));
  const depth = pick(rng, [10, 63, 64, 65, 200, 5000]);
  (parent as Record<string | number, unknown>)[key] = new Raw(`${'['.repeat(depth)}1${']'.repeat(depth)}`);
};

/** A "__proto__" key inside some object (JSON.stringify writes an own property of that name). */
const protoKey: JsonMutation = (rng, root) => {
  const objects = slots(root)
    .map(([p, k]) => (p as Record<string | number, unknown>)[k])
    .filter((v) => v && typeof v === 'object' && !Array.isArray(v));
  const target = objects.length ? (pick(rng, objects) as Record<string, Json>) : undefined;
  if (target)
    Object.defineProperty(target, '__proto__', {
      value: { units: 3, epochs: 1 },
      enumerable: true,
      writable: true,
      configurable: true,
    });
};

const EXPERIMENT_MUTATIONS: Record<string, JsonMutation> = { deleteKey, changeType, extremeNumber, deepNest, protoKey };

/** Sizes that decide how much memory and time a run takes. */
const sizes: JsonMutation = (rng, root) => {
  const e = objectAt(root);
  const value = new Raw(pick(rng, ['0', '1', '2', '7', '64', '1000', '20000', '1e6', '1e9', '1e12', '1e999', '2.5']));
  const field = pick(rng, [
    'samples',
    'steps',
    'window',
    'seqLength',
    'stride',
    'horizon',
    'length',
    'symbols',
    'units',
    'batchSize',
    'epochs',
    'features',
  ]);
  if (field === 'units' && Array.isArray(e.model?.layers) && e.model.layers.length)
    pick(rng, e.model.layers as Record<string, unknown>[]).units = value;
  else if (field === 'batchSize' || field === 'epochs') e.training = { ...(e.training ?? {}), [field]: value };
  else if (field === 'features')
    e.data = { ...(e.data ?? {}), features: Array.from({ length: pick(rng, [0, 1, 50, 10000]) }, () => 1) };
  else e.data = { ...(e.data ?? {}), [field]: value };
};

const swapSource: JsonMutation = (rng, root) => {
  const e = objectAt(root);
  const split = e.data?.validationSplit;
  e.data = pick(rng, [
    { generator: pick(rng, ['sine', 'addition', 'parity', 'copy']), samples: 1 + rng.int(64), steps: 1 + rng.int(30) },
    {
      x: [
        [
          [1, 2],
          [3, 4],
        ],
        [
          [5, 6],
          [7, 8],
        ],
      ],
      y: [[0], [1]],
    },
    { x: [[[1]]], y: [[[1], [2]]] },
    {
      csv: 'data/temperature.csv',
      features: ['temperature', 1],
      targets: [pick(rng, ['temperature', 'nope', 99])],
      window: 1 + rng.int(20),
    },
    { text: 'data/alice.txt', seqLength: 1 + rng.int(40), stride: 1 + rng.int(8) },
  ]);
  if (split !== undefined && rng.int(2) === 0) e.data.validationSplit = split;
};

const hostilePath: JsonMutation = (rng, root) => {
  const e = objectAt(root);
  const target = pick(rng, HOSTILE_PATHS);
  switch (rng.int(3)) {
    case 0:
      e.data = { csv: target, features: [0], targets: [0], window: 2 };
      break;
    case 1:
      e.data = { text: target, seqLength: 4 };
      break;
    default:
      e.model = { ...(e.model ?? {}), init: { weights: target } };
  }
};

const layerChaos: JsonMutation = (rng, root) => {
  const e = objectAt(root);
  const layers: unknown[] = Array.isArray(e.model?.layers) ? e.model.layers : [];
  switch (rng.int(4)) {
    case 0:
      rng.shuffle(layers as never[]);
      break;
    case 1:
      for (let k = pick(rng, [1, 5, 50, 2000]); k > 0; k--)
        layers.push({
          type: pick(rng, ['rnn', 'lstm', 'gru', 'dense']),
          units: 1 + rng.int(9),
          ...(rng.int(3) === 0 ? { activation: pick(rng, ['tanh', 'softmax', 'prelu', 'relu']) } : {}),
        });
      break;
    case 2:
      layers.length = 0;
      break;
    default:
      for (const l of layers)
        if (l && typeof l === 'object') (l as Record<string, unknown>).shareWeights = rng.int(2) === 0;
  }
  e.model = { ...(e.model ?? {}), layers };
  if (rng.int(2) === 0) e.model.dropout = new Raw(pick(rng, ['0', '0.5', '1', '-1', '0.9999']));
};

const bigString: JsonMutation = (rng, root) => {
  const e = objectAt(root);
  const long = 'n'.repeat(pick(rng, [201, 300, 5000, 200_000]));
  if (rng.int(2) === 0) e.name = long;
  else e[long] = 1;
};

const SEMANTIC_MUTATIONS: Record<string, JsonMutation> = { sizes, swapSource, hostilePath, layerChaos, bigString };

// ── CSV damage ──────────────────────────────────────────────────────────────

function csvDamage(rng: Rng, text: string): [string, string] {
  const lines = text.split('\n');
  const row = 1 + rng.int(Math.max(1, lines.length - 1));
  const kinds = [
    'dropCell',
    'textCell',
    'emptyCell',
    'extraColumn',
    'removeHeader',
    'quote',
    'infinity',
    'bom',
    'crlf',
    'blankLines',
    'longLine',
    'manyColumns',
    'empty',
    'nul',
    'duplicateHeader',
  ];
  const kind = pick(rng, kinds);
  const cells = (lines[row] ?? '').split(',');
  switch (kind) {
    case 'dropCell':
      cells.pop();
      lines[row] = cells.join(',');
      break;
    case 'textCell':
      cells[rng.int(cells.length)] = 'abc';
      lines[row] = cells.join(',');
      break;
    case 'emptyCell':
      cells[rng.int(cells.length)] = '';
      lines[row] = cells.join(',');
      break;
    case 'extraColumn':
      lines[row] = `${lines[row]},1`;
      break;
    case 'removeHeader':
      lines.shift();
      break;
    case 'quote':
      lines[row] = `"${lines[row]}`;
      break;
    case 'infinity':
      cells[rng.int(cells.length)] = pick(rng, ['1e999', 'Infinity', 'NaN', '0x10', ' 1 ']);
      lines[row] = cells.join(',');
      break;
    case 'bom':
      return ['bom', `\uFEFF${text}`];
    case 'crlf':
      return ['crlf', lines.join('\r\n')];
    case 'blankLines':
      lines.splice(row, 0, '', '', '');
      break;
    case 'longLine':
      lines[row] = `${'9'.repeat(pick(rng, [1000, 100_000, 1_100_000]))},1,1`;
      break;
    case 'manyColumns':
      return ['manyColumns', lines.map((l) => `${l}${',1'.repeat(500)}`).join('\n')];
    case 'empty':
      return ['empty', ''];
    case 'nul':
      lines[row] = `${lines[row]}\u0000`;
      break;
    default:
      lines[0] = `${lines[0]},${lines[0]}`;
  }
  return [kind, lines.join('\n')];
}

// ── weights damage ──────────────────────────────────────────────────────────

const weightsDamage: JsonMutation = (rng, root) => {
  const w = objectAt(root);
  const layers: Record<string, any>[] = Array.isArray(w.layers) ? w.layers : [];
  const layer = layers.length ? pick(rng, layers) : undefined;
  switch (rng.int(7)) {
    case 0:
      if (layer) for (const k of Object.keys(layer)) if (Array.isArray(layer[k]) && layer[k].length) layer[k].pop();
      break;
    case 1:
      if (layer) layer.type = pick(rng, ['lstm', 'gru', 'dense', 'rnn', 'nope']);
      break;
    case 2:
      layers.splice(rng.int(layers.length + 1), 0, layer ?? {});
      break;
    case 3:
      if (layers.length) layers.splice(rng.int(layers.length), 1);
      break;
    case 4:
      w.format = pick(rng, ['rnn-lab/weights@2', '', 7]);
      break;
    case 5:
      if (layer) layer.Wh = new Raw('[[1e999]]');
      break;
    default:
      if (layer) layer.b = pick(rng, ['1', [[1]], null, [true]]);
  }
};

// ── one mutation of a case ──────────────────────────────────────────────────

function mutateJson(rng: Rng, text: string, mutation: JsonMutation): string | undefined {
  let value: Json;
  try {
    value = JSON.parse(text) as Json;
  } catch {
    return undefined;
  }
  const root = { v: value };
  mutation(rng, root);
  try {
    return stringify(rng, root.v);
  } catch {
    return undefined; // nested too deep for JSON.stringify's replacer (an earlier deepNest)
  }
}

function duplicateKeyText(rng: Rng, text: string): string {
  const matches = [...text.matchAll(/"[A-Za-z]+":\s*("[^"]*"|-?[\d.e+]+|true|false|null)/g)];
  if (matches.length === 0) return text;
  const m = pick(rng, matches);
  const at = m.index + m[0].length;
  return `${text.slice(0, at)}, ${m[0]}${text.slice(at)}`;
}

/**
 * Applies one mutation to `c`, in place. A gentle one changes the experiment's meaning (sizes,
 * data source, layers) and leaves it well-formed more often, so training paths get reached.
 */
export function mutate(rng: Rng, c: FuzzCase, gentle = false): void {
  const dataFiles = [...c.files.keys()].filter((f) => f !== c.experiment);
  const target = !gentle && dataFiles.length && rng.int(4) === 0 ? pick(rng, dataFiles) : c.experiment;
  const content = c.files.get(target)!;
  const text = typeof content === 'string' ? content : content.toString('utf8');
  const note = (name: string, out: string | Buffer | undefined) => {
    if (out === undefined) return;
    c.files.set(target, out);
    c.mutations.push(`${name}(${target})`);
  };
  if (target.endsWith('.csv') && rng.int(3) > 0) {
    const [kind, out] = csvDamage(rng, text);
    return note(`csv.${kind}`, out);
  }
  if (target.endsWith('.weights.json') && rng.int(3) > 0) return note('weights', mutateJson(rng, text, weightsDamage));
  if (target === c.experiment) {
    const r = gentle ? 0 : rng.int(10);
    if (r < 4) {
      const [name, m] = pick(rng, Object.entries(SEMANTIC_MUTATIONS));
      const out = mutateJson(rng, text, m);
      if (name === 'hostilePath') addHostileFiles(c);
      return note(name, out);
    }
    if (r < 7) {
      const [name, m] = pick(rng, Object.entries(EXPERIMENT_MUTATIONS));
      return note(name, mutateJson(rng, text, m));
    }
    if (r === 7) return note('duplicateKey', duplicateKeyText(rng, text));
    if (r === 8 && rng.int(2) === 0) return note('protoWrap', `{"__proto__": ${text}}`);
  }
  const [name, damage] = pick(rng, Object.entries(TEXT_DAMAGE));
  note(name, damage(rng, text));
}

/** The things hostile paths name: a FIFO, a folder, a symlink loop, a link to /dev/zero. */
function addHostileFiles(c: FuzzCase): void {
  if (c.specials.length) return;
  c.specials.push(
    { path: 'fifo', kind: 'fifo' },
    { path: 'folder', kind: 'dir' },
    { path: 'loop', kind: 'symlink', target: 'loop2' },
    { path: 'loop2', kind: 'symlink', target: 'loop' },
    { path: 'zero-link', kind: 'symlink', target: '/dev/zero' },
  );
}

// ── any JSON file of the newer surface (run.json, weights, state_dicts, --input, sweeps) ──

/** One damage to a JSON text: text-level, JSON-level or a key written twice; its name and the result. */
export function damageJson(rng: Rng, text: string): { name: string; out: string | Buffer } {
  const r = rng.int(10);
  if (r < 4) {
    const [name, m] = pick(rng, Object.entries(EXPERIMENT_MUTATIONS));
    const out = mutateJson(rng, text, m);
    if (out !== undefined) return { name, out };
  }
  if (r < 6) return { name: 'duplicateKey', out: duplicateKeyText(rng, text) };
  const [name, damage] = pick(rng, Object.entries(TEXT_DAMAGE));
  return { name, out: damage(rng, text) };
}

export { EXTREME_NUMBERS, HOSTILE_PATHS };
