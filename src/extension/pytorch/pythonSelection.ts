// The interpreter candidates for a file, in order: the one selected in the Python extension
// (through its published API, when that extension is installed), the rnnLab.python setting,
// then python3 / python on PATH (engines/pytorch/interpreter.ts).

import { PythonExtension } from '@vscode/python-extension';
import * as vscode from 'vscode';
import { interpreterCandidates, type InterpreterCandidate } from '../../engines/pytorch/interpreter';

const PYTHON_EXTENSION_ID = 'ms-python.python';
/** The Python extension activates on first use; one that does not answer by then is passed over. */
const API_TIMEOUT_MS = 15_000;

/** The Python extension's interpreter for `resource`; undefined without that extension, a selection or an answer in time. */
async function selectedInterpreter(resource: vscode.Uri): Promise<string | undefined> {
  if (!vscode.extensions.getExtension(PYTHON_EXTENSION_ID)) return undefined;
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), API_TIMEOUT_MS)));
  try {
    return await Promise.race([askPythonExtension(resource), late]);
  } finally {
    clearTimeout(timer);
  }
}

async function askPythonExtension(resource: vscode.Uri): Promise<string | undefined> {
  try {
    const api = await PythonExtension.api();
    const active = api.environments.getActiveEnvironmentPath(resource);
    const resolved = await api.environments.resolveEnvironment(active);
    return resolved?.executable.uri?.fsPath ?? active.path;
  } catch {
    return undefined; // the extension failed to activate: the next candidates are tried
  }
}

export async function pythonCandidates(resource: vscode.Uri): Promise<InterpreterCandidate[]> {
  const setting = vscode.workspace.getConfiguration('rnnLab', resource).get<string>('python');
  return interpreterCandidates(await selectedInterpreter(resource), setting);
}

export interface PyTorchSettings {
  readonly device: string;
  readonly processes: number;
}

export function pytorchSettings(resource: vscode.Uri): PyTorchSettings {
  const c = vscode.workspace.getConfiguration('rnnLab.pytorch', resource);
  return { device: c.get<string>('device') || 'auto', processes: c.get<number>('processes') ?? 1 };
}
