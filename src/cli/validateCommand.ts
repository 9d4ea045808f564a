// `rnn-lab validate FILE`: every check training would make, without training.

import { Model } from '../core/model';
import { formatShape } from '../core/tensor';
import { loadExperiment, modelSpec } from '../experiment/load';
import { displayPath, formatDiagnostics } from '../format/lines';
import { ExitCode } from './exitCodes';

export async function validateCommand(file: string): Promise<number> {
  const { loaded, diagnostics } = await loadExperiment(file);
  if (!loaded) {
    process.stderr.write(`${formatDiagnostics(diagnostics)}\n`);
    return ExitCode.Invalid;
  }
  const { experiment: e, dataset: d } = loaded;
  const model = new Model(modelSpec(e, d), 'float64');
  const parameters = model.params.reduce((s, p) => s + p.value.length, 0);
  const y = d.sequenceTargets ? [d.count, d.steps, d.outputSize] : [d.count, d.outputSize];
  process.stdout.write(`${displayPath(loaded.file)}: ok: ${e.name}, x ${formatShape([d.count, d.steps, d.inputSize])} ` +
    `y ${formatShape(y)}, ${e.model.layers.length} layers, ${parameters} parameters\n`);
  return ExitCode.Ok;
}
