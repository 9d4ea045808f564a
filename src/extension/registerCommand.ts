// The one way a command is registered: by its id from commandIds.ts, disposed with the extension.

import * as vscode from 'vscode';
import type { CommandId } from './commandIds';

export function registerCommand<Args extends unknown[]>(
  subscriptions: vscode.Disposable[],
  id: CommandId,
  run: (...args: Args) => unknown,
): void {
  subscriptions.push(vscode.commands.registerCommand(id, run));
}
