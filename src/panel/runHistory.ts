// A run directory as the panel's first message: its header and its (downsampled) history.
// Used by the editor's panels and by `rnn-lab report`.

import { readMetrics } from '../runs/metricsFile';
import { readRunRecord, runHeader } from '../runs/runRecordFile';
import type { HostToPanel } from './protocol';
import { panelHistory, toEpochPoint } from './series';

export type ResetMessage = Extract<HostToPanel, { type: 'reset' }>;

/** undefined when the folder has no readable run.json. */
export async function readRunHistory(runDir: string): Promise<ResetMessage | undefined> {
  const [record, metrics] = await Promise.all([readRunRecord(runDir), readMetrics(runDir)]);
  if (!record) return undefined;
  return { type: 'reset', runDir, header: runHeader(record), points: panelHistory(metrics.map(toEpochPoint)) };
}
