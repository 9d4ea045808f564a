// Runs one whole epoch of a Trainer synchronously (tests do not need the event-loop turns).

import type { EpochEvent, EpochStatistics, Trainer } from '../../src/core/trainer';
import type { TraceEvent } from '../../src/core/trace';

export function runEpoch(trainer: Trainer, onTrace?: (e: TraceEvent) => void): EpochEvent {
  const steps = trainer.epoch(onTrace);
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}

/** An epoch that keeps its statistics (statEpochs.ts: every epoch of a short run does): fails otherwise. */
export function runStatEpoch(
  trainer: Trainer,
  onTrace?: (e: TraceEvent) => void,
): EpochEvent & Omit<EpochStatistics, 'whSnapshots'> {
  const e = runEpoch(trainer, onTrace);
  if (e.weightNorms === undefined || e.gradNorms === undefined || e.dhNorms === undefined)
    throw new Error(`epoch ${e.epoch} of ${e.epochs} carries no statistics`);
  return e as EpochEvent & Omit<EpochStatistics, 'whSnapshots'>;
}
