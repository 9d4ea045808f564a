// Asynchronous successive halving (ASHA; Li et al. 2020, as Ray Tune's AsyncHyperBandScheduler):
// rungs at epochs minEpochs·η^k below the trials' epochs. A trial reaching a rung is compared
// with the values the trials recorded there before it: it continues when it is at least as good
// as the best 1/η of them (the (1/η)-quantile, linear interpolation), and is stopped otherwise.
// The first trial at a rung always continues. Decisions depend on the order trials reach a rung,
// which with parallel trials depends on timing; with one trial at a time they are deterministic.

import { isBetter, type Goal } from './metric';
import type { PruneSpec } from './spec';

export interface PruneDecision {
  readonly epoch: number;
  readonly value: number;
  /** The value it had to be at least as good as. */
  readonly cutoff: number;
}

export class SuccessiveHalving {
  /** Rung epoch → the values recorded there, by trial. */
  private readonly rungs = new Map<number, Map<number, number>>();

  constructor(
    private readonly spec: PruneSpec,
    epochs: number,
    private readonly goal: Goal,
  ) {
    for (let r = spec.minEpochs, k = 1; r < epochs; r = Math.round(spec.minEpochs * spec.reductionFactor ** k++)) {
      if (!this.rungs.has(r)) this.rungs.set(r, new Map());
    }
  }

  get rungEpochs(): number[] {
    return [...this.rungs.keys()];
  }

  isRung(epoch: number): boolean {
    return this.rungs.has(epoch);
  }

  /**
   * A trial's metric at an epoch. At a rung: records it, and returns the decision to stop the
   * trial when it is worse than the rung's cutoff (undefined: continue). A missing or
   * non-finite value is worse than any.
   */
  report(trial: number, epoch: number, value: number | undefined): PruneDecision | undefined {
    const recorded = this.rungs.get(epoch);
    if (!recorded || recorded.has(trial)) return undefined;
    const v = value !== undefined && Number.isFinite(value) ? value : this.goal === 'minimize' ? Infinity : -Infinity;
    const cutoff = this.cutoff([...recorded.values()]);
    recorded.set(trial, v);
    if (cutoff === undefined || !isBetter(cutoff, v, this.goal)) return undefined;
    return { epoch, value: v, cutoff };
  }

  /** The (1/η)-quantile from the good end of the values; undefined when there are none. */
  private cutoff(values: number[]): number | undefined {
    const finite = values.filter(Number.isFinite).sort((a, b) => (this.goal === 'minimize' ? a - b : b - a));
    if (finite.length === 0) return undefined;
    const position = (finite.length - 1) / this.spec.reductionFactor;
    const lo = Math.floor(position);
    const hi = Math.min(finite.length - 1, lo + 1);
    return finite[lo] + (finite[hi] - finite[lo]) * (position - lo);
  }
}
