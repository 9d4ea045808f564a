// The weights file format `rnn-lab/weights@1` (README "Weights file"): one entry per layer
// in order, nested arrays row-major in the math's shapes. A contract: extend compatibly.

import type { StepWeights } from './layers/cell';
import { ElmanCell } from './layers/elman';
import type { Model } from './model';
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

/** Copies a parsed weights file into the model, checking every shape; returns what did not fit. */
export function importWeights(model: Model, file: unknown): WeightsProblem[] {
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
  if (layers.length !== model.layers.length) {
    problems.push({
      path: ['layers'],
      message: `the model has ${model.layers.length} layers, the weights file ${layers.length}`,
    });
    return problems;
  }
  const copy = (param: Param, value: unknown, path: (string | number)[]) => {
    const flat = flatten(value, param.shape);
    if (typeof flat === 'string') problems.push({ path, message: `${param.name}: ${flat}` });
    else param.value.set(flat);
  };
  model.layers.forEach((layer, i) => {
    const entry = layers[i] as Record<string, unknown>;
    const at = (...rest: (string | number)[]) => ['layers', i, ...rest];
    if (typeof entry !== 'object' || entry === null || entry.type !== layer.kind) {
      problems.push({
        path: at(),
        message: `layer ${i} is ${layer.kind} in the model, expected {"type": "${layer.kind}", …}`,
      });
      return;
    }
    if (layer.kind === 'dense') {
      copy(layer.W, entry.W, at('W'));
      copy(layer.b, entry.b, at('b'));
      return;
    }
    const fields = stepParams(layer.weights[0])
      .map((p) => `"${localName(p, layer.weights[0])}"`)
      .join(', ');
    if (layer.spec.shareWeights) {
      if (entry.steps !== undefined) {
        problems.push({
          path: at('steps'),
          message: `layer ${i} shares its weights across steps: expected ${fields}, not "steps"`,
        });
        return;
      }
      const w = layer.weights[0];
      for (const p of stepParams(w)) copy(p, entry[localName(p, w)], at(localName(p, w)));
    } else {
      const steps = entry.steps;
      if (!Array.isArray(steps) || steps.length !== layer.weights.length) {
        problems.push({
          path: at('steps'),
          message: `layer ${i} has weights per step: expected "steps" with ${layer.weights.length} entries`,
        });
        return;
      }
      layer.weights.forEach((w, s) => {
        const step = steps[s] as Record<string, unknown> | undefined;
        for (const p of stepParams(w)) copy(p, step?.[localName(p, w)], at('steps', s, localName(p, w)));
      });
    }
    const alpha = layer.cell instanceof ElmanCell ? layer.cell.alpha : undefined;
    if (alpha && entry.alpha !== undefined) {
      if (typeof entry.alpha !== 'number') problems.push({ path: at('alpha'), message: 'alpha is a number' });
      else alpha.value[0] = entry.alpha;
    }
  });
  return problems;
}
