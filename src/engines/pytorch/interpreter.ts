// Which Python runs PyTorch: the interpreter selected in the Python extension, else the
// rnnLab.python setting, else python3 / python on PATH — the first of these that exists.
// A candidate that names a file that is not there is skipped (a stale selection, a venv
// deleted since), and every candidate tried is kept for the message when none is found.

import { accessSync, constants, statSync } from 'node:fs';
import { homedir } from 'node:os';
import * as path from 'node:path';

export type InterpreterSource = 'python-extension' | 'setting' | 'path';

export interface InterpreterCandidate {
  readonly source: InterpreterSource;
  /** A path (absolute, or with ~) or a bare name looked up on PATH. */
  readonly command: string;
}

export interface Interpreter {
  readonly source: InterpreterSource;
  /** The executable's absolute path. */
  readonly path: string;
}

export type Resolution = { readonly found: Interpreter } | { readonly tried: readonly InterpreterCandidate[] };

/** The names tried on PATH, in order. */
export function pathNames(platform: NodeJS.Platform = process.platform): string[] {
  return platform === 'win32' ? ['python', 'py'] : ['python3', 'python'];
}

/** The candidates in the order they are tried; empty or blank ones are left out. */
export function interpreterCandidates(
  selected: string | undefined,
  setting: string | undefined,
  platform: NodeJS.Platform = process.platform,
): InterpreterCandidate[] {
  const given: InterpreterCandidate[] = [
    { source: 'python-extension', command: selected?.trim() ?? '' },
    { source: 'setting', command: setting?.trim() ?? '' },
  ];
  return [
    ...given.filter((c) => c.command !== ''),
    ...pathNames(platform).map((command) => ({ source: 'path' as const, command })),
  ];
}

export interface LookupEnvironment {
  readonly PATH?: string;
  readonly PATHEXT?: string;
  readonly cwd?: string;
  readonly platform?: NodeJS.Platform;
}

/** The first candidate that is an executable file. */
export function resolveInterpreter(
  candidates: readonly InterpreterCandidate[],
  env: LookupEnvironment = { PATH: process.env.PATH, PATHEXT: process.env.PATHEXT },
): Resolution {
  for (const c of candidates) {
    const found = locate(c.command, env);
    if (found) return { found: { source: c.source, path: found } };
  }
  return { tried: candidates };
}

function locate(command: string, env: LookupEnvironment): string | undefined {
  const platform = env.platform ?? process.platform;
  const expanded = command === '~' || command.startsWith('~/') ? path.join(homedir(), command.slice(1)) : command;
  if (expanded.includes('/') || (platform === 'win32' && expanded.includes('\\'))) {
    const file = path.resolve(env.cwd ?? process.cwd(), expanded);
    return isExecutable(file, platform) ? file : undefined;
  }
  const extensions = platform === 'win32' ? ['', ...(env.PATHEXT ?? '.EXE;.CMD;.BAT').split(';')] : [''];
  for (const dir of (env.PATH ?? '').split(platform === 'win32' ? ';' : ':')) {
    if (!dir) continue;
    for (const ext of extensions) {
      const file = path.join(dir, expanded + ext);
      if (isExecutable(file, platform)) return file;
    }
  }
  return undefined;
}

function isExecutable(file: string, platform: NodeJS.Platform): boolean {
  try {
    if (!statSync(file).isFile()) return false;
    if (platform !== 'win32') accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** How a candidate is named in messages. */
export function describeCandidate(c: InterpreterCandidate): string {
  switch (c.source) {
    case 'python-extension':
      return `${c.command} (selected in the Python extension)`;
    case 'setting':
      return `${c.command} (setting rnnLab.python)`;
    case 'path':
      return `${c.command} on PATH`;
    default: {
      const unknown: never = c.source;
      return String(unknown);
    }
  }
}
