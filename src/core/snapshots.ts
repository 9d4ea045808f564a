// Small pictures of each Wh for the panel's heatmap: block-averaged to at most 32×32 and
// taken on a schedule (every epoch early on, then ~200 times a run), so a long run of a
// large model does not fill metrics.ndjson with matrices.

import type { FloatArray } from './tensor';

export const SNAPSHOT_MAX_SIDE = 32;
const EARLY_EPOCHS = 10;
const SNAPSHOTS_PER_RUN = 200;

export interface MatrixSnapshot {
  /** Side lengths after pooling; values row-major. */
  readonly rows: number;
  readonly cols: number;
  /** Size of the original matrix (rows × cols of Wh before pooling). */
  readonly shape: [number, number];
  readonly values: number[];
}

/** Whether epoch e (1-based) of a run of `epochs` gets snapshots. */
export function isSnapshotEpoch(epoch: number, epochs: number): boolean {
  if (epoch <= EARLY_EPOCHS || epoch === epochs) return true;
  return epoch % Math.max(1, Math.ceil(epochs / SNAPSHOTS_PER_RUN)) === 0;
}

/** Mean over blocks so that neither side exceeds SNAPSHOT_MAX_SIDE; exact when small enough. */
export function snapshot(m: FloatArray, rows: number, cols: number): MatrixSnapshot {
  const r = Math.min(rows, SNAPSHOT_MAX_SIDE);
  const c = Math.min(cols, SNAPSHOT_MAX_SIDE);
  const values = new Array<number>(r * c).fill(0);
  const counts = new Array<number>(r * c).fill(0);
  for (let i = 0; i < rows; i++) {
    const bi = Math.floor((i * r) / rows);
    for (let j = 0; j < cols; j++) {
      const k = bi * c + Math.floor((j * c) / cols);
      values[k] += m[i * cols + j];
      counts[k]++;
    }
  }
  for (let k = 0; k < values.length; k++) values[k] /= counts[k];
  return { rows: r, cols: c, shape: [rows, cols], values };
}
