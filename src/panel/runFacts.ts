// What a run came to, from its whole metrics.ndjson (the panel's history may be downsampled):
// final and best losses with their epochs, and the last epoch's other figures (accuracy,
// perplexity, learning rate, … whichever the run recorded). Read by the panel's "Experiment"
// section, the report and Compare's table.

import { readMetrics } from '../runs/metricsFile';
import { readRecordedExperiment } from '../runs/recordedExperiment';
import { flattenSettings } from '../runs/settingsDiff';
import type { Best, LossFacts, RunAbout } from './protocol';

/** Fields of a metrics line that are not a figure to report (or are reported as losses). */
const NOT_FIGURES = new Set(['type', 'epoch', 'epochs', 'loss', 'valLoss', 'ms', 'clippedBatches']);

type Line = { readonly epoch: number; readonly loss: number; readonly valLoss: number | null };

export function lossFacts(lines: readonly Line[]): LossFacts {
  const best = (pick: (l: Line) => number | null): Best | null => {
    let found: Best | null = null;
    for (const l of lines) {
      const v = pick(l);
      if (v !== null && Number.isFinite(v) && (found === null || v < found.value)) found = { value: v, epoch: l.epoch };
    }
    return found;
  };
  const last = lines[lines.length - 1];
  const figures: Record<string, number> = {};
  for (const [k, v] of Object.entries((last ?? {}) as Record<string, unknown>))
    if (!NOT_FIGURES.has(k) && typeof v === 'number') figures[k] = v;
  return {
    finalLoss: last?.loss ?? null,
    finalValLoss: last?.valLoss ?? null,
    bestLoss: best((l) => l.loss),
    bestValLoss: best((l) => l.valLoss),
    figures,
  };
}

export async function readRunAbout(runDir: string): Promise<RunAbout> {
  const [lines, experiment] = await Promise.all([readMetrics(runDir), readExperiment(runDir)]);
  const settings =
    experiment === undefined ? [] : flattenSettings(experiment).map((s) => ({ path: s.path, value: s.shown }));
  return { settings, ...lossFacts(lines) };
}

export function readExperiment(runDir: string): Promise<unknown> {
  return readRecordedExperiment(runDir);
}
