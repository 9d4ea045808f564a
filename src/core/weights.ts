// The weights file format `rnn-lab/weights@1` (docs/reference/weights.md): one entry per layer
// in order, nested arrays row-major in the math's shapes. A contract: extend compatibly.

import { gateBlocks } from './footprint';
import type { StepWeights } from './layers/cell';
import { ElmanCell } from './layers/elman';
import type { RecurrentLayerSpec } from './layers/index';
import type { Model, ModelSpec } from './model';
import type { Param } from './param';
import { flatten, nest } from './tensor';

export const WEIGHTS_FORMAT = 'rnn-lab/weights@1';

export interface WeightsProblem {
  /** JSON path inside the weights file, e.g. ["layers", 1, "Wh"]. */
  readonly path: (string | number)[];
  readonly message: string;
}

export function exportWeights(model: Model, metadata: Record<string, unknown> = {}): Record<string, unknown> {
  const layers = model.layers.map((layer) => {
    if (layer.kind === 'dense') {
      return {
        type: 'dense',
        units: layer.units,
        activation: layer.spec.activation,
        W: nest(layer.W.value, layer.W.shape),
        b: Array.from(layer.b.value),
      };
    }
    const steps = layer.weights.map((w) =>
      Object.fromEntries(stepParams(w).map((p) => [localName(p, w), nest(p.value, p.shape)])),
    );
    const entry: Record<string, unknown> = { type: layer.kind, units: layer.units };
    if (layer.spec.type === 'rnn') entry.activation = layer.spec.activation;
    if (layer.spec.shareWeights) Object.assign(entry, steps[0]);
    else entry.steps = steps;
    if (layer.cell instanceof ElmanCell && layer.cell.alpha) entry.alpha = layer.cell.alpha.value[0];
    return entry;
  });
  return { format: WEIGHTS_FORMAT, ...metadata, layers };
}

/** A step's parameters in file order: Wx, Wh, then b (rnn) or bx, bh (lstm, gru). */
function stepParams(w: StepWeights): Param[] {
  return [w.Wx, w.Wh, w.bx, ...(w.bh ? [w.bh] : [])];
}

/** "Wx", "b", "bh": the key of a parameter in its layer's (or step's) entry. */
function localName(p: Param, w: StepWeights): string {
  return p.name.slice(w.Wx.name.length - 'Wx'.length);
}

/** A parameter a weights file holds: the trainer's name for it, its key in the entry, its shape. */
interface ExpectedParam {
  readonly name: string;
  readonly key: string;
  readonly shape: readonly number[];
}

/**
 * A step's parameters in file order, from the layer's spec alone (recurrent.ts allocates the
 * same): Wx (I, G·H), Wh (H, G·H), then b (rnn) or bx, bh (lstm, gru), each (G·H).
 */
function expectedStep(prefix: string, spec: RecurrentLayerSpec, inputSize: number): ExpectedParam[] {
  const H = spec.units;
  const GH = gateBlocks(spec.type) * H;
  const biases = spec.type === 'rnn' ? ['b'] : ['bx', 'bh'];
  return [
    { name: `${prefix}.Wx`, key: 'Wx', shape: [inputSize, GH] },
    { name: `${prefix}.Wh`, key: 'Wh', shape: [H, GH] },
    ...biases.map((key) => ({ name: `${prefix}.${key}`, key, shape: [GH] })),
  ];
}

/** What a document's shapes are checked against; null when they fit. */
function shapeProblem(p: ExpectedParam, value: unknown): string | null {
  const flat = flatten(value, p.shape);
  return typeof flat === 'string' ? `${p.name}: ${flat}` : null;
}

/**
 * Whether a parsed weights file fits the model a spec describes, from the shapes alone: no model
 * is built (the loader checks an init file before training builds the one model that imports it).
 * Every problem is at its JSON path inside the file.
 */
export function weightsProblems(spec: ModelSpec, file: unknown): WeightsProblem[] {
  const problems: WeightsProblem[] = [];
  const doc = file as Record<string, unknown>;
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc))
    return [{ path: [], message: 'a weights file is a JSON object' }];
  if (doc.format !== WEIGHTS_FORMAT) {
    problems.push({ path: ['format'], message: `expected "format": "${WEIGHTS_FORMAT}"` });
  }
  const layers = doc.layers;
  if (!Array.isArray(layers))
    return [...problems, { path: ['layers'], message: 'expected an array "layers" with one entry per layer' }];
  if (layers.length !== spec.layers.length) {
    problems.push({
      path: ['layers'],
      message: `the model has ${spec.layers.length} layers, the weights file ${layers.length}`,
    });
    return problems;
  }
  const check = (p: ExpectedParam, value: unknown, path: (string | number)[]) => {
    const problem = shapeProblem(p, value);
    if (problem) problems.push({ path, message: problem });
  };
  let width = spec.inputSize;
  spec.layers.forEach((layer, i) => {
    const inputSize = width;
    width = layer.units;
    const entry = layers[i] as Record<string, unknown>;
    const at = (...rest: (string | number)[]) => ['layers', i, ...rest];
    if (typeof entry !== 'object' || entry === null || entry.type !== layer.type) {
      problems.push({
        path: at(),
        message: `layer ${i} is ${layer.type} in the model, expected {"type": "${layer.type}", …}`,
      });
      return;
    }
    if (layer.type === 'dense') {
      check({ name: `layer${i}.W`, key: 'W', shape: [inputSize, layer.units] }, entry.W, at('W'));
      check({ name: `layer${i}.b`, key: 'b', shape: [layer.units] }, entry.b, at('b'));
      return;
    }
    const fields = expectedStep(`layer${i}`, layer, inputSize)
      .map((p) => `"${p.key}"`)
      .join(', ');
    if (layer.shareWeights) {
      if (entry.steps !== undefined) {
        problems.push({
          path: at('steps'),
          message: `layer ${i} shares its weights across steps: expected ${fields}, not "steps"`,
        });
        return;
      }
      for (const p of expectedStep(`layer${i}`, layer, inputSize)) check(p, entry[p.key], at(p.key));
    } else {
      const steps = entry.steps;
      if (!Array.isArray(steps) || steps.length !== spec.steps) {
        problems.push({
          path: at('steps'),
          message: `layer ${i} has weights per step: expected "steps" with ${spec.steps} entries`,
        });
        return;
      }
      steps.forEach((step: unknown, s) => {
        const values = step as Record<string, unknown> | undefined;
        for (const p of expectedStep(`layer${i}.step${s}`, layer, inputSize))
          check(p, values?.[p.key], at('steps', s, p.key));
      });
    }
    if (layer.type === 'rnn' && layer.activation === 'prelu' && entry.alpha !== undefined) {
      if (typeof entry.alpha !== 'number') problems.push({ path: at('alpha'), message: 'alpha is a number' });
    }
  });
  return problems;
}

/**
 * Copies a parsed weights file into the model; returns what did not fit (weightsProblems), in
 * which case the model is left as it was.
 */
export function importWeights(model: Model, file: unknown): WeightsProblem[] {
  const problems = weightsProblems(model.spec, file);
  if (problems.length) return problems;
  const layers = (file as { layers: Record<string, unknown>[] }).layers;
  const copy = (param: Param, value: unknown) => {
    const flat = flatten(value, param.shape);
    if (typeof flat === 'string') throw new Error(`weightsProblems passed ${param.name}, which does not fit: ${flat}`);
    param.value.set(flat);
  };
  model.layers.forEach((layer, i) => {
    const entry = layers[i];
    if (layer.kind === 'dense') {
      copy(layer.W, entry.W);
      copy(layer.b, entry.b);
      return;
    }
    const steps = layer.spec.shareWeights ? [entry] : (entry.steps as Record<string, unknown>[]);
    layer.weights.forEach((w, s) => {
      for (const p of stepParams(w)) copy(p, steps[s][localName(p, w)]);
    });
    const alpha = layer.cell instanceof ElmanCell ? layer.cell.alpha : undefined;
    if (alpha && typeof entry.alpha === 'number') alpha.value[0] = entry.alpha;
  });
  return [];
}
