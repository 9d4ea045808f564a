// Every command the extension registers, by one name in the code. package.json's
// `contributes` names exactly the contributed ones (test/extension/commandIds.test.ts).

export const Command = {
  train: 'rnnLab.train',
  stop: 'rnnLab.stop',
  validate: 'rnnLab.validate',
  newExperiment: 'rnnLab.newExperiment',
  openRun: 'rnnLab.openRun',
  runsOpen: 'rnnLab.runs.open',
  runsCompare: 'rnnLab.runs.compare',
  runsRerun: 'rnnLab.runs.rerun',
  runsStop: 'rnnLab.runs.stop',
  runsReveal: 'rnnLab.runs.reveal',
  runsExportWeights: 'rnnLab.runs.exportWeights',
  runsCopyPath: 'rnnLab.runs.copyPath',
  runsDelete: 'rnnLab.runs.delete',
  runsRefresh: 'rnnLab.runs.refresh',
  exportPyTorch: 'rnnLab.exportPyTorch',
  trainPyTorch: 'rnnLab.trainPyTorch',
  stopPyTorch: 'rnnLab.stopPyTorch',
  runsRerunPyTorch: 'rnnLab.runs.rerunPyTorch',
  runsPredict: 'rnnLab.runs.predict',
  runsSample: 'rnnLab.runs.sample',
  runsInspect: 'rnnLab.runs.inspect',
  runsRename: 'rnnLab.runs.rename',
  sweep: 'rnnLab.sweep',
  experimentsOpen: 'rnnLab.experiments.open',
  sweepStop: 'rnnLab.sweep.stop',
  /** The status bar item's click, and the palette's RNN Lab: Show Output. */
  showOutput: 'rnnLab.showOutput',
  /** A single click on a run in the Runs view: the preview panel (not contributed). */
  runsPreview: 'rnnLab.runs.preview',
} as const;

export type CommandId = (typeof Command)[keyof typeof Command];

/** Registered for internal use only; every other command is contributed in package.json. */
export const UNCONTRIBUTED_COMMANDS: readonly CommandId[] = [Command.runsPreview];
