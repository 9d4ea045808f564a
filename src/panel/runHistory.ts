// A run directory as the panel's first message: its header and its (downsampled) history.
// Used by the editor's panels and by `rnn-lab report`.

import { readMetrics } from '../runs/metricsFile';
import { runHeader } from '../runs/runHeader';
import { pidLiveness, readRunEntry, type Liveness } from '../runs/runStore';
import type { HostToPanel } from './protocol';
import { panelHistory, toEpochPoint } from './series';

export type ResetMessage = Extract<HostToPanel, { type: 'reset' }>;

/** undefined when the folder has no readable run.json. */
export async function readRunHistory(runDir: string, alive: Liveness = pidLiveness): Promise<ResetMessage | undefined> {
  const [entry, metrics] = await Promise.all([readRunEntry(runDir, alive), readMetrics(runDir)]);
  if (entry.kind !== 'run') return undefined;
  return { type: 'reset', runDir, header: runHeader(entry.record, entry.state), points: panelHistory(metrics.map(toEpochPoint)) };
}
