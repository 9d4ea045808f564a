// Shared by predict, inspect and sample: opening the run (with its errors said the CLI's way)
// and writing the result to stdout or to a file.

import { writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { openRun, type OpenedRun } from '../analysis/runModel';
import { displayPath } from '../format/lines';

/** The run at its final weights or a kept epoch's; undefined after printing why not. */
export async function openForCli(runDir: string, epoch?: number): Promise<OpenedRun | undefined> {
  const opened = await openRun(runDir, epoch);
  if ('error' in opened) {
    failWith(runDir, opened.error);
    return undefined;
  }
  return opened.run;
}

/** `RUN_DIR: error: MESSAGE` on stderr, as `report` says it. */
export function failWith(runDir: string, message: string): void {
  process.stderr.write(`${displayPath(path.resolve(runDir))}: error: ${message}\n`);
}

/** Lines to stdout, or to `output` (then one line on stdout says where). */
export async function emit(lines: string[], output: string | undefined): Promise<void> {
  const text = lines.length ? `${lines.join('\n')}\n` : '';
  if (output === undefined) {
    process.stdout.write(text);
    return;
  }
  await writeFile(path.resolve(output), text);
  process.stdout.write(`written to ${displayPath(path.resolve(output))}\n`);
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
