// Delete Run: asks once, then moves each run directory to the trash — or, where there is no
// trash (web and remote windows), says so in that one question and deletes for good. A desktop
// trash that fails asks again before deleting for good. Running runs stay.

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
  const its = entries.length === 1 ? 'Its directory' : 'Their directories';
  const trash = hasTrash();
  const button = trash ? 'Move to Trash' : 'Delete Permanently';
  const choice = await vscode.window.showWarningMessage(
    `Delete ${what}${trash ? '' : ' permanently'}?`,
    {
      modal: true,
      detail: trash
        ? `${its} (metrics, weights, settings) ${entries.length === 1 ? 'is' : 'are'} moved to the trash.`
        : `${NO_TRASH} ${its} (metrics, weights, settings) ${entries.length === 1 ? 'is' : 'are'} deleted for good: this cannot be undone.`,
    },
    button,
  );
  if (choice !== button) return false;
  for (const e of entries) {
    if (await deleteDir(vscode.Uri.file(e.dir), trash)) panels.close(e.dir);
  }
  index.refresh();
  return true;
}

const NO_TRASH =
  "This window's file system has no trash (so it is in VS Code for the Web, code-server and remote windows).";

/** Only a desktop window on local files has a trash: elsewhere the user is asked once, for a permanent delete. */
function hasTrash(): boolean {
  return vscode.env.uiKind === vscode.UIKind.Desktop && vscode.env.remoteName === undefined;
}

async function deleteDir(uri: vscode.Uri, useTrash: boolean): Promise<boolean> {
  if (!useTrash) {
    await vscode.workspace.fs.delete(uri, { recursive: true, useTrash: false });
    return true;
  }
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
    return NO_TRASH;
  }
  const words = message.replace(/\b[a-z][\w+.-]*:\/\/\S+/gi, 'the run folder').trim();
  return `Moving it to the trash failed: ${words}${/[.!?]$/.test(words) ? '' : '.'}`;
}
