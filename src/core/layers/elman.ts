// The Elman cell: h[t] = act(x[t]·Wx + h[t−1]·Wh + b), as torch.nn.RNN (with bias_hh = 0).
// One block, no gates. tanh uses the fused kernels; other activations the elementwise ones.

import { activate, activationBackward, PRELU_INITIAL_ALPHA, type ElementwiseActivation } from '../activations';
import type { Kernels } from '../kernels/contract';
import type { TensorMemory } from '../memory';
import { createParam, type Param } from '../param';
import type { FloatArray } from '../tensor';
import type { Cell, FlowNorms, SequenceBuffers, StepWeights } from './cell';

export class ElmanCell implements Cell {
  readonly kind = 'rnn' as const;
  readonly gates = [];
  readonly sigmoidGates = [];
  readonly splitsRecurrentProduct = false;
  readonly hasCellState = false;
  readonly hasRecurrentBias = false;
  readonly extraParams: readonly Param[];
  readonly sequenceStep: 'tanh' | undefined;
  /** PReLU's learnable slope (one per layer), present only for activation "prelu". */
  readonly alpha: Param | undefined;

  constructor(
    readonly activation: ElementwiseActivation,
    readonly units: number,
    index: number,
    mem: TensorMemory,
  ) {
    if (activation === 'prelu') {
      this.alpha = createParam(`layer${index}.alpha`, [1], mem);
      this.alpha.value[0] = PRELU_INITIAL_ALPHA;
    }
    this.extraParams = this.alpha ? [this.alpha] : [];
    this.sequenceStep = activation === 'tanh' ? 'tanh' : undefined;
  }

  forward(k: Kernels, ws: SequenceBuffers, w: StepWeights, t: number, B: number): void {
    const H = this.units;
    const zt = t * B * H;
    if (this.activation === 'tanh') {
      k.biasTanh(ws.zx, w.bx.value, ws.h, zt, B, H);
      return;
    }
    const b = w.bx.value;
    for (let r = 0; r < B; r++) {
      const o = zt + r * H;
      for (let j = 0; j < H; j++) ws.zx[o + j] += b[j];
    }
    activate(this.activation, ws.zx, ws.h, zt, B * H, this.alpha ? this.alpha.value[0] : 0);
  }

  backward(
    k: Kernels,
    ws: SequenceBuffers,
    _w: StepWeights,
    t: number,
    B: number,
    dhAbove: FloatArray,
    norms: FlowNorms,
  ): boolean {
    const n = B * this.units;
    const zt = t * n;
    if (this.activation === 'tanh') {
      norms.dh[t] = Math.sqrt(k.tanhBackward(ws.dh, dhAbove, ws.h, ws.dzx, zt, n));
      return false;
    }
    norms.dh[t] = Math.sqrt(k.addAbove(ws.dh, dhAbove, zt, n));
    const alpha = this.alpha ? this.alpha.value[0] : 0;
    const dAlpha = activationBackward(this.activation, ws.zx, ws.h, ws.dh, 0, ws.dzx, zt, zt, n, alpha);
    if (this.alpha) this.alpha.grad[0] += dAlpha;
    return false;
  }
}
