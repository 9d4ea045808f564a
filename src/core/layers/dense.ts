// Fully connected layer on rows: out = act(in·W + b), in (N, In), W (In, O), b (O).
// N is the batch B after an rnn layer's last step, or T·B when applied at every step.

import { activate, activationBackward, softmaxRows, softmaxRowsBackward, type Activation } from '../activations';
import type { TensorMemory } from '../memory';
import { createParam, type Param } from '../param';
import type { FloatArray } from '../tensor';

export type DenseActivation = Exclude<Activation, 'prelu'>;

export interface DenseLayerSpec {
  readonly type: 'dense';
  readonly units: number;
  readonly activation: DenseActivation;
}

interface Workspace {
  readonly z: FloatArray; // (N, O)
  readonly out: FloatArray; // (N, O)
  readonly dz: FloatArray; // (N, O)
  readonly dIn: FloatArray; // (N, In)
}

export class DenseLayer {
  readonly kind = 'dense' as const;
  readonly W: Param;
  readonly b: Param;
  readonly params: readonly Param[];
  private readonly workspaces = new Map<number, Workspace>();
  private input: FloatArray | undefined;
  private inputOffset = 0;

  constructor(
    readonly index: number,
    readonly spec: DenseLayerSpec,
    readonly inputSize: number,
    private readonly mem: TensorMemory,
  ) {
    this.W = createParam(`layer${index}.W`, [inputSize, spec.units], mem);
    this.b = createParam(`layer${index}.b`, [spec.units], mem);
    this.params = [this.W, this.b];
  }

  get units(): number {
    return this.spec.units;
  }

  /** in: (N, In) starting at `offset`. Returns out (N, O) and keeps z for backward. */
  forward(input: FloatArray, N: number, offset = 0): FloatArray {
    const O = this.spec.units;
    const ws = this.workspace(N);
    this.input = input;
    this.inputOffset = offset;
    this.mem.kernels.gemm(input, offset, this.W.value, 0, ws.z, 0, N, this.inputSize, O, false);
    const b = this.b.value;
    for (let r = 0; r < N; r++) {
      const o = r * O;
      for (let j = 0; j < O; j++) ws.z[o + j] += b[j];
    }
    if (this.spec.activation === 'softmax') softmaxRows(ws.z, ws.out, N, O);
    else activate(this.spec.activation, ws.z, ws.out, 0, N * O, 0);
    return ws.out;
  }

  /** Pre-activations of the latest forward pass (for losses fused with softmax). */
  preActivation(N: number): FloatArray {
    return this.workspace(N).z;
  }

  /**
   * dOut: (N, O) ∂L/∂out, or ∂L/∂z when `gradIsPreActivation` (softmax fused with the loss).
   * Accumulates ∂L/∂W and ∂L/∂b; returns ∂L/∂in (N, In).
   */
  backward(dOut: FloatArray, N: number, gradIsPreActivation = false): FloatArray {
    const O = this.spec.units;
    const ws = this.workspace(N);
    let dz = ws.dz;
    if (gradIsPreActivation) {
      dz = dOut;
    } else if (this.spec.activation === 'softmax') {
      softmaxRowsBackward(ws.out, dOut, ws.dz, N, O);
    } else {
      activationBackward(this.spec.activation, ws.z, ws.out, dOut, 0, ws.dz, 0, 0, N * O, 0);
    }
    // dW (In, O) += inᵀ · dz; db += Σ_rows dz; dIn (N, In) = dz · Wᵀ
    this.mem.kernels.gemmTN(this.input!, this.inputOffset, dz, 0, this.W.grad, 0, N, this.inputSize, O);
    this.mem.kernels.columnSums(dz, 0, N, O, this.b.grad);
    this.mem.kernels.gemmNT(dz, 0, this.W.value, 0, ws.dIn, 0, N, O, this.inputSize, false);
    return ws.dIn;
  }

  private workspace(N: number): Workspace {
    let ws = this.workspaces.get(N);
    if (!ws) {
      const O = this.spec.units;
      ws = {
        z: this.mem.alloc(N * O),
        out: this.mem.alloc(N * O),
        dz: this.mem.alloc(N * O),
        dIn: this.mem.alloc(N * this.inputSize),
      };
      this.workspaces.set(N, ws);
    }
    return ws;
  }
}
