// Delete Run: asks first, then moves each run directory to the trash. Remote and web hosts
// may have no trash: then it says so and deletes only on a second yes. Running runs stay.

import * as vscode from 'vscode';
import { readRunEntry } from '../../runs/runStore';
import type { RunPanels } from '../panel/runPanels';
import { nameOf } from './runArgs';
import type { RunIndex } from './runIndex';

/** Resolves true when the user confirmed (some runs may still have been kept on the second question). */
export async function deleteRuns(index: RunIndex, panels: RunPanels, dirs: string[]): Promise<boolean> {
  const entries = await Promise.all(dirs.map((d) => readRunEntry(d, index.alive)));
  const running = entries.filter((e) => e.kind === 'run' && e.state === 'running');
  if (running.length) {
    void vscode.window.showWarningMessage(`${nameOf(running[0].dir)} is still training: stop it before deleting it.`);
    return false;
  }
  if (entries.length === 0) return false;
  const what = entries.length === 1 ? `run ${nameOf(entries[0].dir)}` : `${entries.length} runs`;
  const trash = 'Move to Trash';
  const choice = await vscode.window.showWarningMessage(
    `Delete ${what}?`,
    { modal: true, detail: 'Its directory (metrics, weights, settings) is moved to the trash.' },
    trash,
  );
  if (choice !== trash) return false;
  for (const e of entries) {
    if (await deleteDir(vscode.Uri.file(e.dir))) panels.close(e.dir);
  }
  index.refresh();
  return true;
}

async function deleteDir(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.delete(uri, { recursive: true, useTrash: true });
    return true;
  } catch (err) {
    const permanently = 'Delete Permanently';
    const again = await vscode.window.showWarningMessage(
      `${nameOf(uri.fsPath)} cannot be moved to the trash. Delete it permanently?`,
      { modal: true, detail: `${whyNoTrash(err)} Deleting it permanently cannot be undone.` },
      permanently,
    );
    if (again !== permanently) return false;
    await vscode.workspace.fs.delete(uri, { recursive: true, useTrash: false });
    return true;
  }
}

/**
 * In words: the file system's own message names the folder by its vscode-remote:// URI and says
 * only that the "provider does not support" it.
 */
export function whyNoTrash(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  if (/trash|does not support|unavailable/i.test(message)) {
    return "This window's file system has no trash (so it is in VS Code for the Web, code-server and remote windows).";
  }
  const words = message.replace(/\b[a-z][\w+.-]*:\/\/\S+/gi, 'the run folder').trim();
  return `Moving it to the trash failed: ${words}${/[.!?]$/.test(words) ? '' : '.'}`;
}
