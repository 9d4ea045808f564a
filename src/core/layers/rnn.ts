// Elman RNN layer, forward and backward through time side by side.
//   z[t] = x[t]·Wx + h[t-1]·Wh + b,   h[t] = act(z[t]),   h[-1] = 0
// Row vectors as in the seed notebook: x[t] (B, I), h[t] (B, H), Wx (I, H), Wh (H, H), b (H).
// With shareWeights = false every step t has its own {Wx, Wh, b} (the notebook's design).

import { activate, activationBackward, PRELU_INITIAL_ALPHA, type ElementwiseActivation } from '../activations';
import { columnSums } from '../linalg';
import type { TensorMemory } from '../memory';
import { createParam, type Param } from '../param';
import type { FloatArray } from '../tensor';
import type { RnnStepTrace } from '../trace';

export interface RnnLayerSpec {
  readonly type: 'rnn';
  readonly units: number;
  readonly activation: ElementwiseActivation;
  readonly shareWeights: boolean;
}

export interface StepWeights {
  readonly Wx: Param;
  readonly Wh: Param;
  readonly b: Param;
}

/** Buffers for one batch size, allocated on first use and reused every batch after. */
interface Workspace {
  readonly z: FloatArray; // (T, B, H) pre-activations
  readonly h: FloatArray; // (T, B, H) outputs
  readonly dh: FloatArray; // (B, H) total ∂L/∂h[t]: from above and from step t+1
  readonly dz: FloatArray; // (T, B, H) ∂L/∂z[t] for every t, multiplied by x and h at the end
  readonly dx: FloatArray; // (T, B, I) ∂L/∂x, handed to the layer below
}

export class RnnLayer {
  readonly kind = 'rnn' as const;
  /** One entry when weights are shared, else one per time step. */
  readonly weights: readonly StepWeights[];
  /** PReLU's learnable slope (one per layer), present only for activation "prelu". */
  readonly alpha: Param | undefined;
  readonly params: readonly Param[];
  /** ‖∂L/∂h[t]‖ (Frobenius over the batch) for each t, from the latest backward pass. */
  readonly dhNorms: Float64Array;
  private readonly workspaces = new Map<number, Workspace>();
  /** Whᵀ of the shared weights, transposed once per backward pass for the per-step dz·Whᵀ. */
  private readonly whT: FloatArray | undefined;
  private input: FloatArray | undefined;

  constructor(
    readonly index: number,
    readonly spec: RnnLayerSpec,
    readonly inputSize: number,
    readonly steps: number,
    private readonly mem: TensorMemory,
  ) {
    const H = spec.units;
    const stepCount = spec.shareWeights ? 1 : steps;
    const weights: StepWeights[] = [];
    for (let s = 0; s < stepCount; s++) {
      const prefix = spec.shareWeights ? `layer${index}` : `layer${index}.step${s}`;
      weights.push({
        Wx: createParam(`${prefix}.Wx`, [inputSize, H], mem),
        Wh: createParam(`${prefix}.Wh`, [H, H], mem),
        b: createParam(`${prefix}.b`, [H], mem),
      });
    }
    this.weights = weights;
    if (spec.activation === 'prelu') {
      this.alpha = createParam(`layer${index}.alpha`, [1], mem);
      this.alpha.value[0] = PRELU_INITIAL_ALPHA;
    }
    this.params = [...weights.flatMap((w) => [w.Wx, w.Wh, w.b]), ...(this.alpha ? [this.alpha] : [])];
    if (spec.shareWeights) this.whT = mem.alloc(H * H);
    this.dhNorms = new Float64Array(steps);
  }

  get units(): number {
    return this.spec.units;
  }

  /** x: (T, B, I) time-major. Returns h: (T, B, H), valid until the next forward with this B. */
  forward(x: FloatArray, B: number, trace?: (e: RnnStepTrace) => void, epoch = 0): FloatArray {
    const { units: H } = this.spec;
    const I = this.inputSize;
    const T = this.steps;
    const ws = this.workspace(B);
    const { gemm, biasTanh } = this.mem.kernels;
    const fusedTanh = this.spec.activation === 'tanh' ? biasTanh : undefined;
    const alpha = this.alpha ? this.alpha.value[0] : 0;
    this.input = x;
    // x[t]·Wx does not depend on the recurrence: with shared weights, one (T·B, I)·(I, H)
    // product for every step at once.
    if (this.spec.shareWeights) gemm(x, 0, this.weights[0].Wx.value, 0, ws.z, 0, T * B, I, H, false);
    for (let t = 0; t < T; t++) {
      const w = this.weightsAt(t);
      const zt = t * B * H;
      if (!this.spec.shareWeights) gemm(x, t * B * I, w.Wx.value, 0, ws.z, zt, B, I, H, false);
      if (t > 0) gemm(ws.h, (t - 1) * B * H, w.Wh.value, 0, ws.z, zt, B, H, H, true);
      const b = w.b.value;
      if (fusedTanh) {
        fusedTanh(ws.z, b, ws.h, zt, B, H);
      } else {
        for (let r = 0; r < B; r++) {
          const o = zt + r * H;
          for (let j = 0; j < H; j++) ws.z[o + j] += b[j];
        }
        activate(this.spec.activation, ws.z, ws.h, zt, B * H, alpha);
      }
      trace?.({
        type: 'trace', epoch, layer: this.index, kind: 'rnn', t,
        shapes: { x: [B, I], hPrev: [B, H], W: [H + I, H], hx: [B, H + I], b: [H], h: [B, H] },
      });
    }
    return ws.h;
  }

  /**
   * dhAbove: (T, B, H) ∂L/∂h[t] arriving from the layer above (or the loss) at every step.
   * Accumulates parameter gradients; returns ∂L/∂x (T, B, I) when the layer below needs it.
   */
  backward(dhAbove: FloatArray, B: number, needInputGrad: boolean): FloatArray | undefined {
    const { units: H } = this.spec;
    const I = this.inputSize;
    const T = this.steps;
    const ws = this.workspace(B);
    const { gemm, gemmNT, gemmTN, tanhBackward, transpose } = this.mem.kernels;
    if (this.whT) transpose(this.weights[0].Wh.value, this.whT, H, H);
    const fusedTanh = this.spec.activation === 'tanh' ? tanhBackward : undefined;
    const x = this.input!;
    const alpha = this.alpha ? this.alpha.value[0] : 0;
    let dAlpha = 0;
    // Only dz[t]·Wh[t]ᵀ is sequential (it feeds step t−1); the products with x and h use every
    // dz[t] and wait until the loop has produced them all.
    ws.dh.fill(0); // dh holds dz[t+1]·Wh[t+1]ᵀ, the gradient from the future, between iterations
    for (let t = T - 1; t >= 0; t--) {
      const zt = t * B * H;
      if (fusedTanh) {
        this.dhNorms[t] = Math.sqrt(fusedTanh(ws.dh, dhAbove, ws.h, ws.dz, zt, B * H));
      } else {
        // dh: (B, H) — gradient flowing into h[t] from step t+1 and from the layer above
        let norm2 = 0;
        for (let i = 0; i < B * H; i++) {
          const g = ws.dh[i] + dhAbove[zt + i];
          ws.dh[i] = g;
          norm2 += g * g;
        }
        this.dhNorms[t] = Math.sqrt(norm2);
        dAlpha += activationBackward(this.spec.activation, ws.z, ws.h, ws.dh, 0, ws.dz, zt, zt, B * H, alpha);
      }
      // dh for step t-1: dz[t] (B, H) · Whᵀ (H, H)
      if (t > 0 && this.whT) gemm(ws.dz, zt, this.whT, 0, ws.dh, 0, B, H, H, false);
      else if (t > 0) gemmNT(ws.dz, zt, this.weightsAt(t).Wh.value, 0, ws.dh, 0, B, H, H, false);
    }
    if (this.spec.shareWeights) {
      // dWx (I, H) += Xᵀ (I, T·B) · DZ (T·B, H); dWh += H[0..T-2]ᵀ · DZ[1..T-1]; dX = DZ · Wxᵀ
      const w = this.weights[0];
      gemmTN(x, 0, ws.dz, 0, w.Wx.grad, 0, T * B, I, H);
      if (T > 1) gemmTN(ws.h, 0, ws.dz, B * H, w.Wh.grad, 0, (T - 1) * B, H, H);
      columnSums(ws.dz, 0, T * B, H, w.b.grad);
      if (needInputGrad) gemmNT(ws.dz, 0, w.Wx.value, 0, ws.dx, 0, T * B, H, I, false);
    } else {
      for (let t = 0; t < T; t++) {
        const w = this.weights[t];
        const zt = t * B * H;
        gemmTN(x, t * B * I, ws.dz, zt, w.Wx.grad, 0, B, I, H);
        if (t > 0) gemmTN(ws.h, (t - 1) * B * H, ws.dz, zt, w.Wh.grad, 0, B, H, H);
        columnSums(ws.dz, zt, B, H, w.b.grad);
        if (needInputGrad) gemmNT(ws.dz, zt, w.Wx.value, 0, ws.dx, t * B * I, B, H, I, false);
      }
    }
    if (this.alpha) this.alpha.grad[0] += dAlpha;
    return needInputGrad ? ws.dx : undefined;
  }

  weightsAt(t: number): StepWeights {
    return this.spec.shareWeights ? this.weights[0] : this.weights[t];
  }

  private workspace(B: number): Workspace {
    let ws = this.workspaces.get(B);
    if (!ws) {
      const { units: H } = this.spec;
      const T = this.steps;
      ws = {
        z: this.mem.alloc(T * B * H),
        h: this.mem.alloc(T * B * H),
        dh: this.mem.alloc(B * H),
        dz: this.mem.alloc(T * B * H),
        dx: this.mem.alloc(T * B * this.inputSize),
      };
      this.workspaces.set(B, ws);
    }
    return ws;
  }
}
