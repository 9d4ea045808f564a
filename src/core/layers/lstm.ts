// The LSTM cell, exactly torch.nn.LSTM (gates in PyTorch's order i, f, g, o):
//   [i f g o] = x·Wx + bx + h[t−1]·Wh + bh split in four, i, f, o = σ(·), g = tanh(·),
//   c[t] = f ⊙ c[t−1] + i ⊙ g, h[t] = o ⊙ tanh(c[t]), h[−1] = c[−1] = 0.
// The pointwise step (forward and backward) is kernels' lstmForward / lstmBackward,
// defined in pointwise.ts.

import type { Kernels } from '../kernels/contract';
import type { FloatArray } from '../tensor';
import { GatedCell, type FlowNorms, type SequenceBuffers, type StepWeights } from './cell';

export class LstmCell extends GatedCell {
  readonly kind = 'lstm' as const;
  readonly gates = ['i', 'f', 'g', 'o'];
  readonly sigmoidGates = [0, 1, 3];
  readonly splitsRecurrentProduct = false;
  readonly hasCellState = true;

  forward(k: Kernels, ws: SequenceBuffers, w: StepWeights, t: number, B: number): void {
    const { gates, state, previous } = this.at(t, B);
    k.lstmForward(ws.zx, w.bx.value, w.bh!.value, ws.c, ws.tc, ws.h, gates, state, previous, B, this.units);
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
    const { gates, state, previous } = this.at(t, B);
    norms.dh[t] = Math.sqrt(k.addAbove(ws.dh, dhAbove, state, B * this.units));
    norms.dc[t] = Math.sqrt(
      k.lstmBackward(ws.dh, ws.dc, ws.zx, ws.c, ws.tc, ws.dzx, gates, state, previous, B, this.units),
    );
    return false;
  }
}
