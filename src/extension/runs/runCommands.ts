// What a user can do with a run from the Runs view (inline buttons and context menu), the
// panel and the palette: open, compare, re-run, reveal, export weights, copy path, delete, stop.
// Every command takes a tree node, or a run directory path (panels, lenses, tests).

import { existsSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { COMPARE_MAX_RUNS, COMPARE_MIN_RUNS } from '../../panel/comparison';
import type { RunOutcome } from '../../runs/recordedRun';
import { slug } from '../../runs/runDirectory';
import { signalTrainer, stopsOnSigint } from '../../runs/runStore';
import { Command } from '../commandIds';
import type { ComparePanels } from '../panel/comparePanels';
import type { RunPanels } from '../panel/runPanels';
import { registerCommand } from '../registerCommand';
import type { TrainingSessions } from '../training/trainingSessions';
import { deleteRuns } from './deleteRuns';
import { dirOf, dirsOf, nameOf, pickRuns, runOf, type RunArg } from './runArgs';
import type { RunIndex } from './runIndex';
import type { RunsNode } from './runsTree';

export interface RunServices {
  readonly index: RunIndex;
  /** The Runs view's selection: what the view's title-bar buttons, which get no arguments, act on. */
  readonly selection: () => readonly RunsNode[];
  readonly sessions: TrainingSessions;
  readonly panels: RunPanels;
  readonly compare: ComparePanels;
  /** Trainings of this window on PyTorch: their runs are stopped by their launcher (SIGINT to every rank, then kill). */
  readonly pytorch?: { stopRun(runDir: string): boolean };
}

export function registerRunCommands(subscriptions: vscode.Disposable[], s: RunServices): void {
  registerCommand(subscriptions, Command.runsRefresh, () => s.index.refresh());
  registerCommand(subscriptions, Command.runsOpen, (arg: RunArg) => openRun(s, arg));
  registerCommand(subscriptions, Command.runsCompare, (arg: RunArg, selected?: RunArg[]) =>
    compareRuns(s, arg, selected),
  );
  registerCommand(subscriptions, Command.runsRerun, (arg: RunArg) => rerun(s, arg));
  registerCommand(subscriptions, Command.runsReveal, (arg: RunArg) => revealExperiment(s, arg));
  registerCommand(subscriptions, Command.runsExportWeights, (arg: RunArg) => exportWeights(s, arg));
  registerCommand(subscriptions, Command.runsCopyPath, (arg: RunArg) => copyPath(arg));
  registerCommand(subscriptions, Command.runsDelete, (arg: RunArg, selected?: RunArg[]) =>
    deleteRuns(s.index, s.panels, dirsOf(arg, selected)),
  );
  registerCommand(subscriptions, Command.runsStop, (arg: RunArg) => stopRun(s, arg));
}

async function openRun(s: RunServices, arg: RunArg): Promise<vscode.WebviewPanel | undefined> {
  const run = await runOf(s.index, arg);
  return run && s.panels.show(run.dir, run.record.name, run.record.source);
}

async function compareRuns(s: RunServices, arg: RunArg, selected?: RunArg[]): Promise<vscode.WebviewPanel | undefined> {
  // The context menu passes the clicked run and the selection. The view's title bar passes only
  // the focused run (or nothing): then the selection is the tree's, asked for here.
  let dirs = dirsOf(arg, selected ?? s.selection().filter((n) => n.kind === 'runItem'));
  if (dirs.length < COMPARE_MIN_RUNS)
    dirs = (await pickRuns(s.index, `Compare runs (choose ${COMPARE_MIN_RUNS}–${COMPARE_MAX_RUNS})`, true, dirs)) ?? [];
  if (dirs.length === 0) return undefined;
  if (dirs.length < COMPARE_MIN_RUNS || dirs.length > COMPARE_MAX_RUNS) {
    void vscode.window.showWarningMessage(
      `Compare shows ${COMPARE_MIN_RUNS} to ${COMPARE_MAX_RUNS} runs; ${dirs.length} ${dirs.length === 1 ? 'is' : 'are'} selected.`,
    );
    return undefined;
  }
  return s.compare.show(dirs);
}

/** Trains the run's recorded experiment.json again: same resolved settings and seed. */
async function rerun(s: RunServices, arg: RunArg): Promise<RunOutcome | undefined> {
  const run = await runOf(s.index, arg);
  return run && s.sessions.start(vscode.Uri.file(run.record.source), { rerunOf: run.dir });
}

async function revealExperiment(s: RunServices, arg: RunArg): Promise<void> {
  const run = await runOf(s.index, arg);
  if (!run) return;
  const source = vscode.Uri.file(run.record.source);
  if (!existsSync(source.fsPath)) {
    const copy = vscode.Uri.file(path.join(run.dir, 'experiment.json'));
    void vscode.window
      .showErrorMessage(`${source.fsPath} no longer exists. The run's own copy is ${copy.fsPath}.`, 'Open the Copy')
      .then((choice) => choice && vscode.window.showTextDocument(copy));
    return;
  }
  await vscode.window.showTextDocument(source);
  await vscode.commands.executeCommand('revealInExplorer', source);
}

async function exportWeights(s: RunServices, arg: RunArg): Promise<vscode.Uri | undefined> {
  const run = await runOf(s.index, arg);
  if (!run) return undefined;
  const weights = vscode.Uri.file(path.join(run.dir, 'weights.json'));
  if (!existsSync(weights.fsPath)) {
    void vscode.window.showInformationMessage(
      `${nameOf(run.dir)} has no weights to export (${run.state} runs keep none).`,
    );
    return undefined;
  }
  const folder =
    vscode.workspace.getWorkspaceFolder(vscode.Uri.file(run.record.source))?.uri ??
    vscode.Uri.file(path.dirname(run.record.source));
  const target = await vscode.window.showSaveDialog({
    title: `Export weights of ${nameOf(run.dir)}`,
    defaultUri: vscode.Uri.joinPath(folder, `${slug(run.record.name)}.weights.json`),
    filters: { 'RNN Lab weights (rnn-lab/weights@1)': ['json'] },
    saveLabel: 'Export',
  });
  if (!target) return undefined;
  await vscode.workspace.fs.copy(weights, target, { overwrite: true });
  void vscode.window.showInformationMessage(
    `Weights exported to ${vscode.workspace.asRelativePath(target)}. An experiment can start from them with "model": { "init": { "weights": "…" } }.`,
  );
  return target;
}

async function copyPath(arg: RunArg): Promise<void> {
  const dir = dirOf(arg);
  if (dir) await vscode.env.clipboard.writeText(dir);
}

/** This window's training is stopped here; a CLI or train.py run gets SIGINT; another window's or a torchrun's is left to it. */
async function stopRun(s: RunServices, arg: RunArg): Promise<void> {
  const run = await runOf(s.index, arg);
  if (!run || run.state !== 'running') return;
  const { record } = run;
  if (s.pytorch?.stopRun(run.dir)) return;
  if (record.pid === process.pid) {
    // A sweep's trial: its sweep stops (every running trial kept as cancelled), as Ctrl-C stops rnn-lab sweep.
    if (record.sweep) void vscode.commands.executeCommand(Command.sweepStop, vscode.Uri.file(record.source));
    else s.sessions.stop(vscode.Uri.file(record.source));
  } else if (stopsOnSigint(record)) {
    // The CLI and train.py end a run cleanly on SIGINT, exactly as on Ctrl-C (status "cancelled").
    // The pid is checked against the trainer's start first: a process that reused it is never signalled.
    if (!signalTrainer(record, 'SIGINT')) s.index.refresh();
  } else if (record.host === 'pytorch') {
    void vscode.window.showInformationMessage(
      `${nameOf(run.dir)} is trained by torchrun in ${record.worldSize} processes: stop it with Ctrl-C where it runs.`,
    );
  } else {
    void vscode.window.showInformationMessage(
      `${nameOf(run.dir)} is trained by another window (process ${record.pid}): stop it there.`,
    );
  }
}
