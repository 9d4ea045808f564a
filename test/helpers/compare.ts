// How tests compare numbers: with PyTorch's golden values and between the fast and reference
// kernels. One definition each, so every test means the same by "agrees to 1e-10".

import type { Dataset } from '../../src/core/dataset';

/** |a − b| / max(|a|, |b|, 1e-12): the relative difference of two scalars. */
export function relativeDifference(a: number, b: number): number {
  return Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b), 1e-12);
}

/** max |x − y| / max(1, max |y|): relative to the size of the values compared. */
export function closeness(x: ArrayLike<number>, y: ArrayLike<number>): number {
  let diff = 0;
  let scale = 1;
  for (let i = 0; i < y.length; i++) {
    diff = Math.max(diff, Math.abs(x[i] - y[i]));
    scale = Math.max(scale, Math.abs(y[i]));
  }
  return diff / scale;
}

/**
 * A golden file's samples as a Dataset: x (B, T, I) and y (B, O) or (B, T, O) nested, as the
 * generators in test/golden/ write them (sample-major, like experiment files).
 */
export function goldenDataset(x: number[][][], y: number[][] | number[][][]): Dataset {
  const sequenceTargets = Array.isArray(y[0][0]);
  const width = sequenceTargets ? (y as number[][][])[0][0].length : (y as number[][])[0].length;
  return {
    count: x.length,
    steps: x[0].length,
    inputSize: x[0][0].length,
    outputSize: width,
    sequenceTargets,
    x: Float64Array.from(x.flat(2)),
    y: Float64Array.from((y as number[][]).flat<number[][], 2>(2)),
  };
}
