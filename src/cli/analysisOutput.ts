// Shared by predict, inspect and sample: opening the run (with its errors said the CLI's way)
// and writing the result to stdout or to a file.

import * as path from 'node:path';
import { openRun, type OpenedRun } from '../analysis/runModel';
import { MAX_INPUT_FILE_BYTES } from '../data/limits';
import { inputFileProblem, outputFileProblem, pathError, readFailure } from '../data/readFailure';
import { formatDiagnostic, type Diagnostic } from '../diagnostics/diagnostic';
import { displayPath } from '../format/lines';
import { writeFileAtomic } from '../runs/atomicFile';

/**
 * The paths a command was given, checked before anything is read or computed — an input must be
 * a regular file within MAX_INPUT_FILE_BYTES, an output a file that can be replaced whole in an
 * existing folder (never a FIFO, a device, a directory or a saved run's own file). Each problem
 * is said as `PATH: error: …`; false when there was one.
 */
export async function checkPaths(paths: { readonly input?: string; readonly output?: string }): Promise<boolean> {
  const problems: [string, string | undefined][] = [
    [
      paths.input ?? '',
      paths.input === undefined
        ? undefined
        : await inputFileProblem(path.resolve(paths.input), 'an input file', MAX_INPUT_FILE_BYTES),
    ],
    [paths.output ?? '', paths.output === undefined ? undefined : await outputFileProblem(path.resolve(paths.output))],
  ];
  for (const [file, problem] of problems) if (problem) failWith(file, problem);
  return problems.every(([, problem]) => !problem);
}

/** The run at its final weights or a kept epoch's; undefined after printing why not. */
export async function openForCli(runDir: string, epoch?: number): Promise<OpenedRun | undefined> {
  const opened = await openRun(runDir, epoch);
  if ('error' in opened) {
    failWith(runDir, opened.error);
    return undefined;
  }
  return opened.run;
}

/** `RUN_DIR: error: MESSAGE` on stderr, as `report` says it; `FILE:LINE:COL: error: …` for a problem placed in a file. */
export function failWith(runDir: string, message: string, at?: Diagnostic): void {
  const line = at ? formatDiagnostic(at) : pathError(displayPath(path.resolve(runDir)), message);
  process.stderr.write(`${line}\n`);
}

/** Lines to stdout, or to `output`, written whole or not at all (then one line on stdout says where). False when it could not be written (said). */
export function emit(lines: string[], output: string | undefined): boolean {
  const text = lines.length ? `${lines.join('\n')}\n` : '';
  if (output === undefined) {
    process.stdout.write(text);
    return true;
  }
  const file = path.resolve(output);
  try {
    writeFileAtomic(file, text);
  } catch (err) {
    failWith(output, `cannot write: ${readFailure(file, err)}`);
    return false;
  }
  process.stdout.write(`written to ${displayPath(file)}\n`);
  return true;
}

/** "weights of epoch 12 (weights.json)" */
export function weightsWords(run: { readonly epoch: number; readonly weightsFile: string }): string {
  return `weights of epoch ${run.epoch} (${run.weightsFile})`;
}

/** Up to `max` numbers with 4 decimals, then "…". */
export function numbers(values: readonly number[], max = 8): string {
  const shown = values
    .slice(0, max)
    .map((v) => v.toFixed(4))
    .join(' ');
  return values.length > max ? `${shown} …` : shown;
}
