// Entry point of the RNN Lab extension: wires the experiment services to VS Code.

import * as vscode from 'vscode';
import { version } from '../../package.json';
import { registerCommands } from './experiments/commands';
import { ExperimentCodeLenses } from './experiments/codeLens';
import { ExperimentDiagnostics } from './experiments/diagnostics';
import { ExperimentQuickFixes } from './experiments/quickFixes';
import { ExperimentsPanels } from './experimentsTable/experimentsPanels';
import { registerExperimentsTable } from './experimentsTable/openExperimentsTable';
import { registerExportPyTorch } from './export/exportPyTorch';
import { ComparePanels } from './panel/comparePanels';
import { RunPanels } from './panel/runPanels';
import type { PyTorchSessions } from './pytorch/pytorchSessions';
import { registerPyTorch } from './pytorch/registerPyTorch';
import { registerPreviewRun } from './runs/previewRun';
import { trackRunContext } from './runs/runContext';
import { registerRenameRun } from './runs/renameRun';
import { registerAnalysisCommands } from './runs/analysisCommands';
import { registerRunCommands } from './runs/runCommands';
import { RunIndex } from './runs/runIndex';
import { RunsTree } from './runs/runsTree';
import { registerSweepCommands } from './sweeps/sweepCommands';
import { SweepSessions } from './sweeps/sweepSessions';
import { OutputLog } from './training/outputLog';
import { TrainingProgress } from './training/trainingProgress';
import { TrainingSessions } from './training/trainingSessions';
import { refusals } from './workspaceTrust';
import { setFormatLocale } from '../format/numbers';

export interface RnnLabApi {
  readonly sessions: TrainingSessions;
  readonly panels: RunPanels;
  readonly compare: ComparePanels;
  readonly runs: RunIndex;
  readonly runsTree: RunsTree;
  readonly progress: TrainingProgress;
  readonly sweeps: SweepSessions;
  readonly experimentsTable: ExperimentsPanels;
  readonly pytorch: PyTorchSessions;
  /** What Restricted Mode refused in this window, and the message each time (workspaceTrust.ts). */
  readonly refusals: typeof refusals;
}

export function activate(context: vscode.ExtensionContext): RnnLabApi {
  setFormatLocale(vscode.env.language); // figures and dates in VS Code's display language
  const log = new OutputLog();
  const diagnostics = new ExperimentDiagnostics();
  const sessions = new TrainingSessions(context.extensionPath, version, log, diagnostics);
  const sweeps = new SweepSessions(context.extensionPath, version, log, diagnostics);
  const runs = new RunIndex(sessions, [sweeps]);
  const experimentsTable = new ExperimentsPanels(context.extensionUri, runs);
  context.subscriptions.push(sweeps, experimentsTable);
  registerSweepCommands(context.subscriptions, sweeps);
  registerExperimentsTable(context.subscriptions, experimentsTable);
  registerRenameRun(context.subscriptions, runs);
  const progress = new TrainingProgress(sessions);
  const panels = new RunPanels(context.extensionUri, sessions, runs.alive, progress);
  const compare = new ComparePanels(context.extensionUri, runs.alive);
  const runsTree = new RunsTree(runs, progress);
  const runsView = vscode.window.createTreeView('rnnLab.runs', {
    treeDataProvider: runsTree,
    canSelectMany: true,
    showCollapseAll: true,
  });
  context.subscriptions.push(
    log,
    diagnostics,
    sessions,
    runs,
    progress,
    panels,
    compare,
    runsTree,
    runsView,
    runsTree.tickWhileVisible(runsView),
    trackRunContext(runs),
  );
  const pytorch = registerPyTorch(context.subscriptions, { toolVersion: version, log, diagnostics, panels, runs });
  registerCommands(context.subscriptions, { extensionPath: context.extensionPath, sessions, diagnostics, log, panels });
  registerRunCommands(context.subscriptions, {
    index: runs,
    selection: () => runsView.selection,
    sessions,
    panels,
    compare,
    pytorch,
  });
  registerPreviewRun(context.subscriptions, runs, panels);
  registerExportPyTorch(context.subscriptions);
  registerAnalysisCommands(context.subscriptions, { extensionPath: context.extensionPath, index: runs, panels });
  const lenses = new ExperimentCodeLenses(sessions, progress, runs);
  const experiments = { scheme: 'file', pattern: '**/*.rnn.json' };
  context.subscriptions.push(
    lenses,
    vscode.languages.registerCodeLensProvider(experiments, lenses),
    vscode.languages.registerCodeActionsProvider(experiments, new ExperimentQuickFixes(), {
      providedCodeActionKinds: ExperimentQuickFixes.kinds,
    }),
  );
  return { sessions, panels, compare, runs, runsTree, progress, sweeps, experimentsTable, refusals, pytorch };
}

export function deactivate(): void {}
