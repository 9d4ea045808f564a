// The header a panel or report shows for a run: what its run.json says, with the run's state
// now (run.json itself is read by runStore.readRunEntry).

import type { RunRecord, RunState } from './runRecord';

export interface RunHeader {
  readonly name: string;
  readonly status: RunState;
  readonly epochs: number;
  readonly epochsCompleted: number;
  /** ISO 8601; elapsed and remaining time are derived from it. */
  readonly startedAt: string;
  readonly endedAt: string | null;
  readonly finalLoss: number | null;
  readonly message?: string;
}

/** `state` is what the run is now (an interrupted run's record still says running). */
export function runHeader(r: RunRecord, state: RunState = r.status): RunHeader {
  return {
    name: r.name,
    status: state,
    epochs: r.epochs,
    epochsCompleted: r.epochsCompleted,
    startedAt: r.startedAt,
    endedAt: r.endedAt,
    finalLoss: r.finalLoss,
    ...(r.message ? { message: r.message } : {}),
  };
}
