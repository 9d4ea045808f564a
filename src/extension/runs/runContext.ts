// Context keys from the run listing, so that package.json's `when` clauses offer a run command
// only where it can work: rnnLab.hasRuns (Open Run, Compare, Predict… in the palette) and
// rnnLab.hasCharacterRuns (Sample Text, which applies to character models only).

import * as vscode from 'vscode';
import type { RunEntry } from '../../runs/runStore';
import type { RunIndex } from './runIndex';

/** A character model's run (its data was "text"): the runs Sample Text applies to. */
export function isCharacterModel(entry: RunEntry): boolean {
  return entry.kind === 'run' && typeof entry.record.data?.vocabulary === 'string';
}

export function trackRunContext(index: RunIndex): vscode.Disposable {
  const update = async () => {
    const runs = (await index.allEntries()).filter((e) => e.kind === 'run');
    await vscode.commands.executeCommand('setContext', 'rnnLab.hasRuns', runs.length > 0);
    await vscode.commands.executeCommand('setContext', 'rnnLab.hasCharacterRuns', runs.some(isCharacterModel));
  };
  void update();
  return index.onDidChange(() => void update());
}
