// The layer registry: every layer type the trainer knows, and the one place that turns a
// layer spec into a layer. A new recurrent cell is one file (like lstm.ts) plus one case here;
// the switch is exhaustive, so a type added to LayerSpec but not handled does not compile.

import type { TensorMemory } from '../memory';
import type { RecurrentKind } from './cell';
import { DenseLayer, type DenseLayerSpec } from './dense';
import { ElmanCell } from './elman';
import { GruCell } from './gru';
import { LstmCell } from './lstm';
import { RecurrentLayer, type RecurrentLayerSpec } from './recurrent';

export type { GatedLayerSpec, RecurrentLayerSpec, RnnLayerSpec } from './recurrent';
export type LayerSpec = RecurrentLayerSpec | DenseLayerSpec;
export type LayerType = LayerSpec['type'];
export type Layer = RecurrentLayer | DenseLayer;

/** Every recurrent type, in the order the README and the schema list them. */
export const RECURRENT_KINDS: readonly RecurrentKind[] = ['rnn', 'lstm', 'gru'];

export function isRecurrentSpec(spec: LayerSpec): spec is RecurrentLayerSpec {
  return spec.type !== 'dense';
}

/** Layer i of a model, reading `inputSize` features per step over `steps` steps. */
export function createLayer(i: number, spec: LayerSpec, inputSize: number, steps: number, mem: TensorMemory): Layer {
  switch (spec.type) {
    case 'rnn':
      return new RecurrentLayer(i, spec, new ElmanCell(spec.activation, spec.units, i, mem), inputSize, steps, mem);
    case 'lstm':
      return new RecurrentLayer(i, spec, new LstmCell(spec.units), inputSize, steps, mem);
    case 'gru':
      return new RecurrentLayer(i, spec, new GruCell(spec.units), inputSize, steps, mem);
    case 'dense':
      return new DenseLayer(i, spec, inputSize, mem);
    default:
      return unhandled(spec);
  }
}

/** A description of the layer's nonlinearity for summaries: the rnn's activation, or the cell's. */
export function activationOf(spec: LayerSpec): string {
  switch (spec.type) {
    case 'rnn':
    case 'dense':
      return spec.activation;
    case 'lstm':
    case 'gru':
      return 'sigmoid/tanh gates';
    default:
      return unhandled(spec);
  }
}

/**
 * Where layers may stand: at least one recurrent layer, first, and every recurrent layer
 * before the dense ones. Returns [index, message] per misplaced layer (the loader positions
 * them; the model throws on the first).
 */
export function layerOrderProblems(layers: readonly LayerSpec[]): [number, string][] {
  const problems: [number, string][] = [];
  if (layers.length === 0 || !isRecurrentSpec(layers[0])) {
    problems.push([0, `the first layer must be a recurrent layer (${RECURRENT_KINDS.join(', ')})`]);
  }
  const firstDense = layers.findIndex((l) => !isRecurrentSpec(l));
  if (firstDense >= 0) {
    layers.forEach((l, i) => {
      if (i > firstDense && isRecurrentSpec(l))
        problems.push([i, `${l.type} layers must come before all dense layers`]);
    });
  }
  return problems;
}

function unhandled(spec: never): never {
  throw new Error(`unknown layer type ${JSON.stringify((spec as { type?: unknown }).type)}`);
}
