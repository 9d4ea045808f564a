// The LSTM cell, exactly torch.nn.LSTM (gates in PyTorch's order i, f, g, o):
//   [i f g o] = x·Wx + bx + h[t−1]·Wh + bh split in four, i, f, o = σ(·), g = tanh(·),
//   c[t] = f ⊙ c[t−1] + i ⊙ g, h[t] = o ⊙ tanh(c[t]), h[−1] = c[−1] = 0.
// The pointwise step (forward and backward) is kernels' lstmForward / lstmBackward,
// defined in pointwise.ts.

import type { Kernels } from '../kernels/contract';
import type { FloatArray } from '../tensor';
import type { Cell, FlowNorms, SequenceBuffers, StepWeights } from './cell';

export class LstmCell implements Cell {
  readonly kind = 'lstm' as const;
  readonly gates = ['i', 'f', 'g', 'o'];
  readonly sigmoidGates = [0, 1, 3];
  readonly splitsRecurrentProduct = false;
  readonly hasCellState = true;
  readonly hasRecurrentBias = true;
  readonly extraParams = [];
  readonly sequenceStep = 'lstm' as const;

  constructor(readonly units: number) {}

  forward(k: Kernels, ws: SequenceBuffers, w: StepWeights, t: number, B: number): void {
    const H = this.units;
    k.lstmForward(ws.zx, w.bx.value, w.bh!.value, ws.c, ws.tc, ws.h, t * B * 4 * H, t * B * H, (t - 1) * B * H, B, H);
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
    const H = this.units;
    const hOff = t * B * H;
    norms.dh[t] = Math.sqrt(k.addAbove(ws.dh, dhAbove, hOff, B * H));
    norms.dc[t] = Math.sqrt(
      k.lstmBackward(ws.dh, ws.dc, ws.zx, ws.c, ws.tc, ws.dzx, t * B * 4 * H, hOff, (t - 1) * B * H, B, H),
    );
    return false;
  }
}
