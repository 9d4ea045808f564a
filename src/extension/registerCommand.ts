// The one way a command is registered: by its id from commandIds.ts, disposed with the extension,
// and guarded by its verdict in trust.ts — in an untrusted workspace a refused command says why
// and does nothing, whoever runs it (palette, menu, lens, panel, another extension).

import * as vscode from 'vscode';
import type { CommandId } from './commandIds';
import { commandAllowedNow, refuse } from './workspaceTrust';

export function registerCommand<Args extends unknown[]>(
  subscriptions: vscode.Disposable[],
  id: CommandId,
  run: (...args: Args) => unknown,
): void {
  subscriptions.push(
    vscode.commands.registerCommand(id, (...args: Args) => (commandAllowedNow(id) ? run(...args) : refuse(id))),
  );
}
