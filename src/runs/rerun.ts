// A re-run repeats a run exactly: it trains the resolved experiment the run recorded
// (experiment.json: every default filled in, the seed, data paths made absolute), not the
// experiment file as it reads today, and it is filed under the same experiment file.

import * as path from 'node:path';
import { diagnosticAt } from '../diagnostics/diagnostic';
import { loadExperiment, type LoadResult } from '../experiment/load';
import { readRunEntry } from './runStore';

export async function loadRerun(runDir: string): Promise<LoadResult> {
  const entry = await readRunEntry(runDir, () => true);
  if (entry.kind === 'damaged')
    return { diagnostics: [diagnosticAt(path.join(runDir, 'run.json'), 1, 1, `cannot re-run: ${entry.reason}`)] };
  const { loaded, diagnostics } = await loadExperiment(path.join(runDir, 'experiment.json'));
  if (!loaded) return { diagnostics };
  return { diagnostics: [], loaded: { ...loaded, file: entry.record.source } };
}
