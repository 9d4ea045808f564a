// The one interface every recurrent cell implements, the way PyTorch's RNNBase(mode) serves
// RNN, LSTM and GRU: a cell is a gate count and a step function. Everything else — the
// parameters per step, the products with x and h, backpropagation through time, statistics,
// weights in and out, trace shapes — is shared (recurrent.ts).
//
// Row vectors: x[t] (B, I), h[t] (B, H). A cell with G gates has Wx (I, G·H), Wh (H, G·H) and
// biases (G·H), the gate blocks side by side in PyTorch's order, so Wx = weight_ih_l0ᵀ,
// Wh = weight_hh_l0ᵀ (docs/reference/weights.md).

import type { Kernels, SequenceStep } from '../kernels/contract';
import type { Param } from '../param';
import type { FloatArray } from '../tensor';

export type RecurrentKind = 'rnn' | 'lstm' | 'gru';

/** The parameters of one time step (one set for all steps when weights are shared). */
export interface StepWeights {
  readonly Wx: Param; // (I, G·H)
  readonly Wh: Param; // (H, G·H)
  /** The input-side bias (G·H); named "b" for rnn, which has no other, "bx" otherwise. */
  readonly bx: Param;
  /** The recurrent-side bias (G·H) of lstm and gru (PyTorch's bias_hh). */
  readonly bh: Param | undefined;
}

/** A layer's buffers for one batch size B over T steps, allocated once and reused. */
export interface SequenceBuffers {
  readonly zx: FloatArray; // (T, B, G·H) x[t]·Wx (+ h[t−1]·Wh unless split); the cell keeps its activations here
  readonly zh: FloatArray; // (T, B, G·H) h[t−1]·Wh for cells that keep it apart (gru); else zx itself
  readonly h: FloatArray; // (T, B, H) outputs
  readonly c: FloatArray; // (T, B, H) cell state (lstm), else empty
  readonly tc: FloatArray; // (T, B, H) tanh(c) (lstm), else empty
  readonly dh: FloatArray; // (B, H) ∂L/∂h[t]: from above and from step t+1
  readonly dc: FloatArray; // (B, H) ∂L/∂c[t] from step t+1 (lstm), else empty
  readonly dzx: FloatArray; // (T, B, G·H) ∂L/∂ x-side pre-activations
  readonly dzh: FloatArray; // (T, B, G·H) ∂L/∂ h-side pre-activations (gru); else dzx itself
  readonly dx: FloatArray; // (T, B, I) ∂L/∂x for the layer below
}

/** ‖∂L/∂h[t]‖ and ‖∂L/∂c[t]‖ per step, written by the backward pass. */
export interface FlowNorms {
  readonly dh: Float64Array; // (T,)
  readonly dc: Float64Array; // (T,) lstm only; empty otherwise
}

export interface Cell {
  readonly kind: RecurrentKind;
  /** Gate names in PyTorch's block order; [] for rnn (one block, no gates). */
  readonly gates: readonly string[];
  /** Indices of the gates whose activation is a sigmoid (for gate saturation). */
  readonly sigmoidGates: readonly number[];
  /** Whether h[t−1]·Wh must stay apart from x[t]·Wx (gru: r multiplies only the h side of n). */
  readonly splitsRecurrentProduct: boolean;
  readonly hasCellState: boolean;
  /** Whether it has bias_hh beside bias_ih (lstm, gru), as PyTorch does. */
  readonly hasRecurrentBias: boolean;
  /** Parameters of the cell itself, not per step (rnn's prelu slope). */
  readonly extraParams: readonly Param[];
  /**
   * The whole-sequence kernel that runs this cell's steps (kernels.sequence, the fast float32
   * path), or undefined where only the per-step loop does (rnn with another activation).
   */
  readonly sequenceStep: SequenceStep | undefined;
  /**
   * Step t, after the layer put x[t]·Wx (and h[t−1]·Wh) into zx/zh: adds the biases, applies
   * the gates and writes h[t] (and c[t]).
   */
  forward(k: Kernels, ws: SequenceBuffers, w: StepWeights, t: number, B: number): void;
  /**
   * Step t backward: adds dhAbove[t] into ws.dh, records the flow norms, writes dzx[t] and
   * dzh[t], and carries dc to step t−1. Returns whether ws.dh now holds a direct term of
   * ∂L/∂h[t−1] (gru: dh ⊙ z) to which the layer adds dzh[t]·Whᵀ; otherwise the layer overwrites it.
   */
  backward(
    k: Kernels,
    ws: SequenceBuffers,
    w: StepWeights,
    t: number,
    B: number,
    dhAbove: FloatArray,
    norms: FlowNorms,
  ): boolean;
}

/**
 * What lstm and gru share beyond the interface, the way RNNBase serves both in PyTorch: the
 * gates in PyTorch's block order, both biases (bias_ih and bias_hh), no parameters of their
 * own, the whole-sequence kernel of their name, and where a step's buffers start. A subclass
 * says which gates are sigmoids, whether it keeps h·Wh apart and a cell state, and its step.
 */
export abstract class GatedCell implements Cell {
  abstract readonly kind: 'lstm' | 'gru';
  abstract readonly gates: readonly string[];
  abstract readonly sigmoidGates: readonly number[];
  abstract readonly splitsRecurrentProduct: boolean;
  abstract readonly hasCellState: boolean;
  readonly hasRecurrentBias = true;
  readonly extraParams: readonly Param[] = [];

  constructor(readonly units: number) {}

  get sequenceStep(): SequenceStep {
    return this.kind;
  }

  /**
   * Element offsets of step t in the (T, B, ·) buffers: its gate block in zx/zh/dzx/dzh (G·H
   * columns), its h and c, and the previous step's h and c (negative at t = 0: h[−1] = c[−1] = 0).
   */
  protected at(t: number, B: number): { readonly gates: number; readonly state: number; readonly previous: number } {
    const H = this.units;
    return { gates: t * B * this.gates.length * H, state: t * B * H, previous: (t - 1) * B * H };
  }

  abstract forward(k: Kernels, ws: SequenceBuffers, w: StepWeights, t: number, B: number): void;
  abstract backward(
    k: Kernels,
    ws: SequenceBuffers,
    w: StepWeights,
    t: number,
    B: number,
    dhAbove: FloatArray,
    norms: FlowNorms,
  ): boolean;
}
