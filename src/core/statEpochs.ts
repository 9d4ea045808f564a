// Which epochs keep their statistics (norms, histograms, gradient flow, gates, Wh snapshots)
// in metrics.ndjson and in the live panel: every epoch of the first 100, then about 500 more
// spread evenly over the run, every Wh-snapshot epoch (snapshots.ts) and the last — at most
// ~810 epochs of a run of any length. Every epoch keeps its scalars (loss, valLoss, ms, …),
// so a run's file grows by ~110 bytes per epoch instead of ~1 KB (tiny model) or far more.
// The trainer computes the statistics only on these epochs (trainer.ts): the other epochs'
// events carry the scalars alone, in --json too.

import { isSnapshotEpoch } from './snapshots';
import type { EpochEvent } from './trainer';

const EARLY_EPOCHS = 100;
const LATER_STAT_EPOCHS = 500;

/** The fields kept only on statistics epochs; every other field of an epoch is kept always. */
export type Statistic =
  | 'weightNorms'
  | 'gradNorms'
  | 'dhNorms'
  | 'dcNorms'
  | 'spectralNorms'
  | 'gateSaturation'
  | 'histograms'
  | 'whSnapshots';

/** Whether epoch e (1-based) of a run of `epochs` keeps its statistics. */
export function isStatEpoch(epoch: number, epochs: number): boolean {
  if (epoch <= EARLY_EPOCHS || epoch >= epochs || isSnapshotEpoch(epoch, epochs)) return true;
  return (epoch - EARLY_EPOCHS) % Math.ceil((epochs - EARLY_EPOCHS) / LATER_STAT_EPOCHS) === 0;
}

/** An epoch (event, metrics line or panel point) without its statistics. */
export function withoutStatistics<T extends Partial<Pick<EpochEvent, Statistic>>>(epoch: T): Omit<T, Statistic> {
  const {
    weightNorms,
    gradNorms,
    dhNorms,
    dcNorms,
    spectralNorms,
    gateSaturation,
    histograms,
    whSnapshots,
    ...scalars
  } = epoch;
  return scalars;
}
