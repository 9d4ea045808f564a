// What a Compare panel shows, read from the runs' directories: each run's loss curve, what it
// came to (final and best losses, its last figures) and only the settings (experiment.json)
// that are not the same in all of them.

import { readMetrics } from '../runs/metricsFile';
import { pidLiveness, readRunEntry, type Liveness } from '../runs/runStore';
import { engineDetail, runEngine } from '../runs/runEngine';
import { settingsDiff } from '../runs/settingsDiff';
import type { ComparedRun, HostToCompare } from './protocol';
import { lossFacts, readExperiment } from './runFacts';
import { runTime, shortSetting } from './runLabels';
import { minMaxDownsample, PANEL_MAX_POINTS } from './series';

export const COMPARE_MIN_RUNS = 2;
export const COMPARE_MAX_RUNS = 7;
/** A legend names at most this many of a run's differing settings. */
const LEGEND_SETTINGS = 3;

/** Settings a legend can say in a word: not inline data (`data.x`, `[2 values]`, nested arrays). */
function legible(settingPath: string, value: string | null): boolean {
  return !/^data\.[xy]$/.test(settingPath) && !(value ?? '').startsWith('[');
}

export async function readComparison(
  runDirs: readonly string[],
  alive: Liveness = pidLiveness,
  now = new Date(),
): Promise<HostToCompare> {
  const read = await Promise.all(
    runDirs.map(async (runDir) => {
      const [entry, metrics, experiment] = await Promise.all([
        readRunEntry(runDir, alive),
        readMetrics(runDir),
        readExperiment(runDir),
      ]);
      return { runDir, entry, metrics, experiment: experiment ?? {} };
    }),
  );
  const settings = settingsDiff(read.map((r) => r.experiment)).map((d) => ({
    path: d.path,
    values: d.values.map((v) => v ?? null),
  }));
  // Runs of both engines side by side: each legend says which.
  const engines = read.map(({ entry }) => (entry.kind === 'run' ? runEngine(entry.record) : undefined));
  const mixed = new Set(engines).size > 1;
  const runs = read.map(({ runDir, entry, metrics }, i): ComparedRun => {
    const keep = minMaxDownsample(
      metrics.map((m) => m.loss),
      PANEL_MAX_POINTS,
    );
    const differs = settings
      .filter((s) => legible(s.path, s.values[i]))
      .slice(0, LEGEND_SETTINGS)
      .map((s) => (s.path === 'name' ? (s.values[i] ?? '—') : shortSetting(s.path, s.values[i])));
    return {
      runDir,
      engine: entry.kind === 'run' ? engineDetail(entry.record) : '—',
      label: [runTime(runDir, now), ...(mixed ? [engines[i] ?? '—'] : []), ...differs].join(' · '),
      status: entry.kind === 'run' ? entry.state : 'failed',
      finalLoss: entry.kind === 'run' ? entry.record.finalLoss : null,
      epochs: entry.kind === 'run' ? entry.record.epochs : metrics.length,
      startedAt: entry.kind === 'run' ? entry.record.startedAt : null,
      facts: lossFacts(metrics),
      points: keep.map((k) => ({ epoch: metrics[k].epoch, loss: metrics[k].loss, valLoss: metrics[k].valLoss })),
    };
  });
  return { type: 'compare', runs, settings };
}
