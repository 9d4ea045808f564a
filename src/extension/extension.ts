// Entry point of the RNN Lab extension: wires the experiment services to VS Code.

import * as vscode from 'vscode';
import { version } from '../../package.json';
import { registerCommands } from './experiments/commands';
import { ExperimentCodeLenses } from './experiments/codeLens';
import { ExperimentDiagnostics } from './experiments/diagnostics';
import { OutputLog } from './training/outputLog';
import { TrainingSessions } from './training/trainingSessions';

export interface RnnLabApi {
  readonly sessions: TrainingSessions;
}

export function activate(context: vscode.ExtensionContext): RnnLabApi {
  const log = new OutputLog();
  const diagnostics = new ExperimentDiagnostics();
  const sessions = new TrainingSessions(context.extensionPath, version, log, diagnostics);
  context.subscriptions.push(log, diagnostics, sessions);
  registerCommands(context, sessions, diagnostics, log);
  context.subscriptions.push(vscode.languages.registerCodeLensProvider(
    { scheme: 'file', pattern: '**/*.rnn.json' }, new ExperimentCodeLenses(sessions),
  ));
  return { sessions };
}

export function deactivate(): void {}
