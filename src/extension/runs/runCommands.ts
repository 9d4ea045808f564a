// What a user can do with a run from the Runs view (inline buttons and context menu), the
// panel and the palette: open, compare, re-run, reveal, export weights, copy path, delete, stop.
// Every command takes a tree node, or a run directory path (panels, lenses, tests).

import { existsSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { COMPARE_MAX_RUNS, COMPARE_MIN_RUNS } from '../../panel/comparison';
import type { RunOutcome } from '../../runs/recordedRun';
import { slug } from '../../runs/runDirectory';
import { readRunEntry, type RunEntry } from '../../runs/runStore';
import { summarizeRun } from '../../runs/runSummary';
import type { ComparePanels } from '../panel/comparePanels';
import type { RunPanels } from '../panel/runPanels';
import type { TrainingSessions } from '../training/trainingSessions';
import type { RunIndex } from './runIndex';
import type { RunNode } from './runsTree';

type RunArg = RunNode | string | undefined;

function dirOf(arg: RunArg): string | undefined {
  if (typeof arg === 'string') return arg;
  return arg?.kind === 'runItem' ? arg.entry.dir : undefined;
}

/** The runs a command applies to: the tree's selection when the clicked run is part of it. */
function dirsOf(arg: RunArg, selected?: readonly RunArg[]): string[] {
  const clicked = dirOf(arg);
  const chosen = (selected ?? []).map(dirOf).filter((d): d is string => d !== undefined);
  if (clicked && !chosen.includes(clicked)) return [clicked];
  return chosen.length ? chosen : clicked ? [clicked] : [];
}

function nameOf(dir: string): string {
  return path.basename(dir);
}

export function registerRunCommands(
  context: vscode.ExtensionContext, index: RunIndex, sessions: TrainingSessions, panels: RunPanels, compare: ComparePanels,
): void {
  const register = (id: string, run: (...args: any[]) => unknown) => context.subscriptions.push(vscode.commands.registerCommand(id, run));
  const entryOf = async (arg: RunArg): Promise<RunEntry | undefined> => {
    const dir = dirOf(arg) ?? (await pickRuns(index, 'Choose a run', false))?.[0];
    return dir === undefined ? undefined : readRunEntry(dir, index.alive);
  };
  const runOf = async (arg: RunArg): Promise<Extract<RunEntry, { kind: 'run' }> | undefined> => {
    const entry = await entryOf(arg);
    if (entry?.kind === 'damaged') void vscode.window.showErrorMessage(`${nameOf(entry.dir)}: ${entry.reason}.`);
    return entry?.kind === 'run' ? entry : undefined;
  };

  register('rnnLab.runs.refresh', () => index.refresh());

  register('rnnLab.runs.open', async (arg: RunArg) => {
    const run = await runOf(arg);
    return run && panels.show(run.dir, run.record.name);
  });

  register('rnnLab.runs.compare', async (arg: RunArg, selected?: RunArg[]) => {
    let dirs = dirsOf(arg, selected);
    if (dirs.length < COMPARE_MIN_RUNS) dirs = (await pickRuns(index, `Compare runs (choose ${COMPARE_MIN_RUNS}–${COMPARE_MAX_RUNS})`, true, dirs)) ?? [];
    if (dirs.length === 0) return undefined;
    if (dirs.length < COMPARE_MIN_RUNS || dirs.length > COMPARE_MAX_RUNS) {
      void vscode.window.showWarningMessage(`Compare shows ${COMPARE_MIN_RUNS} to ${COMPARE_MAX_RUNS} runs; ${dirs.length} ${dirs.length === 1 ? 'is' : 'are'} selected.`);
      return undefined;
    }
    return compare.show(dirs);
  });

  register('rnnLab.runs.rerun', async (arg: RunArg): Promise<RunOutcome | undefined> => {
    const run = await runOf(arg);
    if (!run) return undefined;
    return sessions.start(vscode.Uri.file(run.record.source), { rerunOf: run.dir });
  });

  register('rnnLab.runs.reveal', async (arg: RunArg) => {
    const run = await runOf(arg);
    if (!run) return;
    if (!existsSync(run.record.source)) {
      void vscode.window.showErrorMessage(`${run.record.source} no longer exists. The run's own copy is ${path.join(run.dir, 'experiment.json')}.`, 'Open the Copy')
        .then((choice) => choice && vscode.window.showTextDocument(vscode.Uri.file(path.join(run.dir, 'experiment.json'))));
      return;
    }
    await vscode.window.showTextDocument(vscode.Uri.file(run.record.source));
    await vscode.commands.executeCommand('revealInExplorer', vscode.Uri.file(run.record.source));
  });

  register('rnnLab.runs.exportWeights', async (arg: RunArg) => {
    const run = await runOf(arg);
    if (!run) return undefined;
    const weights = vscode.Uri.file(path.join(run.dir, 'weights.json'));
    if (!existsSync(weights.fsPath)) {
      void vscode.window.showInformationMessage(`${nameOf(run.dir)} has no weights to export (${run.state} runs keep none).`);
      return undefined;
    }
    const folder = vscode.workspace.getWorkspaceFolder(vscode.Uri.file(run.record.source))?.uri ?? vscode.Uri.file(path.dirname(run.record.source));
    const target = await vscode.window.showSaveDialog({
      title: `Export weights of ${nameOf(run.dir)}`,
      defaultUri: vscode.Uri.joinPath(folder, `${slug(run.record.name)}.weights.json`),
      filters: { 'RNN Lab weights (rnn-lab/weights@1)': ['json'] },
      saveLabel: 'Export',
    });
    if (!target) return undefined;
    await vscode.workspace.fs.copy(weights, target, { overwrite: true });
    void vscode.window.showInformationMessage(`Weights exported to ${vscode.workspace.asRelativePath(target)}. An experiment can start from them with "model": { "init": { "weights": "…" } }.`);
    return target;
  });

  register('rnnLab.runs.copyPath', async (arg: RunArg) => {
    const dir = dirOf(arg);
    if (dir) await vscode.env.clipboard.writeText(dir);
  });

  register('rnnLab.runs.delete', async (arg: RunArg, selected?: RunArg[]) => {
    const entries = await Promise.all(dirsOf(arg, selected).map((d) => readRunEntry(d, index.alive)));
    const running = entries.filter((e) => e.kind === 'run' && e.state === 'running');
    if (running.length) {
      void vscode.window.showWarningMessage(`${nameOf(running[0].dir)} is still training: stop it before deleting it.`);
      return false;
    }
    if (entries.length === 0) return false;
    const what = entries.length === 1 ? `run ${nameOf(entries[0].dir)}` : `${entries.length} runs`;
    const trash = 'Move to Trash';
    const choice = await vscode.window.showWarningMessage(`Delete ${what}?`, { modal: true, detail: 'Its directory (metrics, weights, settings) is moved to the trash.' }, trash);
    if (choice !== trash) return false;
    for (const e of entries) {
      const uri = vscode.Uri.file(e.dir);
      try {
        await vscode.workspace.fs.delete(uri, { recursive: true, useTrash: true });
      } catch (err) {
        // Remote and web hosts may have no trash: say so, and only delete on a second yes.
        const permanently = 'Delete Permanently';
        const again = await vscode.window.showWarningMessage(`${nameOf(e.dir)} cannot be moved to the trash here (${(err as Error).message}). Delete it permanently?`, { modal: true }, permanently);
        if (again !== permanently) continue;
        await vscode.workspace.fs.delete(uri, { recursive: true, useTrash: false });
      }
      panels.close(e.dir);
    }
    index.refresh();
    return true;
  });

  register('rnnLab.runs.stop', async (arg: RunArg) => {
    const run = await runOf(arg);
    if (!run || run.state !== 'running') return;
    if (run.record.pid === process.pid) {
      sessions.stop(vscode.Uri.file(run.record.source));
    } else if (run.record.host === 'cli') {
      // The CLI ends a run cleanly on SIGINT, exactly as on Ctrl-C (status "cancelled").
      process.kill(run.record.pid, 'SIGINT');
    } else {
      void vscode.window.showInformationMessage(`${nameOf(run.dir)} is trained by another window (process ${run.record.pid}): stop it there.`);
    }
  });
}

/** A quick pick of the known runs, newest first (the palette's way to name runs). */
async function pickRuns(index: RunIndex, title: string, many: boolean, preselected: string[] = []): Promise<string[] | undefined> {
  const now = new Date();
  const runs = (await index.allEntries()).filter((e): e is Extract<RunEntry, { kind: 'run' }> => e.kind === 'run')
    .sort((a, b) => b.record.startedAt.localeCompare(a.record.startedAt));
  if (runs.length === 0) {
    void vscode.window.showInformationMessage('No runs yet: train an experiment first.');
    return undefined;
  }
  const items = runs.map((e) => {
    const s = summarizeRun(e, now);
    return { label: nameOf(e.dir), description: `${s.label} · ${s.description}`, dir: e.dir, picked: preselected.includes(e.dir) };
  });
  if (!many) {
    const pick = await vscode.window.showQuickPick(items, { title });
    return pick && [pick.dir];
  }
  const picks = await vscode.window.showQuickPick(items, { title, canPickMany: true });
  return picks?.map((p) => p.dir);
}
