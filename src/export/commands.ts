// `rnn-lab export FILE|RUN_DIR --to pytorch --out DIR` and
// `rnn-lab import-weights STATE_DICT.json --experiment FILE [-o OUT]`.

import { statSync } from 'node:fs';
import * as path from 'node:path';
import { loadExperiment, type LoadedExperiment, type LoadResult } from '../experiment/load';
import { displayPath, formatDiagnostics } from '../format/lines';
import { loadRerun } from '../runs/rerun';
import { ExportRefused, exportPyTorchProject } from './pytorchProject';

/** The CLI's exit codes (README "The CLI"); src/cli imports this folder, so they are not imported from there. */
const EXIT = { ok: 0, failed: 1, invalid: 2 } as const;

export const EXPORT_TARGETS = ['pytorch'] as const;

export interface ExportCommandOptions {
  readonly to: (typeof EXPORT_TARGETS)[number];
  readonly out: string;
  readonly epochs?: number;
  readonly runsDir?: string;
}

function isDirectory(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

/** An experiment file, or a run directory's recorded experiment (same resolved settings and seed). */
export async function loadExportSource(target: string, epochs?: number): Promise<LoadResult & { runsDir?: string }> {
  if (!isDirectory(target)) return loadExperiment(target, { epochs });
  const result = await loadRerun(target);
  if (!result.loaded || epochs === undefined) return { ...result, runsDir: path.dirname(path.resolve(target)) };
  const e = result.loaded.experiment;
  const loaded: LoadedExperiment = { ...result.loaded, experiment: { ...e, training: { ...e.training, epochs } } };
  return { ...result, loaded, runsDir: path.dirname(path.resolve(target)) };
}

export async function exportCommand(
  target: string,
  options: ExportCommandOptions,
  toolVersion: string,
): Promise<number> {
  const { loaded, diagnostics, runsDir } = await loadExportSource(target, options.epochs);
  if (!loaded) {
    process.stderr.write(`${formatDiagnostics(diagnostics)}\n`);
    return EXIT.invalid;
  }
  try {
    const project = exportPyTorchProject(loaded, {
      outDir: options.out,
      toolVersion,
      runsDir: options.runsDir ?? runsDir,
    });
    const shown = displayPath(project.dir);
    process.stdout.write(`exported ${loaded.experiment.name} to ${shown}: ${project.files.length} files\n`);
    process.stdout.write(`train it with: python ${path.join(shown, 'train.py')}\n`);
    return EXIT.ok;
  } catch (err) {
    process.stderr.write(`rnn-lab: error: ${(err as Error).message}\n`);
    return err instanceof ExportRefused ? EXIT.invalid : EXIT.failed;
  }
}

// import-weights reads a state_dict: the read side lives in importWeights.ts.
export { importWeightsCommand, type ImportWeightsOptions } from './importWeights';
