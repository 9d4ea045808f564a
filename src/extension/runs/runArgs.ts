// What a run command is applied to: a Runs view node, a run directory (panels, lenses, tests),
// the view's selection, or — from the palette — a quick pick of the known runs.

import * as path from 'node:path';
import * as vscode from 'vscode';
import { readRunEntry, type RunEntry } from '../../runs/runStore';
import { summarizeRun } from '../../runs/runSummary';
import type { RunIndex } from './runIndex';
import type { RunNode } from './runsTree';

export type RunArg = RunNode | string | undefined;
export type RecordedRun = Extract<RunEntry, { kind: 'run' }>;

export function dirOf(arg: RunArg): string | undefined {
  if (typeof arg === 'string') return arg;
  return arg?.kind === 'runItem' ? arg.entry.dir : undefined;
}

/** The runs a command applies to: the tree's selection when the clicked run is part of it. */
export function dirsOf(arg: RunArg, selected?: readonly RunArg[]): string[] {
  const clicked = dirOf(arg);
  const chosen = (selected ?? []).map(dirOf).filter((d): d is string => d !== undefined);
  if (clicked && !chosen.includes(clicked)) return [clicked];
  return chosen.length ? chosen : clicked ? [clicked] : [];
}

export function nameOf(dir: string): string {
  return path.basename(dir);
}

/** The run named by `arg` (or picked); a damaged one is reported and gives undefined. */
export async function runOf(
  index: RunIndex,
  arg: RunArg,
  offered?: (run: RecordedRun) => boolean,
): Promise<RecordedRun | undefined> {
  const dir = dirOf(arg) ?? (await pickRuns(index, 'Choose a run', false, [], offered))?.[0];
  const entry = dir === undefined ? undefined : await readRunEntry(dir, index.alive);
  if (entry?.kind === 'damaged') void vscode.window.showErrorMessage(`${nameOf(entry.dir)}: ${entry.reason}.`);
  return entry?.kind === 'run' ? entry : undefined;
}

/** A quick pick of the known runs, newest first (the palette's way to name runs). */
export async function pickRuns(
  index: RunIndex,
  title: string,
  many: boolean,
  preselected: string[] = [],
  offered: (run: RecordedRun) => boolean = () => true,
): Promise<string[] | undefined> {
  const now = new Date();
  const runs = (await index.allEntries())
    .filter((e): e is RecordedRun => e.kind === 'run' && offered(e))
    .sort((a, b) => b.record.startedAt.localeCompare(a.record.startedAt));
  if (runs.length === 0) {
    void vscode.window.showInformationMessage('No runs yet: train an experiment first.');
    return undefined;
  }
  const items = runs.map((e) => {
    const s = summarizeRun(e, now);
    return {
      label: nameOf(e.dir),
      description: `${s.label} · ${s.description}`,
      dir: e.dir,
      picked: preselected.includes(e.dir),
    };
  });
  if (!many) {
    const pick = await vscode.window.showQuickPick(items, { title });
    return pick && [pick.dir];
  }
  const picks = await vscode.window.showQuickPick(items, { title, canPickMany: true });
  return picks?.map((p) => p.dir);
}
