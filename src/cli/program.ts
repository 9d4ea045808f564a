// The `rnn-lab` program: every command and option, as commander objects. main.ts runs it; the
// docs generator (scripts/gen-docs.ts) reads the same objects for docs/reference/cli.md.

import { Command, InvalidArgumentError, Option } from 'commander';
import { EXPORT_TARGETS, exportCommand, type ExportCommandOptions } from '../export/commands';
import { importWeightsCommand, type ImportWeightsOptions } from '../export/importWeights';
import { addAnalysisCommands } from './analysisCommands';
import { MAX_COUNT, positiveCount, threadCount, wholeNumber } from './numberOptions';
import { reportCommand } from './reportCommand';
import { sweepCommand, type SweepCommandOptions } from './sweepCommand';
import { rerunCommand, trainCommand, type TrainCommandOptions } from './trainCommand';
import { validateCommand } from './validateCommand';

/** A path option: '' would silently mean the current directory (`--out ''`). */
function nonEmptyPath(value: string): string {
  if (value.trim() === '') throw new InvalidArgumentError('expected a path, not an empty string');
  return value;
}

/** The program; each command's action reports its exit code through setExitCode. */
export function buildProgram(version: string, setExitCode: (code: number) => void): Command {
  const program = new Command('rnn-lab')
    .description('Train recurrent neural networks described by *.rnn.json experiment files.')
    .version(version)
    .exitOverride()
    .showHelpAfterError('(run rnn-lab --help for usage)')
    .configureOutput({ outputError: (text, write) => write(text.replace(/^error: /, 'rnn-lab: error: ')) });

  program
    .command('train')
    .description('train an experiment, print shape traces and epoch losses, save the run')
    .argument('<FILE>', 'experiment file (*.rnn.json)')
    .option('--epochs <N>', 'override training.epochs', positiveCount)
    .option('--out <DIR>', 'runs directory', nonEmptyPath, '.rnn/runs')
    .addOption(new Option('--trace <MODE>', 'override trace.shapes').choices(['first-epoch', 'all', 'off']))
    .option('--json', 'print NDJSON events on stdout instead of text')
    .option('--quiet', 'print only the summary and errors')
    .option(
      '--threads <N>',
      'threads for the matrix products (default: training.threads, else every core)',
      threadCount,
    )
    .option(
      '--blas <LIBRARY>',
      "the machine's BLAS for the large products: a library's path, or off (default: RNN_LAB_BLAS, else the search in docs/speed.md)",
      nonEmptyPath,
    )
    .option(
      '--sample-every <N>',
      'character models: a text sample every N epochs, kept in metrics.ndjson (default: ~10 per run; 0: none)',
      wholeNumber(0, MAX_COUNT),
    )
    .action(async (file: string, options: TrainCommandOptions) => {
      setExitCode(await trainCommand(file, options, version));
    });

  program
    .command('rerun')
    .description("train a run's recorded experiment again, same settings and seed (the losses repeat exactly)")
    .argument('<RUN_DIR>', 'a run directory (with run.json and experiment.json)')
    .option('--out <DIR>', 'runs directory (default: the one RUN_DIR is in)', nonEmptyPath)
    .option('--json', 'print NDJSON events on stdout instead of text')
    .option('--quiet', 'print only the summary and errors')
    .option(
      '--threads <N>',
      "threads for the matrix products (default: the run's training.threads, else every core)",
      threadCount,
    )
    .option('--blas <LIBRARY>', "the machine's BLAS: a library's path, or off (as train --blas)", nonEmptyPath)
    .action(
      async (runDir: string, options: Pick<TrainCommandOptions, 'out' | 'json' | 'quiet' | 'threads' | 'blas'>) => {
        setExitCode(await rerunCommand(runDir, options, version));
      },
    );

  program
    .command('sweep')
    .description("train the trials of an experiment's sweep section, in parallel; run it again to resume")
    .argument('<FILE>', 'experiment file (*.rnn.json) with a "sweep" section')
    .option('--parallel <K>', 'trials at once, 1 to 256 (default: sweep.parallel, else one per core)', threadCount)
    .option('--out <DIR>', 'runs directory', nonEmptyPath, '.rnn/runs')
    .option('--quiet', 'print only the summary and errors')
    .action(async (file: string, options: SweepCommandOptions) => {
      setExitCode(await sweepCommand(file, options, version));
    });

  program
    .command('validate')
    .description('check an experiment (schema, shapes, files) without training')
    .argument('<FILE>', 'experiment file (*.rnn.json)')
    .action(async (file: string) => {
      setExitCode(await validateCommand(file));
    });

  program
    .command('report')
    .description('write one self-contained HTML file with the charts of a run')
    .argument('<RUN_DIR>', 'a run directory (with run.json and metrics.ndjson)')
    .option('-o, --output <FILE>', 'where to write the HTML (default RUN_DIR/report.html)', nonEmptyPath)
    .action(async (runDir: string, options: { output?: string }) => {
      setExitCode(await reportCommand(runDir, options));
    });

  addExportCommands(program, version, setExitCode);
  addAnalysisCommands(program, setExitCode);
  return program;
}

/** export (a PyTorch project, docs/guide/export-pytorch.md) and import-weights (a state_dict back). */
function addExportCommands(program: Command, version: string, setExitCode: (code: number) => void): void {
  program
    .command('export')
    .description('write a PyTorch project that reproduces the run (train.py, data, initial weights)')
    .argument('<FILE|RUN_DIR>', 'experiment file (*.rnn.json) or run directory (its recorded experiment and seed)')
    .addOption(new Option('--to <TARGET>', 'what to export to').choices(EXPORT_TARGETS).makeOptionMandatory())
    .requiredOption('--out <DIR>', 'the project folder')
    .option('--epochs <N>', 'override training.epochs', positiveCount)
    .option(
      '--runs-dir <DIR>',
      "train.py's default runs directory (default: runs/ beside it; for RUN_DIR, the runs directory it is in)",
    )
    .action(async (target: string, options: ExportCommandOptions) => {
      setExitCode(await exportCommand(target, options, version));
    });

  program
    .command('import-weights')
    .description('turn a PyTorch state_dict saved as JSON into an rnn-lab/weights@1 file')
    .argument('<STATE_DICT.json>', "the exported project's Network state_dict as JSON")
    .requiredOption('--experiment <FILE>', 'the experiment the weights are for')
    .option('-o, --output <FILE>', 'where to write (default STATE_DICT.weights.json)')
    .action(async (file: string, options: ImportWeightsOptions) => {
      setExitCode(await importWeightsCommand(file, options));
    });
}
