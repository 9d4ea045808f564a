// A stack of recurrent layers (rnn, lstm, gru in any mix), then optional dense layers, with
// the loss on top.
// "last": dense layers see only the final step of the last recurrent layer, prediction (B, O).
// "sequence": dense layers apply at every step, prediction (T·B, O) time-major.

import type { Dropout } from './dropout';
import type { DenseLayer } from './layers/dense';
import { createLayer, layerOrderProblems, type Layer, type LayerSpec } from './layers/index';
import type { RecurrentLayer } from './layers/recurrent';
import { lossAndGradient, softmaxCrossEntropy, type LossKind } from './losses';
import { initialise, type InitScheme, type Param } from './param';
import type { Rng } from './rng';
import { referenceMemory, type TensorMemory } from './memory';
import type { DType, FloatArray } from './tensor';
import type { TraceEvent } from './trace';

export type { Layer, LayerSpec } from './layers/index';
export type OutputMode = 'last' | 'sequence';

export interface ModelSpec {
  readonly inputSize: number;
  readonly steps: number;
  readonly layers: readonly LayerSpec[];
  readonly output: OutputMode;
  /** Dropout on every recurrent layer's outputs but the last's, while training (dropout.ts); 0 or absent: none. */
  readonly dropout?: number;
}

export interface Prediction {
  /** (rows, width) row-major: rows = B for "last", T·B time-major for "sequence". */
  readonly values: FloatArray;
  readonly rows: number;
  readonly width: number;
}

export class Model {
  readonly layers: readonly Layer[];
  readonly recurrentLayers: readonly RecurrentLayer[];
  readonly denseLayers: readonly DenseLayer[];
  readonly params: readonly Param[];
  private readonly lossGrads = new Map<number, FloatArray>();
  private readonly lastStepGrads = new Map<number, FloatArray>();
  /** Set by the trainer when spec.dropout > 0: it owns the random stream. */
  dropout: Dropout | undefined;
  /** True during a training step (torch's module.train()): dropout applies only then. */
  training = false;

  /** Where the tensors live and which kernels multiply them; a dtype alone means the reference. */
  readonly memory: TensorMemory;

  constructor(
    readonly spec: ModelSpec,
    memory: DType | TensorMemory,
  ) {
    this.memory = typeof memory === 'string' ? referenceMemory(memory) : memory;
    const problems = layerOrderProblems(spec.layers);
    if (problems.length > 0) throw new Error(`layer ${problems[0][0]}: ${problems[0][1]}`);
    const layers: Layer[] = [];
    let width = spec.inputSize;
    spec.layers.forEach((layerSpec, i) => {
      layers.push(createLayer(i, layerSpec, width, spec.steps, this.memory));
      width = layerSpec.units;
    });
    this.layers = layers;
    this.recurrentLayers = layers.filter((l): l is RecurrentLayer => l.kind !== 'dense');
    this.denseLayers = layers.filter((l): l is DenseLayer => l.kind === 'dense');
    this.params = layers.flatMap((l) => l.params);
  }

  get dtype(): DType {
    return this.memory.dtype;
  }

  get outputWidth(): number {
    return this.layers[this.layers.length - 1].units;
  }

  initialise(scheme: InitScheme, rng: Rng): void {
    // alpha (PReLU slope) keeps its torch default; every other parameter is drawn in order
    for (const layer of this.layers) {
      // PyTorch's bound: 1/√H for a recurrent layer's weights and biases, 1/√fan_in for nn.Linear
      const torchBound = 1 / Math.sqrt(layer.kind === 'dense' ? layer.inputSize : layer.units);
      for (const p of layer.params) if (!p.name.endsWith('.alpha')) initialise(p, scheme, rng, torchBound);
    }
  }

  zeroGrads(): void {
    for (const p of this.params) p.grad.fill(0);
  }

  /** x: (T, B, I) time-major. */
  forward(x: FloatArray, B: number, trace?: (e: TraceEvent) => void, epoch = 0): Prediction {
    const T = this.spec.steps;
    let seq = x;
    const dropout = this.training ? this.dropout : undefined;
    const lastIndex = this.recurrentLayers.length - 1;
    this.recurrentLayers.forEach((layer, i) => {
      seq = layer.forward(seq, B, trace, epoch);
      if (dropout && i < lastIndex) seq = dropout.forward(i, seq, T * B * layer.units);
    });
    const last = this.recurrentLayers[lastIndex];
    const sequence = this.spec.output === 'sequence';
    const rows = sequence ? T * B : B;
    // "last": the dense layers read the final step in place (offset), not through a view.
    let values = seq;
    let offset = sequence ? 0 : (T - 1) * B * last.units;
    for (const dense of this.denseLayers) {
      values = dense.forward(values, rows, offset);
      offset = 0;
      if (trace) {
        const lead = sequence ? [B, T] : [B];
        trace({
          type: 'trace',
          epoch,
          layer: dense.index,
          kind: 'dense',
          shapes: {
            in: [...lead, dense.inputSize],
            W: [dense.inputSize, dense.units],
            b: [dense.units],
            out: [...lead, dense.units],
          },
        });
      }
    }
    if (offset !== 0) values = values.subarray(offset, offset + rows * last.units); // no dense layer
    return { values, rows, width: this.outputWidth };
  }

  /** Loss of the latest forward pass against y (same layout as the prediction). */
  loss(prediction: Prediction, y: FloatArray, kind: LossKind): number {
    const { values, rows, width } = prediction;
    const scratch = this.lossGradBuffer(rows * width);
    return this.usesFusedSoftmax(kind)
      ? softmaxCrossEntropy(this.finalDense()!.preActivation(rows), values, y, scratch, rows, width)
      : lossAndGradient(kind, values, y, scratch, rows, width);
  }

  /**
   * Loss of the latest forward pass, and its gradient accumulated into every param.grad.
   * The caller zeroes gradients between batches.
   */
  lossAndBackward(prediction: Prediction, y: FloatArray, kind: LossKind, B: number): number {
    const { rows, width } = prediction;
    const loss = this.loss(prediction, y, kind);
    let grad = this.lossGradBuffer(rows * width);
    const fused = this.usesFusedSoftmax(kind);
    for (let i = this.denseLayers.length - 1; i >= 0; i--) {
      grad = this.denseLayers[i].backward(grad, rows, fused && i === this.denseLayers.length - 1);
    }
    const lastRecurrent = this.recurrentLayers[this.recurrentLayers.length - 1];
    let dSeq: FloatArray;
    if (this.spec.output === 'sequence') {
      dSeq = grad;
    } else {
      // Only the final step reaches the output: ∂L/∂h[t] from above is 0 for t < T−1.
      const T = this.spec.steps;
      const H = lastRecurrent.units;
      dSeq = this.lastStepGradBuffer(T * B * H);
      dSeq.set(grad.subarray(0, B * H), (T - 1) * B * H);
    }
    const dropout = this.training ? this.dropout : undefined;
    for (let i = this.recurrentLayers.length - 1; i >= 0; i--) {
      const below = this.recurrentLayers[i].backward(dSeq, B, i > 0);
      if (below) dSeq = dropout ? dropout.backward(i - 1, below, below.length) : below;
    }
    return loss;
  }

  private finalDense(): DenseLayer | undefined {
    const last = this.layers[this.layers.length - 1];
    return last.kind === 'dense' ? last : undefined;
  }

  private usesFusedSoftmax(kind: LossKind): boolean {
    return kind === 'crossEntropy' && this.finalDense()?.spec.activation === 'softmax';
  }

  private lossGradBuffer(size: number): FloatArray {
    let buf = this.lossGrads.get(size);
    if (!buf) this.lossGrads.set(size, (buf = this.memory.alloc(size)));
    return buf;
  }

  /** (T, B, H) zeros but for the last step, which each backward pass overwrites. */
  private lastStepGradBuffer(size: number): FloatArray {
    let buf = this.lastStepGrads.get(size);
    if (!buf) this.lastStepGrads.set(size, (buf = this.memory.alloc(size)));
    return buf;
  }
}
