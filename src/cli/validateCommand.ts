// `rnn-lab validate FILE`: every check training would make, without training — and without
// building the samples: their sizes come from the experiment's description.

import { formatShape } from '../core/tensor';
import { checkExperiment } from '../experiment/load';
import { displayPath, formatDiagnostics } from '../format/lines';
import { ExitCode } from './exitCodes';

export async function validateCommand(file: string): Promise<number> {
  const { checked, diagnostics } = await checkExperiment(file);
  if (!checked) {
    process.stderr.write(`${formatDiagnostics(diagnostics)}\n`);
    return ExitCode.Invalid;
  }
  const { experiment: e, shape: d, footprint } = checked;
  const y = d.sequenceTargets ? [d.count, d.steps, d.outputSize] : [d.count, d.outputSize];
  process.stdout.write(
    `${displayPath(checked.file)}: ok: ${e.name}, x ${formatShape([d.count, d.steps, d.inputSize])} ` +
      `y ${formatShape(y)}, ${e.model.layers.length} layers, ${footprint.parameters} parameters\n`,
  );
  return ExitCode.Ok;
}
