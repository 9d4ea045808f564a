// Whether a run was trained with other settings than the experiment file has now (the file was
// edited since, or the run re-ran an older run's settings): the "Last run" lens says so.

import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { JsonDocument } from '../../experiment/jsonDocument';
import { resolveExperiment } from '../../experiment/resolve';
import { schemaDiagnostics } from '../../experiment/schemaCheck';
import { settingsDiff } from '../../runs/settingsDiff';

/** Settings that do not change what a run computes: how it is traced, how many threads. */
const IRRELEVANT = [/^trace\./, /^training\.threads$/];

/**
 * The settings in which the run's experiment.json and the file's text differ; [] when they
 * agree, and also when either cannot be read (nothing is claimed then).
 */
export async function settingsChangedSince(runDir: string, file: string, text: string): Promise<string[]> {
  const doc = new JsonDocument(file, text);
  if (doc.syntaxErrors.length || schemaDiagnostics(doc).length) return [];
  const { experiment, diagnostics } = resolveExperiment(doc);
  if (!experiment || diagnostics.length) return [];
  let recorded: unknown;
  try {
    recorded = JSON.parse(await readFile(path.join(runDir, 'experiment.json'), 'utf8'));
  } catch {
    return [];
  }
  const now: unknown = JSON.parse(JSON.stringify(experiment));
  return settingsDiff([recorded, now])
    .map((d) => d.path)
    .filter((p) => !IRRELEVANT.some((r) => r.test(p)));
}
