// A run directory as the panel's first message: its header and its (downsampled) history.
// Used by the editor's panels and by `rnn-lab report`.

import { isStatEpoch, withoutStatistics } from '../core/statEpochs';
import { metricsLines } from '../runs/metricsFile';
import { runHeader } from '../runs/runHeader';
import { pidLiveness, readRunEntry, type Liveness } from '../runs/runStore';
import type { EpochPoint, HostToPanel } from './protocol';
import { panelHistory, toEpochPoint } from './series';

export type ResetMessage = Extract<HostToPanel, { type: 'reset' }>;

/** undefined when the folder has no readable run.json. */
export async function readRunHistory(runDir: string, alive: Liveness = pidLiveness): Promise<ResetMessage | undefined> {
  const [entry, points] = await Promise.all([readRunEntry(runDir, alive), readPoints(runDir)]);
  if (entry.kind !== 'run') return undefined;
  return { type: 'reset', runDir, header: runHeader(entry.record, entry.state), points: panelHistory(points) };
}

/**
 * Every epoch, streamed, with its statistics only where a run keeps them now (core/statEpochs:
 * files of older versions have them every epoch), so a long run fits in memory.
 */
async function readPoints(runDir: string): Promise<EpochPoint[]> {
  const points: EpochPoint[] = [];
  for await (const event of metricsLines(runDir)) {
    const point = toEpochPoint(event);
    points.push(isStatEpoch(event.epoch, event.epochs) ? point : withoutStatistics(point));
  }
  return points;
}
