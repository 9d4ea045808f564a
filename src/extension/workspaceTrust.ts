// The trust tables (trust.ts) applied in this window: whether a command or view may act now,
// and the refusal a user sees otherwise, with a button to VS Code's Workspace Trust editor.

import * as vscode from 'vscode';
import type { CommandId } from './commandIds';
import { MANAGE_TRUST, refusalMessage, trustOf, VIEW_TRUST, type Refused, type Trust, type TrustedView } from './trust';

const allowedNow = (trust: Trust) => trust.untrusted === 'works' || vscode.workspace.isTrusted;

export const commandAllowedNow = (id: CommandId): boolean => allowedNow(trustOf(id));

/** The lenses a provider may offer now: in Restricted Mode, none whose command would be refused. */
export function offeredLenses(lenses: vscode.CodeLens[]): vscode.CodeLens[] {
  return lenses.filter((lens) => !lens.command || commandAllowedNow(lens.command.command as CommandId));
}

/** undefined when the view may read now; else why not, in the words of a refusal. */
export function viewRefusal(view: TrustedView): string | undefined {
  const trust: Trust = VIEW_TRUST[view];
  return allowedNow(trust) ? undefined : refusalMessage(trust as Refused);
}

/** Every refusal shown in this window, in order: what a user read (the in-host tests check it). */
export const refusals: { readonly command: CommandId; readonly message: string }[] = [];

/** Says why the command does nothing here and offers the Workspace Trust editor; resolves undefined. */
export function refuse(id: CommandId): Promise<undefined> {
  const message = refusalMessage(trustOf(id) as Refused);
  refusals.push({ command: id, message });
  void vscode.window.showErrorMessage(message, MANAGE_TRUST).then((choice) => {
    if (choice === MANAGE_TRUST) void vscode.commands.executeCommand('workbench.trust.manage');
  });
  return Promise.resolve(undefined);
}
