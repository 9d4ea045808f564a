// Pure helpers for the panel's charts: honest smoothing and downsampling that keeps spikes.

import type { EpochEvent } from '../core/trainer';
import type { EpochPoint } from './protocol';

/** An epoch event as the panel keeps it (without its type and the run's epoch count). */
export function toEpochPoint({ type: _, epochs: __, ...point }: EpochEvent): EpochPoint {
  return point;
}

/**
 * Exponential moving average debiased like Adam's moments (and TensorBoard): the first
 * points are not dragged towards 0. weight 0 returns the values unchanged.
 */
export function debiasedEma(values: readonly (number | null)[], weight: number): (number | null)[] {
  let ema = 0;
  let count = 0;
  return values.map((v) => {
    if (v === null || !Number.isFinite(v)) return null;
    count++;
    ema = weight * ema + (1 - weight) * v;
    return weight === 0 ? v : ema / (1 - weight ** count);
  });
}

/**
 * Indices of at most ~`max` points that keep the shape of `values`: the first and last, and
 * in each bucket the minimum and the maximum (so a loss spike survives), in order.
 */
export function minMaxDownsample(values: readonly number[], max: number): number[] {
  const n = values.length;
  if (n <= max) return Array.from({ length: n }, (_, i) => i);
  const buckets = Math.max(1, Math.floor((max - 2) / 2));
  const size = (n - 2) / buckets;
  const keep = [0];
  for (let b = 0; b < buckets; b++) {
    const from = 1 + Math.floor(b * size);
    const to = Math.min(n - 1, 1 + Math.floor((b + 1) * size));
    let lo = from;
    let hi = from;
    for (let i = from; i < to; i++) {
      if (values[i] < values[lo]) lo = i;
      if (values[i] > values[hi]) hi = i;
    }
    if (to <= from) continue;
    if (lo === hi) keep.push(lo);
    else keep.push(Math.min(lo, hi), Math.max(lo, hi));
  }
  keep.push(n - 1);
  return keep;
}

/** The most epochs the host sends the panel at once; longer histories are downsampled. */
export const PANEL_MAX_POINTS = 2000;

/**
 * A long history thinned for the panel by the training loss, keeping spikes, the first and
 * the last epoch, and every epoch that carries Wh snapshots (a few hundred at most), so the
 * heatmap has pictures to show. Each kept epoch keeps all its statistics.
 */
export function panelHistory<T extends { loss: number; whSnapshots?: unknown }>(
  points: readonly T[],
  max = PANEL_MAX_POINTS,
): T[] {
  if (points.length <= max) return points.slice();
  const keep = new Set(
    minMaxDownsample(
      points.map((p) => p.loss),
      max,
    ),
  );
  points.forEach((p, i) => {
    if (p.whSnapshots) keep.add(i);
  });
  return [...keep].sort((a, b) => a - b).map((i) => points[i]);
}
