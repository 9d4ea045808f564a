// predict, inspect and sample: looking at what a run's network learned (docs/guide/cli.md).

import type { Command } from 'commander';
import { inspectCommand, type InspectOptions } from './inspectCommand';
import { MAX_COUNT, positiveCount, sampleLength, seedNumber, temperature, wholeNumber } from './numberOptions';
import { predictCommand, type PredictOptions } from './predictCommand';
import { sampleCommand, type SampleOptions } from './sampleCommand';

const EPOCH_HELP = 'the weights kept after epoch E (checkpoints/epoch-E.json) instead of the final ones';

export function addAnalysisCommands(program: Command, setExitCode: (code: number) => void): void {
  program
    .command('predict')
    .description("run a run's trained model on its validation samples (or on --input) and print outputs beside targets")
    .argument('<RUN_DIR>', 'a run directory (with experiment.json and weights)')
    .option(
      '--input <FILE>',
      'inputs instead of the validation samples: text (character models), a CSV with the run\'s columns, or JSON {"x": (B, T, I), "y"?: …}',
    )
    .option('--epoch <E>', EPOCH_HELP, positiveCount)
    .option('--json', 'one JSON line per sample, then a summary line')
    .option('-o, --output <FILE>', 'write there instead of stdout')
    .action(async (runDir: string, options: PredictOptions) => {
      setExitCode(await predictCommand(runDir, options));
    });

  program
    .command('inspect')
    .description("print every recurrent layer's hidden state h_t (and c_t, gate activations) over one sequence")
    .argument('<RUN_DIR>', 'a run directory (with experiment.json and weights)')
    .option(
      '--sample <N>',
      'the N-th validation sample (default 0; all samples without a validation split)',
      wholeNumber(0, MAX_COUNT),
    )
    .option('--input <FILE>', 'the first sequence of FILE (as predict --input)')
    .option('--text <TEXT>', 'character models: this text, any length')
    .option('--epoch <E>', EPOCH_HELP, positiveCount)
    .option('--json', 'one JSON document')
    .option('-o, --output <FILE>', 'write there instead of stdout')
    .action(async (runDir: string, options: InspectOptions) => {
      setExitCode(await inspectCommand(runDir, options));
    });

  program
    .command('sample')
    .description("generate text from a character model's softmax, one character at a time")
    .argument('<RUN_DIR>', 'a run directory of a character model (a "text" data source)')
    .option('--prime <TEXT>', "text to start from (default: the first character of the run's text)")
    .option('--length <N>', 'characters to generate (default 200, at most 100,000)', sampleLength)
    .option(
      '--temperature <T>',
      'softmax temperature, 0 or from 1e-6 to 1000; 0 takes the most likely character (default 1)',
      temperature,
    )
    .option('--seed <S>', 'random seed from 0 to 4294967295; the same seed gives the same text (default 0)', seedNumber)
    .option('--epoch <E>', EPOCH_HELP, positiveCount)
    .option('--json', 'one JSON document')
    .option('-o, --output <FILE>', 'write there instead of stdout')
    .action(async (runDir: string, options: SampleOptions) => {
      setExitCode(await sampleCommand(runDir, options));
    });
}
