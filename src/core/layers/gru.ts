// The GRU cell, exactly torch.nn.GRU (gates in PyTorch's order r, z, n):
//   r = σ(x·Wxr + bxr + h·Whr + bhr), z = σ(x·Wxz + bxz + h·Whz + bhz),
//   n = tanh(x·Wxn + bxn + r ⊙ (h·Whn + bhn)), h[t] = (1 − z) ⊙ n + z ⊙ h[t−1].
// r multiplies only the recurrent side of n, so h[t−1]·Wh is kept apart from x[t]·Wx. The
// pointwise step is kernels' gruForward / gruBackward, defined in pointwise.ts.

import type { Kernels } from '../kernels/contract';
import type { FloatArray } from '../tensor';
import { GatedCell, type FlowNorms, type SequenceBuffers, type StepWeights } from './cell';

export class GruCell extends GatedCell {
  readonly kind = 'gru' as const;
  readonly gates = ['r', 'z', 'n'];
  readonly sigmoidGates = [0, 1];
  readonly splitsRecurrentProduct = true;
  readonly hasCellState = false;

  forward(k: Kernels, ws: SequenceBuffers, w: StepWeights, t: number, B: number): void {
    const { gates, state, previous } = this.at(t, B);
    k.gruForward(ws.zx, ws.zh, w.bx.value, w.bh!.value, ws.h, gates, state, previous, B, this.units);
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
    k.gruBackward(ws.dh, ws.zx, ws.zh, ws.h, ws.dzx, ws.dzh, gates, previous, B, this.units);
    return true;
  }
}
