// Whether a run was trained with other settings than the experiment file has now (the file was
// edited since, or the run re-ran an older run's settings): the "Last run" lens says so.

import { JsonDocument } from '../../experiment/jsonDocument';
import { resolveExperiment } from '../../experiment/resolve';
import { schemaDiagnostics } from '../../experiment/schemaCheck';
import { readRecordedExperiment } from '../../runs/recordedExperiment';
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
  const recorded = await readRecordedExperiment(runDir);
  if (recorded === undefined) return [];
  const now: unknown = JSON.parse(JSON.stringify(experiment));
  return settingsDiff([recorded, now])
    .map((d) => d.path)
    .filter((p) => !IRRELEVANT.some((r) => r.test(p)));
}
