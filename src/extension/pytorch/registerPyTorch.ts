// The PyTorch engine in the editor: its sessions, commands and lens, wired once.

import * as vscode from 'vscode';
import type { ExperimentDiagnostics } from '../experiments/diagnostics';
import type { RunPanels } from '../panel/runPanels';
import type { RunIndex } from '../runs/runIndex';
import type { OutputLog } from '../training/outputLog';
import { registerPyTorchCommands } from './pytorchCommands';
import { PyTorchLenses } from './pytorchLenses';
import { PyTorchSessions } from './pytorchSessions';

export interface PyTorchServices {
  readonly toolVersion: string;
  readonly log: OutputLog;
  readonly diagnostics: ExperimentDiagnostics;
  readonly panels: RunPanels;
  readonly runs: RunIndex;
}

/**
 * Call before the experiments' own lens provider is registered: VS Code lists the lenses of
 * the provider registered last first, and ▶ Train stays first.
 */
export function registerPyTorch(subscriptions: vscode.Disposable[], s: PyTorchServices): PyTorchSessions {
  const sessions = new PyTorchSessions(s.toolVersion, s.log, s.diagnostics, s.panels, s.runs);
  const lenses = new PyTorchLenses(sessions);
  subscriptions.push(
    sessions,
    lenses,
    vscode.languages.registerCodeLensProvider({ scheme: 'file', pattern: '**/*.rnn.json' }, lenses),
  );
  registerPyTorchCommands(subscriptions, sessions, s.runs);
  return sessions;
}
