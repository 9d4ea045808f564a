// Early stopping as Keras' EarlyStopping defines it: the monitored value improves when it falls
// below the best so far by more than minDelta; after `patience` epochs without improvement
// training stops. The best epoch's weights are kept (a copy after that epoch's updates) so that
// restoreBest can put them back at the end.

import type { Param } from './param';
import type { FloatArray } from './tensor';

export type Monitor = 'valLoss' | 'loss';

export interface EarlyStoppingSpec {
  readonly monitor: Monitor;
  readonly patience: number;
  readonly minDelta: number;
  readonly restoreBest: boolean;
}

export class EarlyStopping {
  bestEpoch = 0;
  bestValue = Infinity;
  private sinceBest = 0;
  private readonly bestWeights: FloatArray[] | undefined;

  constructor(
    readonly spec: EarlyStoppingSpec,
    private readonly params: readonly Param[],
  ) {
    this.bestWeights = spec.restoreBest ? params.map((p) => p.value.slice()) : undefined;
  }

  /** After an epoch: records an improvement; returns true when training should stop. */
  observe(epoch: number, value: number): boolean {
    if (value < this.bestValue - this.spec.minDelta) {
      this.bestValue = value;
      this.bestEpoch = epoch;
      this.sinceBest = 0;
      this.bestWeights?.forEach((copy, k) => copy.set(this.params[k].value));
      return false;
    }
    this.sinceBest++;
    return this.sinceBest >= this.spec.patience;
  }

  /** Puts the best epoch's weights back (restoreBest); false when there is nothing to restore. */
  restore(): boolean {
    if (!this.bestWeights || this.bestEpoch === 0) return false;
    this.bestWeights.forEach((copy, k) => this.params[k].value.set(copy));
    return true;
  }
}
