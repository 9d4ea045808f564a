// `rnn-lab validate FILE`: every check training would make, without training — and without
// building the samples: their sizes come from the experiment's description. A file with a
// "sweep" section gets every check `rnn-lab sweep` makes too (the same function, loadSweep).

import * as path from 'node:path';
import { formatShape } from '../core/tensor';
import { MAX_EXPERIMENT_FILE_BYTES } from '../data/limits';
import { readTextFile } from '../data/readFailure';
import { diagnosticAt } from '../diagnostics/diagnostic';
import { JsonDocument } from '../experiment/jsonDocument';
import { checkExperiment } from '../experiment/load';
import { displayPath, formatDiagnostics } from '../format/lines';
import { loadSweep } from '../sweeps/loadSweep';
import { ExitCode } from './exitCodes';

export async function validateCommand(file: string): Promise<number> {
  const fail = (diagnostics: Parameters<typeof formatDiagnostics>[0]) => {
    process.stderr.write(`${formatDiagnostics(diagnostics)}\n`);
    return ExitCode.Invalid;
  };
  const absolute = path.resolve(file);
  const read = await readTextFile(absolute, 'an experiment file', MAX_EXPERIMENT_FILE_BYTES);
  if ('problem' in read) return fail([diagnosticAt(absolute, 1, 1, read.problem)]);
  const { checked, diagnostics } = await checkExperiment(absolute, {}, read.text);
  if (!checked) return fail(diagnostics);
  const hasSweep = (new JsonDocument(absolute, read.text).value as { sweep?: unknown }).sweep !== undefined;
  const swept = hasSweep ? await loadSweep(absolute, {}, read.text) : undefined;
  if (swept && !swept.sweep) return fail(swept.diagnostics);
  const { experiment: e, shape: d, footprint } = checked;
  const y = d.sequenceTargets ? [d.count, d.steps, d.outputSize] : [d.count, d.outputSize];
  process.stdout.write(
    `${displayPath(checked.file)}: ok: ${e.name}, x ${formatShape([d.count, d.steps, d.inputSize])} ` +
      `y ${formatShape(y)}, ${e.model.layers.length} layers, ${footprint.parameters} parameters\n`,
  );
  const sweep = swept?.sweep;
  if (sweep)
    process.stdout.write(
      `${displayPath(checked.file)}: ok: sweep ${sweep.id}: ${sweep.spec.method}, ${sweep.trials.length} trials, every one checked\n`,
    );
  return ExitCode.Ok;
}
