// What a Compare panel shows, read from the runs' directories: each run's loss curve and
// only the settings (experiment.json) that are not the same in all of them.

import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { readMetrics } from '../runs/metricsFile';
import { pidLiveness, readRunEntry, type Liveness } from '../runs/runStore';
import { settingsDiff } from '../runs/settingsDiff';
import type { ComparedRun, HostToCompare } from './protocol';
import { minMaxDownsample, PANEL_MAX_POINTS } from './series';

export const COMPARE_MIN_RUNS = 2;
export const COMPARE_MAX_RUNS = 7;

export async function readComparison(runDirs: readonly string[], alive: Liveness = pidLiveness): Promise<HostToCompare> {
  const runs = await Promise.all(runDirs.map(async (runDir) => {
    const [entry, metrics, experiment] = await Promise.all([readRunEntry(runDir, alive), readMetrics(runDir), readExperiment(runDir)]);
    const keep = minMaxDownsample(metrics.map((m) => m.loss), PANEL_MAX_POINTS);
    const run: ComparedRun = {
      runDir,
      label: path.basename(runDir),
      status: entry.kind === 'run' ? entry.state : 'failed',
      finalLoss: entry.kind === 'run' ? entry.record.finalLoss : null,
      points: keep.map((i) => ({ epoch: metrics[i].epoch, loss: metrics[i].loss, valLoss: metrics[i].valLoss })),
    };
    return { run, experiment };
  }));
  const settings = settingsDiff(runs.map((r) => r.experiment)).map((d) => ({ path: d.path, values: d.values.map((v) => v ?? null) }));
  return { type: 'compare', runs: runs.map((r) => r.run), settings };
}

async function readExperiment(runDir: string): Promise<unknown> {
  try {
    return JSON.parse(await readFile(path.join(runDir, 'experiment.json'), 'utf8'));
  } catch {
    return {};
  }
}
