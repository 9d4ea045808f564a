// `rnn-lab import-weights`: a PyTorch state_dict of an exported project's Network, saved as
// JSON (every tensor as nested lists), turned into an rnn-lab/weights@1 document through
// the README's mapping — Wx = weight_ihᵀ, Wh = weight_hhᵀ, dense W = weightᵀ — checking
// every key and shape against the experiment's model.

import type { LayerSpec, ModelSpec } from '../core/model';
import { flatten, formatShape, nest } from '../core/tensor';
import { WEIGHTS_FORMAT } from '../core/weights';

export interface StateDictProblem {
  /** The state_dict key the problem is about; undefined for the document as a whole. */
  readonly key?: string;
  readonly message: string;
}

/** Prefixes torch adds around a module: DistributedDataParallel's and torch.compile's. */
const WRAPPER_PREFIXES = ['module.', '_orig_mod.'];
const GATES: Record<string, number> = { rnn: 1, lstm: 4, gru: 3 };

/** The parameter a key names: `module.layers.0.bias` and `layers.0.bias` are the same one. */
export function unwrap(key: string): string {
  for (let changed = true; changed;) {
    changed = false;
    for (const prefix of WRAPPER_PREFIXES) {
      if (key.startsWith(prefix)) {
        key = key.slice(prefix.length);
        changed = true;
      }
    }
  }
  return key;
}

/**
 * How a state_dict's value becomes a flat tensor of `shape`, or why it cannot: by default the
 * parsed nested lists (flatten); importWeights.ts first passes the shapes a scan of the file
 * found, so that a file that does not fit is refused before it is parsed.
 */
export type TensorReader = (value: unknown, shape: number[]) => number[] | string;

export function stateDictToWeights(
  value: unknown,
  model: ModelSpec,
  metadata: Record<string, unknown> = {},
  read: TensorReader = flatten,
): { weights?: Record<string, unknown>; problems: StateDictProblem[] } {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { problems: [{ message: 'a state_dict file is a JSON object: {"layers.0.weight_ih_l0": [[…]], …}' }] };
  }
  const byKey = new Map<string, { original: string; value: unknown }>();
  const problems: StateDictProblem[] = [];
  for (const [original, v] of Object.entries(value)) {
    const key = unwrap(original);
    const earlier = byKey.get(key);
    if (earlier) {
      problems.push({
        key: original,
        message: `"${original}" names the same parameter as "${earlier.original}" (${key}): keep one`,
      });
      continue;
    }
    byKey.set(key, { original, value: v });
  }
  const used = new Set<string>();

  /** The tensor at `key` with its torch shape, flattened; optional tensors give undefined when absent. */
  const tensor = (key: string, shape: number[], what: string, optional = false): number[] | undefined => {
    const entry = byKey.get(key);
    if (!entry) {
      if (!optional) problems.push({ message: `missing "${key}": ${what}, ${formatShape(shape)}` });
      return undefined;
    }
    used.add(key);
    const flat = read(entry.value, shape);
    if (typeof flat === 'string') {
      problems.push({ key: entry.original, message: `"${entry.original}" (${what}): ${flat}` });
      return undefined;
    }
    return flat;
  };
  /** A (rows, cols) torch weight as our (cols, rows) matrix. */
  const transposed = (flat: number[] | undefined, rows: number, cols: number): unknown => {
    if (!flat || flat.length === 0) return undefined; // no values: only shapes were checked
    const out = new Array<number>(rows * cols);
    for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) out[c * rows + r] = flat[r * cols + c];
    return nest(out, [cols, rows]);
  };

  let width = model.inputSize;
  const layers = model.layers.map((spec, i) => {
    const entry = layerEntry(spec, i, width, model.steps, tensor, transposed);
    width = spec.units;
    return entry;
  });
  for (const [key, { original }] of byKey) {
    if (!used.has(key))
      problems.push({
        key: original,
        message: `"${original}" is not a parameter of this experiment's model (${describeLayout(model)})`,
      });
  }
  if (problems.length) return { problems };
  return { weights: { format: WEIGHTS_FORMAT, ...metadata, layers }, problems };
}

type Tensor = (key: string, shape: number[], what: string, optional?: boolean) => number[] | undefined;
type Transposed = (flat: number[] | undefined, rows: number, cols: number) => unknown;

function layerEntry(
  spec: LayerSpec,
  i: number,
  width: number,
  steps: number,
  tensor: Tensor,
  transposed: Transposed,
): Record<string, unknown> {
  const at = `layers.${i}.`;
  if (spec.type === 'dense') {
    const O = spec.units;
    return {
      type: 'dense',
      units: O,
      activation: spec.activation,
      W: transposed(tensor(`${at}weight`, [O, width], `layer ${i} (dense) weight = Wᵀ`), O, width),
      b: tensor(`${at}bias`, [O], `layer ${i} (dense) bias = b`),
    };
  }
  const H = spec.units;
  const GH = GATES[spec.type] * H;
  const step = (prefix: string, suffix: string): Record<string, unknown> => {
    const name = (n: string) => `${prefix}${n}${suffix}`;
    const what = (n: string, ours: string) => `layer ${i} (${spec.type}) ${n}${suffix} = ${ours}`;
    const Wx = transposed(tensor(name('weight_ih'), [GH, width], what('weight_ih', 'Wxᵀ')), GH, width);
    const Wh = transposed(tensor(name('weight_hh'), [GH, H], what('weight_hh', 'Whᵀ')), GH, H);
    const bih = tensor(name('bias_ih'), [GH], what('bias_ih', spec.type === 'rnn' ? 'b' : 'bx'));
    if (spec.type === 'rnn') {
      // torch's RNN adds two biases; RNN Lab's rnn has one, their sum (0 in an exported model)
      const bhh = tensor(name('bias_hh'), [H], what('bias_hh', 'added to b'), true);
      return { Wx, Wh, b: bih && bhh ? bih.map((v, k) => v + bhh[k]) : bih };
    }
    return { Wx, Wh, bx: bih, bh: tensor(name('bias_hh'), [GH], what('bias_hh', 'bh')) };
  };
  const entry: Record<string, unknown> = { type: spec.type, units: H };
  if (spec.type === 'rnn') entry.activation = spec.activation;
  if (spec.shareWeights) Object.assign(entry, step(at, '_l0'));
  else entry.steps = Array.from({ length: steps }, (_, t) => step(`${at}cells.${t}.`, ''));
  if (spec.type === 'rnn' && spec.activation === 'prelu') {
    const alpha = tensor(`${at}activation.weight`, [1], `layer ${i} (rnn) PReLU slope alpha`, true);
    if (alpha) entry.alpha = alpha[0];
  }
  return entry;
}

function describeLayout(model: ModelSpec): string {
  return model.layers
    .map((l, i) => `layers.${i}: ${l.type}${l.type !== 'dense' && !l.shareWeights ? ' per step' : ''}`)
    .join(', ');
}
