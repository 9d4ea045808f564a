// The header a panel or report shows for a run (run.json is read by runStore.readRunEntry).

import type { RunHeader } from '../panel/protocol';
import type { RunRecord } from './runRecord';
import type { RunState } from './runStore';

/** `state` is what the run is now (an interrupted run's record still says running). */
export function runHeader(r: RunRecord, state: RunState = r.status): RunHeader {
  return {
    name: r.name, status: state, epochs: r.epochs, epochsCompleted: r.epochsCompleted, startedAt: r.startedAt,
    endedAt: r.endedAt, finalLoss: r.finalLoss, ...(r.message ? { message: r.message } : {}),
  };
}
