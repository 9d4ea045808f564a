// Classic synthetic sequence tasks, seeded. Each sample is drawn independently from the
// generator stream of the experiment seed.

import type { Dataset } from '../core/dataset';
import { Rng } from '../core/rng';
import { failed, type DataResult } from './result';
import type { DatasetShape, GeneratorData, SpecLocator } from './spec';

/** The generator's samples, described from the spec alone and generated on demand. */
export function planGenerator(spec: GeneratorData, seed: number, doc: SpecLocator): DataResult {
  if (spec.generator === 'copy' && spec.steps < 2 * spec.length! + 1) {
    return failed(
      doc.at(
        ['data', doc.has(['data', 'steps']) ? 'steps' : 'length'],
        `the copy task needs steps ≥ 2·length + 1 = ${2 * spec.length! + 1} (steps is ${spec.steps})`,
      ),
    );
  }
  return {
    plan: { shape: generatedShape(spec), sizeField: ['data', 'samples'], build: () => generate(spec, seed) },
    diagnostics: [],
  };
}

/** What generate(spec) returns, but for x and y. */
export function generatedShape(spec: GeneratorData): DatasetShape {
  const { samples: count, steps } = spec;
  switch (spec.generator) {
    case 'sine':
    case 'parity':
      return { count, steps, inputSize: 1, outputSize: 1, sequenceTargets: false };
    case 'addition':
      return { count, steps, inputSize: 2, outputSize: 1, sequenceTargets: false };
    case 'copy': {
      const width = (spec.symbols ?? 4) + 2;
      return { count, steps, inputSize: width, outputSize: width, sequenceTargets: true };
    }
  }
}

export function generate(spec: GeneratorData, seed: number): Dataset {
  const rng = new Rng(seed, 'generator');
  switch (spec.generator) {
    case 'sine':
      return sine(spec.samples, spec.steps, spec.noise ?? 0, rng);
    case 'addition':
      return addition(spec.samples, spec.steps, rng);
    case 'parity':
      return parity(spec.samples, spec.steps, rng);
    case 'copy':
      return copy(spec.samples, spec.steps, spec.length ?? 5, spec.symbols ?? 4, rng);
  }
}

/** Next value of sin(ω·t + φ): ω ∈ [0.1, 0.6) rad per step, φ ∈ [0, 2π). x (N, T, 1), y (N, 1). */
function sine(N: number, T: number, noise: number, rng: Rng): Dataset {
  const x = new Float64Array(N * T);
  const y = new Float64Array(N);
  for (let n = 0; n < N; n++) {
    const omega = rng.range(0.1, 0.6);
    const phi = rng.range(0, 2 * Math.PI);
    for (let t = 0; t < T; t++) x[n * T + t] = Math.sin(omega * t + phi) + (noise > 0 ? noise * rng.normal() : 0);
    y[n] = Math.sin(omega * T + phi);
  }
  return { count: N, steps: T, inputSize: 1, outputSize: 1, sequenceTargets: false, x, y };
}

/**
 * The adding problem (Hochreiter & Schmidhuber 1997): each step carries a value in [0, 1) and
 * a marker; exactly two steps are marked, one in each half; the target is their sum.
 */
function addition(N: number, T: number, rng: Rng): Dataset {
  const x = new Float64Array(N * T * 2);
  const y = new Float64Array(N);
  const half = Math.max(1, Math.floor(T / 2));
  for (let n = 0; n < N; n++) {
    for (let t = 0; t < T; t++) x[(n * T + t) * 2] = rng.uniform();
    const first = rng.int(half);
    const second = T > 1 ? half + rng.int(T - half) : first;
    x[(n * T + first) * 2 + 1] = 1;
    x[(n * T + second) * 2 + 1] = 1;
    y[n] = x[(n * T + first) * 2] + (second !== first ? x[(n * T + second) * 2] : 0);
  }
  return { count: N, steps: T, inputSize: 2, outputSize: 1, sequenceTargets: false, x, y };
}

/** Random bits; the target is their XOR (1 when the count of ones is odd). */
function parity(N: number, T: number, rng: Rng): Dataset {
  const x = new Float64Array(N * T);
  const y = new Float64Array(N);
  for (let n = 0; n < N; n++) {
    let ones = 0;
    for (let t = 0; t < T; t++) {
      const bit = rng.int(2);
      x[n * T + t] = bit;
      ones += bit;
    }
    y[n] = ones % 2;
  }
  return { count: N, steps: T, inputSize: 1, outputSize: 1, sequenceTargets: false, x, y };
}

/**
 * Copy memory task: `length` random symbols, blanks, a delimiter at step T − length − 1, then
 * the model must emit the symbols in the last `length` steps (blank everywhere else).
 * One-hot width symbols + 2: index 0 = blank, 1 = delimiter, 2… = symbols. Needs T ≥ 2·length + 1.
 */
function copy(N: number, T: number, length: number, symbols: number, rng: Rng): Dataset {
  const W = symbols + 2;
  const x = new Float64Array(N * T * W);
  const y = new Float64Array(N * T * W);
  const delimiterAt = T - length - 1;
  for (let n = 0; n < N; n++) {
    const sequence = Array.from({ length }, () => 2 + rng.int(symbols));
    for (let t = 0; t < T; t++) {
      const input = t < length ? sequence[t] : t === delimiterAt ? 1 : 0;
      const target = t > delimiterAt ? sequence[t - delimiterAt - 1] : 0;
      x[(n * T + t) * W + input] = 1;
      y[(n * T + t) * W + target] = 1;
    }
  }
  return { count: N, steps: T, inputSize: W, outputSize: W, sequenceTargets: true, x, y };
}
