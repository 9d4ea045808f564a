// A recurrent layer over T steps, shared by every cell (cell.ts): the parameters per step, the
// matrix products, backpropagation through time, the statistics the panel draws, weights in
// and out, and the shape trace. The cell supplies only the pointwise step.
//
// Forward: x·Wx for all T steps is one (T·B, I)·(I, G·H) product (it does not depend on the
// recurrence); per step only h[t−1]·Wh remains, one product for all gates together.
// Backward: per step only dz[t]·Whᵀ (it feeds step t−1); Xᵀ·dZx, H_prevᵀ·dZh and dZx·Wxᵀ wait
// for the loop to produce every dz and are one product each.
// With shared weights and a fast memory, the per-step loops run as one whole-sequence kernel
// (kernels.sequence: the same products and steps, split by batch rows across threads); the
// loops below stay the reference path.

import type { ElementwiseActivation } from '../activations';
import type { TensorMemory } from '../memory';
import { createParam, type Param } from '../param';
import type { FloatArray } from '../tensor';
import type { RecurrentStepShapes, RecurrentStepTrace } from '../trace';
import type { Cell, FlowNorms, RecurrentKind, SequenceBuffers, StepWeights } from './cell';

export interface RnnLayerSpec {
  readonly type: 'rnn';
  readonly units: number;
  readonly activation: ElementwiseActivation;
  readonly shareWeights: boolean;
}

/** lstm and gru: fixed gate nonlinearities, so no activation to choose. */
export interface GatedLayerSpec {
  readonly type: 'lstm' | 'gru';
  readonly units: number;
  readonly shareWeights: boolean;
}

export type RecurrentLayerSpec = RnnLayerSpec | GatedLayerSpec;

/** One column block of Wh (H×H): a gate's recurrent matrix, for its spectral norm. */
export interface RecurrentBlock {
  /** "layer0.Wh" for rnn, "layer1.Wh.f" for a gate, "layer0.step2.Wh" with weights per step. */
  readonly name: string;
  readonly Wh: Param;
  /** First column of the block in Wh (H, G·H). */
  readonly column: number;
}

/** Fraction of a sigmoid gate's activations below 0.1 and above 0.9 in the latest forward pass. */
export interface GateSaturation {
  readonly name: string; // "layer1.f"
  readonly low: number;
  readonly high: number;
}

export class RecurrentLayer {
  /** One entry when weights are shared, else one per time step. */
  readonly weights: readonly StepWeights[];
  readonly params: readonly Param[];
  /** ‖∂L/∂h[t]‖ and (lstm) ‖∂L/∂c[t]‖, Frobenius over the batch, from the latest backward pass. */
  readonly norms: FlowNorms;
  private readonly workspaces = new Map<number, SequenceBuffers>();
  /** Whᵀ (G·H, H) of the shared weights, transposed once per backward pass for dz·Whᵀ. */
  private readonly whT: FloatArray | undefined;
  private input: FloatArray | undefined;
  private lastBatch = 0;

  constructor(
    readonly index: number,
    readonly spec: RecurrentLayerSpec,
    readonly cell: Cell,
    readonly inputSize: number,
    readonly steps: number,
    private readonly mem: TensorMemory,
  ) {
    const H = spec.units;
    const GH = this.gateCount * H;
    const weights: StepWeights[] = [];
    for (let s = 0; s < (spec.shareWeights ? 1 : steps); s++) {
      const prefix = spec.shareWeights ? `layer${index}` : `layer${index}.step${s}`;
      weights.push({
        Wx: createParam(`${prefix}.Wx`, [inputSize, GH], mem),
        Wh: createParam(`${prefix}.Wh`, [H, GH], mem),
        bx: createParam(cell.hasRecurrentBias ? `${prefix}.bx` : `${prefix}.b`, [GH], mem),
        bh: cell.hasRecurrentBias ? createParam(`${prefix}.bh`, [GH], mem) : undefined,
      });
    }
    this.weights = weights;
    this.params = [...weights.flatMap((w) => [w.Wx, w.Wh, w.bx, ...(w.bh ? [w.bh] : [])]), ...cell.extraParams];
    if (spec.shareWeights) this.whT = mem.alloc(GH * H);
    this.norms = { dh: new Float64Array(steps), dc: new Float64Array(cell.hasCellState ? steps : 0) };
  }

  get kind(): RecurrentKind {
    return this.cell.kind;
  }

  get units(): number {
    return this.spec.units;
  }

  /** G: column blocks of Wx, Wh and the biases (1 for rnn). */
  get gateCount(): number {
    return Math.max(1, this.cell.gates.length);
  }

  /** x: (T, B, I) time-major. Returns h: (T, B, H), valid until the next forward with this B. */
  forward(x: FloatArray, B: number, trace?: (e: RecurrentStepTrace) => void, epoch = 0): FloatArray {
    const H = this.spec.units;
    const I = this.inputSize;
    const T = this.steps;
    const GH = this.gateCount * H;
    const ws = this.workspace(B);
    const k = this.mem.kernels;
    const shared = this.spec.shareWeights;
    const split = this.cell.splitsRecurrentProduct;
    this.input = x;
    this.lastBatch = B;
    const w0 = this.weights[0];
    if (shared) k.gemm(x, 0, w0.Wx.value, 0, ws.zx, 0, T * B, I, GH, false);
    // One whole-sequence call where the memory has one for this cell; else the steps one by one.
    const step = this.cell.sequenceStep;
    const fused =
      shared &&
      step !== undefined &&
      k.sequence?.forward(step, ws, w0.Wh.value, w0.bx.value, w0.bh?.value, B, T, H) === true;
    for (let t = 0; t < T; t++) {
      if (!fused) {
        const w = this.weightsAt(t);
        const zt = t * B * GH;
        if (!shared) k.gemm(x, t * B * I, w.Wx.value, 0, ws.zx, zt, B, I, GH, false);
        // zx[t] += h[t−1]·Wh, or zh[t] = h[t−1]·Wh for a cell that keeps the two apart; h[−1] = 0
        if (t > 0) k.gemm(ws.h, (t - 1) * B * H, w.Wh.value, 0, split ? ws.zh : ws.zx, zt, B, H, GH, !split);
        else if (split) ws.zh.fill(0, 0, B * GH);
        this.cell.forward(k, ws, w, t, B);
      }
      trace?.({ type: 'trace', epoch, layer: this.index, kind: this.kind, t, shapes: this.traceShapes(B) });
    }
    return ws.h;
  }

  /**
   * dhAbove: (T, B, H) ∂L/∂h[t] arriving from the layer above (or the loss) at every step.
   * Accumulates parameter gradients; returns ∂L/∂x (T, B, I) when the layer below needs it.
   */
  backward(dhAbove: FloatArray, B: number, needInputGrad: boolean): FloatArray | undefined {
    const H = this.spec.units;
    const I = this.inputSize;
    const T = this.steps;
    const GH = this.gateCount * H;
    const ws = this.workspace(B);
    const k = this.mem.kernels;
    const x = this.input!;
    if (this.whT) k.transpose(this.weights[0].Wh.value, this.whT, H, GH);
    // dh holds the gradient from the future between iterations: dzh[t+1]·Whᵀ (+ a direct term)
    ws.dh.fill(0);
    ws.dc.fill(0);
    const step = this.cell.sequenceStep;
    const fused =
      this.whT !== undefined &&
      step !== undefined &&
      k.sequence?.backward(step, ws, this.whT, dhAbove, B, T, H, this.norms.dh, this.norms.dc) === true;
    for (let t = T - 1; t >= 0 && !fused; t--) {
      const w = this.weightsAt(t);
      const direct = this.cell.backward(k, ws, w, t, B, dhAbove, this.norms);
      if (t === 0) break;
      // dh for step t−1: dzh[t] (B, G·H) · Whᵀ (G·H, H)
      if (this.whT) k.gemm(ws.dzh, t * B * GH, this.whT, 0, ws.dh, 0, B, GH, H, direct);
      else k.gemmNT(ws.dzh, t * B * GH, w.Wh.value, 0, ws.dh, 0, B, GH, H, direct);
    }
    if (this.spec.shareWeights) {
      // dWx (I, G·H) += Xᵀ·DZx; dWh += H[0..T−2]ᵀ·DZh[1..T−1]; db = column sums; dX = DZx·Wxᵀ
      const w = this.weights[0];
      k.gemmTN(x, 0, ws.dzx, 0, w.Wx.grad, 0, T * B, I, GH);
      if (T > 1) k.gemmTN(ws.h, 0, ws.dzh, B * GH, w.Wh.grad, 0, (T - 1) * B, H, GH);
      k.columnSums(ws.dzx, 0, T * B, GH, w.bx.grad);
      if (w.bh) k.columnSums(ws.dzh, 0, T * B, GH, w.bh.grad);
      if (needInputGrad) k.gemmNT(ws.dzx, 0, w.Wx.value, 0, ws.dx, 0, T * B, GH, I, false);
    } else {
      for (let t = 0; t < T; t++) {
        const w = this.weights[t];
        const zt = t * B * GH;
        k.gemmTN(x, t * B * I, ws.dzx, zt, w.Wx.grad, 0, B, I, GH);
        if (t > 0) k.gemmTN(ws.h, (t - 1) * B * H, ws.dzh, zt, w.Wh.grad, 0, B, H, GH);
        k.columnSums(ws.dzx, zt, B, GH, w.bx.grad);
        if (w.bh) k.columnSums(ws.dzh, zt, B, GH, w.bh.grad);
        if (needInputGrad) k.gemmNT(ws.dzx, zt, w.Wx.value, 0, ws.dx, t * B * I, B, GH, I, false);
      }
    }
    return needInputGrad ? ws.dx : undefined;
  }

  /**
   * What the latest forward pass with batch B computed, time-major and valid until the next
   * forward with this B (core/inspect.ts reads it): h (T, B, H); for lstm c (T, B, H); for lstm
   * and gru the gate activations (T, B, G·H) in PyTorch's order, which the cell leaves in zx.
   */
  latestStates(B: number): { readonly h: FloatArray; readonly c?: FloatArray; readonly gates?: FloatArray } {
    const ws = this.workspace(B);
    return {
      h: ws.h,
      ...(this.cell.hasCellState ? { c: ws.c } : {}),
      ...(this.cell.gates.length > 0 ? { gates: ws.zx } : {}),
    };
  }

  weightsAt(t: number): StepWeights {
    return this.spec.shareWeights ? this.weights[0] : this.weights[t];
  }

  /** Each gate's H×H block of every Wh (one per Wh for rnn). */
  recurrentBlocks(): RecurrentBlock[] {
    const { gates } = this.cell;
    return this.weights.flatMap((w) =>
      gates.length === 0
        ? [{ name: w.Wh.name, Wh: w.Wh, column: 0 }]
        : gates.map((g, i) => ({ name: `${w.Wh.name}.${g}`, Wh: w.Wh, column: i * this.units })),
    );
  }

  /**
   * Saturation of each sigmoid gate in the latest forward pass (Karpathy, Johnson & Fei-Fei
   * 2015): the fraction of its T·B·H activations below 0.1 and above 0.9.
   */
  gateSaturation(): GateSaturation[] {
    const B = this.lastBatch;
    if (B === 0) return [];
    const H = this.units;
    const GH = this.gateCount * H;
    const act = this.workspace(B).zx; // (T, B, G·H) activations after forward
    const rows = this.steps * B;
    return this.cell.sigmoidGates.map((g) => {
      const { low, high } = this.mem.kernels.saturationCounts(act, rows, GH, g * H, H);
      return { name: `layer${this.index}.${this.cell.gates[g]}`, low: low / (rows * H), high: high / (rows * H) };
    });
  }

  /** Shapes of one step for the trace: W is [Wh; Wx] stacked as the notebook concatenates [h, x]. */
  private traceShapes(B: number): RecurrentStepShapes {
    const H = this.units;
    const I = this.inputSize;
    const GH = this.gateCount * H;
    const gated = this.cell.gates.length > 0;
    const state = this.cell.hasCellState;
    return {
      x: [B, I],
      hPrev: [B, H],
      ...(state ? { cPrev: [B, H] } : {}),
      W: [H + I, GH],
      hx: [B, H + I],
      b: [GH],
      ...(gated ? { gates: [B, GH] } : {}),
      ...(state ? { c: [B, H] } : {}),
      h: [B, H],
    };
  }

  private workspace(B: number): SequenceBuffers {
    let ws = this.workspaces.get(B);
    if (!ws) {
      const H = this.units;
      const T = this.steps;
      const GH = this.gateCount * H;
      const { hasCellState, splitsRecurrentProduct: split } = this.cell;
      const zx = this.mem.alloc(T * B * GH);
      const dzx = this.mem.alloc(T * B * GH);
      ws = {
        zx,
        zh: split ? this.mem.alloc(T * B * GH) : zx,
        h: this.mem.alloc(T * B * H),
        c: this.mem.alloc(hasCellState ? T * B * H : 0),
        tc: this.mem.alloc(hasCellState ? T * B * H : 0),
        dh: this.mem.alloc(B * H),
        dc: this.mem.alloc(hasCellState ? B * H : 0),
        dzx,
        dzh: split ? this.mem.alloc(T * B * GH) : dzx,
        dx: this.mem.alloc(T * B * this.inputSize),
      };
      this.workspaces.set(B, ws);
    }
    return ws;
  }
}
