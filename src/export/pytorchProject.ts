// `rnn-lab export … --to pytorch`: a loaded experiment as a self-contained PyTorch project —
// train.py, rnn_lab_io.py, the resolved experiment, the initial weights RNN Lab would start
// from, the prepared data and a README — that reproduces the RNN Lab run.

import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { Trainer } from '../core/trainer';
import { trainerConfig, type LoadedExperiment } from '../experiment/load';
import { IO_MODULE } from './ioModule';
import { writeProjectData, reshuffles } from './projectData';
import { projectReadme } from './projectReadme';
import { slurmScript } from './slurm';
import { settingsNotExported } from './supported';
import { GENERATED_MARKER, trainScript } from './trainScript';

export { GENERATED_MARKER };

export interface ExportOptions {
  readonly outDir: string;
  readonly toolVersion: string;
  /** Where train.py saves runs by default; without it, runs/ beside train.py. */
  readonly runsDir?: string;
}

export interface ExportedProject {
  readonly dir: string;
  /** Relative to dir. */
  readonly files: string[];
}

export class ExportRefused extends Error {}

export function exportPyTorchProject(loaded: LoadedExperiment, options: ExportOptions): ExportedProject {
  const dir = path.resolve(options.outDir);
  const script = path.join(dir, 'train.py');
  if (existsSync(script) && !readFileSync(script, 'utf8').startsWith(GENERATED_MARKER)) {
    throw new ExportRefused(`${script} exists and was not written by RNN Lab: choose another folder`);
  }
  const e = loaded.experiment;
  const missing = settingsNotExported(e);
  if (missing.length) {
    throw new ExportRefused(
      `${missing.join(', ')}: not exported to PyTorch yet, so train.py would not train as RNN Lab does`,
    );
  }
  const config = trainerConfig(loaded);
  // The initial weights: drawn from the seed as the trainer draws them, or the init file as read.
  const initial = new Trainer(config).weights({ name: e.name, seed: e.seed });
  const runsDir = options.runsDir === undefined ? 'runs' : path.relative(dir, path.resolve(options.runsDir)) || '.';

  mkdirSync(dir, { recursive: true });
  const files: string[] = [];
  const write = (name: string, text: string) => {
    writeFileSync(path.join(dir, name), text);
    files.push(name);
  };
  const trainSamples = config.train.count;
  const validationSamples = config.validation?.count ?? 0;
  write(
    'train.py',
    trainScript({
      experiment: e,
      shape: { inputSize: config.model.inputSize, steps: config.model.steps },
      source: loaded.file,
      toolVersion: options.toolVersion,
      runsDir,
      trainSamples,
      validationSamples,
    }),
  );
  write('rnn_lab_io.py', IO_MODULE);
  write('slurm.sbatch', slurmScript(e.name));
  write('experiment.json', `${JSON.stringify(e, null, 2)}\n`);
  write('initial_weights.json', `${JSON.stringify(initial)}\n`);
  files.push(...writeProjectData(dir, config, loaded.dataInfo));
  write(
    'README.md',
    projectReadme({
      experiment: e,
      source: loaded.file,
      toolVersion: options.toolVersion,
      shuffled: reshuffles(config),
    }),
  );
  return { dir, files };
}
