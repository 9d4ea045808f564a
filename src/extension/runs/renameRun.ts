// Rename Run…: a name for a run, kept in its run.json as `label` and shown in the Runs view and
// the Experiments table instead of its time; an empty name removes it.

import * as vscode from 'vscode';
import { RunningRunError, setRunLabel } from '../../runs/amendRunRecord';
import { runName } from '../../runs/runName';
import { stateOf } from '../../runs/runStore';
import { Command } from '../commandIds';
import { registerCommand } from '../registerCommand';
import { nameOf, runOf, type RunArg } from './runArgs';
import type { RunIndex } from './runIndex';

export function registerRenameRun(subscriptions: vscode.Disposable[], index: RunIndex): void {
  registerCommand(subscriptions, Command.runsRename, (arg: RunArg, name?: string) => renameRun(index, arg, name));
}

/** `name` skips the input box (tests, other commands). */
async function renameRun(index: RunIndex, arg: RunArg, name?: string): Promise<string | undefined> {
  const run = await runOf(index, arg);
  if (!run) return undefined;
  const label =
    name ??
    (await vscode.window.showInputBox({
      title: `Rename ${nameOf(run.dir)}`,
      prompt: 'A name for this run, shown in the Runs view and the Experiments table (empty: none)',
      value: run.record.label ?? runName(run.record) ?? '',
    }));
  if (label === undefined) return undefined;
  try {
    await setRunLabel(run.dir, label, (r) => stateOf(r, run.dir, index.alive) === 'running');
  } catch (err) {
    const why =
      err instanceof RunningRunError ? err.message : `cannot rename ${nameOf(run.dir)}: ${(err as Error).message}`;
    void vscode.window.showErrorMessage(why);
    return undefined;
  }
  index.refresh();
  return label.trim();
}
