// Runs one whole epoch of a Trainer synchronously (tests do not need the event-loop turns).

import type { EpochEvent, Trainer } from '../../src/core/trainer';
import type { TraceEvent } from '../../src/core/trace';

export function runEpoch(trainer: Trainer, onTrace?: (e: TraceEvent) => void): EpochEvent {
  const steps = trainer.epoch(onTrace);
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}
