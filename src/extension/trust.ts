// What RNN Lab does in an untrusted workspace (VS Code's Restricted Mode): one verdict, with its
// reason, for every command, view and setting. The rule: what only shows the files inside a run
// directory (run.json, metrics, the recorded experiment.json, read as data) works; what trains,
// runs Python, writes or deletes files, signals a process, or reads a path a file names (data,
// initial weights, a run's source) is refused until the folder is trusted. The guard
// (registerCommand.ts), the CodeLens, the panel's views, package.json's menus and
// restrictedConfigurations follow these tables (test/extension/trust.test.ts), and
// docs/reference/workspace-trust.md is generated from them.

import { Command, type CommandId } from './commandIds';

export type Trust =
  | { readonly untrusted: 'works'; readonly because: string }
  | {
      readonly untrusted: 'refused';
      /** What a user asked for, as the refusal names it: "Training". */
      readonly action: string;
      readonly because: string;
    };

const works = (because: string): Trust => ({ untrusted: 'works', because });
const refused = (action: string, because: string): Trust => ({ untrusted: 'refused', action, because });

/** Every key of `Command` needs a verdict: a command added without one does not compile. */
type CommandTrustTable = { readonly [key in keyof typeof Command]: Trust };

const SHOWS_RUN_FILES =
  'it shows what the run directory holds (run.json, metrics, the recorded settings), read as data; it reads no path a file names, runs and writes nothing';
const LOADS_RUN_DATA =
  "it loads the run's recorded experiment, which reads the data files that experiment names, and computes on them";

export const COMMAND_TRUST: CommandTrustTable = {
  train: refused('Training', 'it reads the data files and initial weights the experiment names and writes a run'),
  stop: works('it only stops a training this window started'),
  validate: works(
    'it checks the experiment, and the files it names only through the bounded readers (no FIFOs, devices or directories; sizes checked first), and shows problems; it runs and writes nothing',
  ),
  newExperiment: refused(
    'New RNN Experiment',
    'it writes an experiment and its data files into this folder, whose links and folders nobody vouched for',
  ),
  openRun: works(SHOWS_RUN_FILES),
  runsOpen: works(SHOWS_RUN_FILES),
  runsPreview: works(SHOWS_RUN_FILES),
  runsCompare: works(SHOWS_RUN_FILES),
  runsRerun: refused(
    'Re-run',
    "it trains the run's recorded experiment: it reads the data files it names and writes a run",
  ),
  runsStop: refused(
    'Stop Run',
    'it signals the process a run.json names, and a run.json from elsewhere can name any process of yours',
  ),
  runsReveal: refused(
    'Reveal Experiment File',
    'it opens the file a run.json names, which can be any file on this machine',
  ),
  runsExportWeights: refused(
    'Export Weights',
    "it copies the run's weights file where you choose, and that file can be a link to any file on this machine",
  ),
  runsCopyPath: works("it copies the run directory's path, nothing the run holds"),
  runsDelete: refused('Delete Run', 'it moves run directories of this folder to the trash'),
  runsRefresh: works('it lists the runs directory again'),
  exportPyTorch: refused(
    'Export to PyTorch',
    'it reads the data files the experiment names and writes a project whose train.py runs Python',
  ),
  runsPredict: refused('Predict with Run', LOADS_RUN_DATA),
  runsSample: refused('Sample Text from Run', LOADS_RUN_DATA),
  runsInspect: refused('Inspect Hidden States', LOADS_RUN_DATA),
  runsRename: refused('Rename Run', "it rewrites the run's run.json"),
  sweep: refused('Run Sweep', 'it trains every trial: it reads the data files the experiment names and writes runs'),
  experimentsOpen: works(
    "it shows each run's run.json, metrics and recorded settings, read as data; it reads no path a file names, runs and writes nothing",
  ),
  sweepStop: works('it only stops a sweep this window started'),
  showOutput: works("it shows RNN Lab's output"),
  // The PyTorch engine (src/extension/pytorch/): it runs Python (train.py, torchrun) on the experiment's data.
  trainPyTorch: refused(
    'Training with PyTorch',
    'it runs Python on the data files the experiment names (the interpreter a setting names) and writes a run',
  ),
  runsRerunPyTorch: refused(
    'Re-run with PyTorch',
    'it runs Python on the data files the recorded experiment names (the interpreter a setting names) and writes a run',
  ),
  stopPyTorch: works('it only stops a PyTorch training this window started'),
};

/** What shows itself without a command: the views and panels, and the diagnostics on open and edit. */
export const VIEW_TRUST = {
  runsView: works(
    "it lists the runs directory, each run's run.json read as data (a folder's own rnnLab.runsDirectory counts only once it is trusted)",
  ),
  runPanel: works(SHOWS_RUN_FILES),
  learnedViews: refused("Predicting, sampling and inspecting in a run's panel", LOADS_RUN_DATA),
  comparePanel: works(SHOWS_RUN_FILES),
  experimentsTable: works(COMMAND_TRUST.experimentsOpen.because),
  diagnostics: works(COMMAND_TRUST.validate.because),
} as const satisfies Record<string, Trust>;

export type TrustedView = keyof typeof VIEW_TRUST;

/**
 * Every setting in package.json's `configuration`: `true` when a workspace's value must not
 * count until the folder is trusted (it names a path or a program), with the reason; a new
 * setting fails the test until it is listed here.
 */
export const SETTING_TRUST: Readonly<Record<string, { readonly restricted: boolean; readonly because: string }>> = {
  'rnnLab.runsDirectory': { restricted: true, because: 'a path: where runs are read and written' },
  'rnnLab.python': { restricted: true, because: 'a program: the Python interpreter the PyTorch engine runs' },
  'rnnLab.blas': { restricted: true, because: 'a path: the BLAS library the trainer loads and calls' },
  'rnnLab.trace': { restricted: false, because: 'one of three trace modes' },
  'rnnLab.codeLens.enabled': { restricted: false, because: 'shows or hides the lenses' },
  'rnnLab.pytorch.device': { restricted: false, because: 'which device train.py trains on (auto, cpu, cuda, mps)' },
  'rnnLab.pytorch.processes': { restricted: false, because: 'how many processes torchrun starts' },
};

export const MANAGE_TRUST = 'Manage Workspace Trust';

export type Refused = Extract<Trust, { untrusted: 'refused' }>;

/** What the user reads when a refused action is asked for in an untrusted workspace: why, and how to trust. */
export function refusalMessage(trust: Refused): string {
  return `RNN Lab: ${trust.action} needs a trusted workspace, because ${trust.because}. This folder is in Restricted Mode: trust it first (${MANAGE_TRUST}).`;
}

const BY_ID = new Map<string, Trust>(
  Object.entries(Command).map(([key, id]) => [id, COMMAND_TRUST[key as keyof typeof Command]]),
);

export function trustOf(id: CommandId): Trust {
  return BY_ID.get(id)!;
}
