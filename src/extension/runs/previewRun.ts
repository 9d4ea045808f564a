// A single click on a run in the Runs view: the run in the one preview panel (RunPanels.preview),
// so that selecting runs (for Compare) does not open a tab per run.

import * as vscode from 'vscode';
import { Command } from '../commandIds';
import type { RunPanels } from '../panel/runPanels';
import { registerCommand } from '../registerCommand';
import { runOf, type RunArg } from './runArgs';
import type { RunIndex } from './runIndex';

export function registerPreviewRun(subscriptions: vscode.Disposable[], index: RunIndex, panels: RunPanels): void {
  registerCommand(subscriptions, Command.runsPreview, async (arg: RunArg) => {
    const run = await runOf(index, arg);
    return run && panels.preview(run.dir, run.record.name, run.record.source);
  });
}
