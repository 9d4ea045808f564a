// A sweep parameter names the setting it varies by a path into the experiment file, as people
// write it: `training.optimizer.learningRate`, `model.layers[0].units`, `seed`.

import type { JSONPath } from '../experiment/jsonDocument';

const SEGMENT = /^([A-Za-z_$][\w$]*)((?:\[\d+\])*)$/;

/** The JSON path of `model.layers[0].units` (['model', 'layers', 0, 'units']), or why it is not one. */
export function parseParameterPath(text: string): { path: JSONPath } | { problem: string } {
  if (!text) return { problem: 'a parameter path cannot be empty' };
  const path: JSONPath = [];
  for (const part of text.split('.')) {
    const m = SEGMENT.exec(part);
    if (!m)
      return {
        problem: `"${text}" is not a path into the experiment: write it as training.optimizer.learningRate or model.layers[0].units`,
      };
    path.push(m[1]);
    for (const index of m[2].matchAll(/\[(\d+)\]/g)) path.push(Number(index[1]));
  }
  return { path };
}

/** ['model', 'layers', 0, 'units'] → model.layers[0].units */
export function formatParameterPath(path: JSONPath): string {
  return path.map((s, i) => (typeof s === 'number' ? `[${s}]` : i === 0 ? s : `.${s}`)).join('');
}

/** The last word of a path, for short labels: learningRate, units, type. */
export function shortParameterName(text: string): string {
  const last = text.split('.').pop() ?? text;
  return last.replace(/\[\d+\]$/, '');
}
