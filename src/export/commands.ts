// `rnn-lab export FILE|RUN_DIR --to pytorch --out DIR` and
// `rnn-lab import-weights STATE_DICT.json --experiment FILE [-o OUT]`.

import { statSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { weightsProblems } from '../core/weights';
import { readFailure } from '../data/readFailure';
import { diagnosticAt, type Diagnostic } from '../diagnostics/diagnostic';
import { JsonDocument } from '../experiment/jsonDocument';
import { loadExperiment, modelSpec, type LoadedExperiment, type LoadResult } from '../experiment/load';
import { displayPath, formatDiagnostics } from '../format/lines';
import { loadRerun } from '../runs/rerun';
import { ExportRefused, exportPyTorchProject } from './pytorchProject';
import { stateDictToWeights } from './stateDict';

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

export interface ImportWeightsOptions {
  readonly experiment: string;
  readonly output?: string;
}

/** `model.state_dict()` as JSON → an rnn-lab/weights@1 file for `"init": {"weights": …}`. */
export async function importWeightsCommand(stateDictFile: string, options: ImportWeightsOptions): Promise<number> {
  const fail = (problems: Diagnostic[]) => {
    process.stderr.write(`${formatDiagnostics(problems)}\n`);
    return EXIT.invalid;
  };
  const file = path.resolve(stateDictFile);
  if (file.endsWith('.pt') || file.endsWith('.pth')) {
    return fail([
      diagnosticAt(
        file,
        1,
        1,
        'a .pt file needs torch to read: write it as JSON first with `python rnn_lab_io.py state-dict MODEL.pt STATE_DICT.json` (in the exported project)',
      ),
    ]);
  }
  const { loaded, diagnostics } = await loadExperiment(options.experiment);
  if (!loaded) return fail(diagnostics);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    return fail([diagnosticAt(file, 1, 1, readFailure(file, err))]);
  }
  const doc = new JsonDocument(file, text);
  if (doc.syntaxErrors.length) return fail(doc.syntaxErrors);
  const e = loaded.experiment;
  const spec = modelSpec(e, loaded.dataset);
  const { weights, problems } = stateDictToWeights(doc.value, spec, { name: e.name, seed: e.seed });
  if (!weights)
    return fail(problems.map((p) => (p.key !== undefined ? doc.at([p.key], p.message) : doc.at([], p.message))));
  const mismatch = weightsProblems(spec, weights);
  if (mismatch.length) return fail(mismatch.map((p) => doc.at([], `internal error: ${p.message}`)));
  const output = path.resolve(options.output ?? file.replace(/(\.state_dict)?\.json$/, '') + '.weights.json');
  await writeFile(output, `${JSON.stringify(weights)}\n`);
  process.stdout.write(
    `wrote ${displayPath(output)}: rnn-lab/weights@1 for ${e.name} (${(weights.layers as unknown[]).length} layers); start from it with "model": {"init": {"weights": "${path.basename(output)}"}}\n`,
  );
  return EXIT.ok;
}
