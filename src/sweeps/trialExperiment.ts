// A trial's experiment: the experiment file's text with each swept setting replaced by the
// trial's value (comments and layout kept), loaded and checked exactly as a file would be.
// The sweep section stays in the text; the resolved experiment (experiment.json) has none.

import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { applyEdits, modify } from 'jsonc-parser';
import { readFailure } from '../data/readFailure';
import { diagnosticAt } from '../diagnostics/diagnostic';
import { loadExperiment, type LoadOverrides, type LoadResult } from '../experiment/load';
import { parseParameterPath } from './parameterPath';
import type { TrialParameters } from './trials';

const FORMATTING = { formattingOptions: { insertSpaces: true, tabSize: 2, eol: '\n' } };

/** The experiment text with every parameter set (names are paths: model.layers[0].units). */
export function withParameters(text: string, parameters: TrialParameters): string {
  let out = text;
  for (const [name, value] of Object.entries(parameters)) {
    const parsed = parseParameterPath(name);
    if ('problem' in parsed) throw new Error(parsed.problem); // resolveSweep reports these first
    out = applyEdits(out, modify(out, parsed.path, value, FORMATTING));
  }
  return out;
}

/** Loads the experiment `file` as one trial sets it. `text` stands in for the file's contents. */
export async function loadTrial(
  file: string,
  parameters: TrialParameters,
  overrides: LoadOverrides = {},
  text?: string,
): Promise<LoadResult> {
  const absolute = path.resolve(file);
  if (text === undefined) {
    try {
      text = await readFile(absolute, 'utf8');
    } catch (err) {
      return { diagnostics: [diagnosticAt(absolute, 1, 1, readFailure(absolute, err))] };
    }
  }
  return loadExperiment(absolute, overrides, withParameters(text, parameters));
}
