// RNN Lab: Predict with Run…, Sample Text from Run…, Inspect Hidden States… — from the palette
// (a quick pick of the runs) or a run's context menu in the Runs view: each opens the run's
// panel at its view of what the network learned. Sample Text also samples at once (the
// defaults of `rnn-lab sample`), computed in a worker, and returns what it showed.

import * as vscode from 'vscode';
import type { RunSample } from '../../analysis/sample';
import type { ViewMessage, ViewName, ViewRequest } from '../../panel/viewsProtocol';
import { Command } from '../commandIds';
import { answer } from '../panel/runViews';
import type { RunPanels } from '../panel/runPanels';
import { registerCommand } from '../registerCommand';
import { isCharacterModel } from './runContext';
import { nameOf, runOf, type RunArg } from './runArgs';
import type { RunIndex } from './runIndex';

export interface AnalysisServices {
  readonly extensionPath: string;
  readonly index: RunIndex;
  readonly panels: RunPanels;
}

export function registerAnalysisCommands(subscriptions: vscode.Disposable[], s: AnalysisServices): void {
  registerCommand(subscriptions, Command.runsPredict, (arg: RunArg) => openView(s, arg, 'predictions'));
  registerCommand(subscriptions, Command.runsInspect, (arg: RunArg) => openView(s, arg, 'hiddenStates'));
  registerCommand(subscriptions, Command.runsSample, (arg: RunArg) => sampleText(s, arg));
}

async function openView(s: AnalysisServices, arg: RunArg, view: ViewName): Promise<vscode.WebviewPanel | undefined> {
  const run = await runOf(s.index, arg);
  return run && s.panels.showView(run.dir, run.record.name, { kind: 'focus', view });
}

/** The panel's Samples view with a sample of the run's final weights; undefined when the run is not a character model. */
async function sampleText(s: AnalysisServices, arg: RunArg): Promise<RunSample | undefined> {
  const run = await runOf(s.index, arg, isCharacterModel);
  if (!run) return undefined;
  if (!isCharacterModel(run)) {
    void vscode.window.showInformationMessage(
      `${nameOf(run.dir)} is not a character model (its data is not "text"): there is no text to sample. Predict with Run… and Inspect Hidden States… apply to it.`,
    );
    return undefined;
  }
  s.panels.showView(run.dir, run.record.name, { kind: 'focus', view: 'samples' });
  const request: ViewRequest = { kind: 'sample', epoch: null, length: 200, temperature: 1, seed: 0 };
  let message: ViewMessage;
  try {
    message = await answer(s.extensionPath, run.dir, request);
  } catch (err) {
    message = { kind: 'sample', request, result: { error: (err as Error).message } };
  }
  s.panels.showView(run.dir, run.record.name, message);
  if (message.kind !== 'sample' || 'error' in message.result) {
    void vscode.window.showErrorMessage(
      `${nameOf(run.dir)}: ${message.kind === 'sample' && 'error' in message.result ? message.result.error : 'no sample'}`,
    );
    return undefined;
  }
  return message.result;
}
