// Generating text from a character model one character at a time, as char-rnn samples
// (Karpathy 2015): feed the prime, then repeatedly draw the next character from the softmax
// at temperature T — p_T ∝ exp(z / T) over the logits z, argmax at T = 0 — and feed it back,
// the hidden state carried from step to step (never reset, so text can be longer than the
// training sequences).
//
// The Stepper runs a model one step at a time with a state it keeps. It uses the model's
// parameters and the reference pointwise kernels (pointwise.ts), in float64; a test checks
// that stepping a sequence gives what Model.forward gives for it.

import { activate, softmaxRows } from './activations';
import { argmax } from './metrics';
import { gemm } from './linalg';
import { ElmanCell } from './layers/elman';
import type { Model } from './model';
import { biasTanh, gruForward, lstmForward } from './pointwise';
import { Rng } from './rng';

/** The random stream samples draw from, apart from init, shuffling and generators. */
const SAMPLE_STREAM = 16;

export interface RecurrentState {
  /** [h[t−1] | h[t]] (2H): the kernels read the previous half and write the next. */
  readonly h: Float64Array;
  /** lstm: [c[t−1] | c[t]] (2H). */
  readonly c: Float64Array;
}

export class Stepper {
  private readonly states: RecurrentState[];
  private readonly logits: Float64Array;
  readonly probabilities: Float64Array;

  /** Throws for a model with weights per step: it has no step function beyond its T steps. */
  constructor(readonly model: Model) {
    const perStep = model.recurrentLayers.find((l) => !l.spec.shareWeights);
    if (perStep)
      throw new Error(
        `layer ${perStep.index} has weights per step, so it cannot run beyond its ${model.spec.steps} steps`,
      );
    this.states = model.recurrentLayers.map((l) => ({
      h: new Float64Array(2 * l.units),
      c: new Float64Array(2 * l.units),
    }));
    this.logits = new Float64Array(model.outputWidth);
    this.probabilities = new Float64Array(model.outputWidth);
  }

  /** h[−1] = c[−1] = 0, as every training sequence starts. */
  reset(): void {
    for (const s of this.states) {
      s.h.fill(0);
      s.c.fill(0);
    }
  }

  /**
   * One step on input x (I). Returns the model's output (O) — the softmax's probabilities for a
   * character model — and keeps the pre-activation of the last dense layer in `logitsOf()`.
   */
  step(x: ArrayLike<number>): Float64Array {
    let input = Float64Array.from(x);
    this.model.recurrentLayers.forEach((layer, l) => {
      const H = layer.units;
      const GH = layer.gateCount * H;
      const w = layer.weightsAt(0);
      const { h, c } = this.states[l];
      h.copyWithin(0, H, 2 * H); // h[t] of the last step becomes h[t−1]
      c.copyWithin(0, H, 2 * H);
      const z = new Float64Array(GH);
      gemm(input, 0, w.Wx.value, 0, z, 0, 1, layer.inputSize, GH, false);
      if (layer.kind === 'gru') {
        const zh = new Float64Array(GH);
        gemm(h, 0, w.Wh.value, 0, zh, 0, 1, H, GH, false);
        gruForward(z, zh, w.bx.value, w.bh!.value, h, 0, H, 0, 1, H);
      } else {
        gemm(h, 0, w.Wh.value, 0, z, 0, 1, H, GH, true);
        if (layer.kind === 'lstm') {
          lstmForward(z, w.bx.value, w.bh!.value, c, new Float64Array(2 * H), h, 0, H, 0, 1, H);
        } else {
          const cell = layer.cell as ElmanCell;
          const shifted = new Float64Array(2 * H);
          shifted.set(z, H);
          if (cell.activation === 'tanh') {
            biasTanh(shifted, w.bx.value, h, H, 1, H);
          } else {
            for (let j = 0; j < H; j++) shifted[H + j] += w.bx.value[j];
            activate(cell.activation, shifted, h, H, H, cell.alpha ? cell.alpha.value[0] : 0);
          }
        }
      }
      input = h.slice(H, 2 * H);
    });
    let out = input;
    for (const dense of this.model.denseLayers) {
      const O = dense.units;
      const zd = new Float64Array(O);
      gemm(out, 0, dense.W.value, 0, zd, 0, 1, dense.inputSize, O, false);
      for (let j = 0; j < O; j++) zd[j] += dense.b.value[j];
      this.logits.set(zd.subarray(0, Math.min(O, this.logits.length)));
      out = new Float64Array(O);
      if (dense.spec.activation === 'softmax') softmaxRows(zd, out, 1, O);
      else activate(dense.spec.activation, zd, out, 0, O, 0);
    }
    this.probabilities.set(out);
    return this.probabilities;
  }

  /** The last dense layer's pre-activations of the latest step (the softmax's logits). */
  logitsOf(): Float64Array {
    return this.logits;
  }
}

/** p_T ∝ exp(z / T) over logits z; T = 0: all mass on the argmax (the first on ties). */
export function temperatureDistribution(logits: ArrayLike<number>, temperature: number): Float64Array {
  const n = logits.length;
  const p = new Float64Array(n);
  if (temperature === 0) {
    p[argmax(logits, 0, n)] = 1;
    return p;
  }
  const scaled = Float64Array.from(logits, (z) => z / temperature);
  softmaxRows(scaled, p, 1, n);
  return p;
}

/** The index whose cumulative probability first exceeds u ∈ [0, 1). */
export function draw(p: ArrayLike<number>, u: number): number {
  let cumulative = 0;
  for (let k = 0; k < p.length; k++) {
    cumulative += p[k];
    if (u < cumulative) return k;
  }
  for (let k = p.length - 1; k >= 0; k--) if (p[k] > 0) return k; // rounding left u above the sum
  return p.length - 1;
}

export interface SampleSpec {
  /** Class indices of the prime text (at least one). */
  readonly prime: readonly number[];
  readonly length: number;
  readonly temperature: number;
  readonly seed: number;
}

/** The generated class indices (not including the prime). Deterministic for a seed. */
export function sampleIndices(stepper: Stepper, spec: SampleSpec): number[] {
  if (spec.prime.length === 0) throw new Error('sampling needs a prime of at least one character');
  const V = stepper.model.outputWidth;
  const I = stepper.model.spec.inputSize;
  const rng = new Rng(spec.seed, SAMPLE_STREAM);
  const x = new Float64Array(I);
  const feed = (k: number) => {
    x.fill(0);
    x[k] = 1;
    stepper.step(x);
  };
  stepper.reset();
  spec.prime.forEach(feed);
  const out: number[] = [];
  for (let n = 0; n < spec.length; n++) {
    const k = draw(temperatureDistribution(stepper.logitsOf().subarray(0, V), spec.temperature), rng.uniform());
    out.push(k);
    if (n + 1 < spec.length) feed(k);
  }
  return out;
}

/** A sample recorded with an epoch (metrics.ndjson), shown by the panel's Samples box. */
export interface EpochSample {
  readonly prime: string;
  readonly text: string;
  readonly temperature: number;
  readonly seed: number;
}

/**
 * Samples during training: every `every` epochs and at the last, `length` characters at
 * temperature 1 with the run's seed, primed with the first character of the training text.
 */
export class PeriodicSampler {
  static readonly LENGTH = 200;

  constructor(
    private readonly vocabulary: readonly string[],
    private readonly primeIndex: number,
    private readonly every: number,
    private readonly epochs: number,
    private readonly seed: number,
  ) {}

  /** Every ~tenth of the run (at least every epoch), unless `every` says otherwise; 0: never. */
  static defaultEvery(epochs: number): number {
    return Math.max(1, Math.ceil(epochs / 10));
  }

  isSampleEpoch(epoch: number): boolean {
    return this.every > 0 && (epoch % this.every === 0 || epoch === this.epochs);
  }

  sample(model: Model): EpochSample {
    const indices = sampleIndices(new Stepper(model), {
      prime: [this.primeIndex],
      length: PeriodicSampler.LENGTH,
      temperature: 1,
      seed: this.seed,
    });
    return {
      prime: this.vocabulary[this.primeIndex],
      text: indices.map((k) => this.vocabulary[k]).join(''),
      temperature: 1,
      seed: this.seed,
    };
  }
}
