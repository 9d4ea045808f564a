// What every in-host suite file needs: the test workspace and a wait for the extension to act.

import * as vscode from 'vscode';

export const folder = () => vscode.workspace.workspaceFolders![0].uri;
export const file = (name: string) => vscode.Uri.joinPath(folder(), name);

/** Polls `probe` every 100 ms until it gives a value, or fails naming `what` after `ms`. */
export async function until<T>(
  what: string,
  probe: () => T | undefined | Promise<T | undefined>,
  ms = 30000,
): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
