// Entry point of the RNN Lab extension: wires the experiment services to VS Code.

import * as vscode from 'vscode';
import { version } from '../../package.json';
import { registerCommands } from './experiments/commands';
import { ExperimentCodeLenses } from './experiments/codeLens';
import { ExperimentDiagnostics } from './experiments/diagnostics';
import { RunPanels } from './panel/runPanels';
import { OutputLog } from './training/outputLog';
import { TrainingSessions } from './training/trainingSessions';

export interface RnnLabApi {
  readonly sessions: TrainingSessions;
  readonly panels: RunPanels;
}

export function activate(context: vscode.ExtensionContext): RnnLabApi {
  const log = new OutputLog();
  const diagnostics = new ExperimentDiagnostics();
  const sessions = new TrainingSessions(context.extensionPath, version, log, diagnostics);
  const panels = new RunPanels(context.extensionUri, sessions);
  context.subscriptions.push(log, diagnostics, sessions, panels);
  registerCommands(context, sessions, diagnostics, log, panels);
  context.subscriptions.push(vscode.languages.registerCodeLensProvider(
    { scheme: 'file', pattern: '**/*.rnn.json' }, new ExperimentCodeLenses(sessions),
  ));
  return { sessions, panels };
}

export function deactivate(): void {}
