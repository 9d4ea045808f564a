// Sweep experiments for the tests: one small, fast experiment (a sine generator) with a sweep
// section, written to a temporary folder.

import * as path from 'node:path';
import { workspace } from '../helpers/workspace';

export function sweepExperiment(
  sweep: Record<string, unknown>,
  overrides: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    name: 'sweep',
    seed: 3,
    data: { generator: 'sine', samples: 32, steps: 6, validationSplit: 0.25 },
    model: {
      layers: [
        { type: 'rnn', units: 4 },
        { type: 'dense', units: 1 },
      ],
    },
    training: { epochs: 3, batchSize: 8, loss: 'mse', optimizer: { type: 'adam', learningRate: 0.01 } },
    trace: { shapes: 'off' },
    ...overrides,
    sweep,
  };
}

/** Writes the experiment (pretty-printed, so a test can find a value's line) and returns its path. */
export function writeSweep(experiment: Record<string, unknown>): { file: string; dir: string; text: string } {
  const text = JSON.stringify(experiment, null, 2);
  const dir = workspace({ 'sweep.rnn.json': text });
  return { file: path.join(dir, 'sweep.rnn.json'), dir, text };
}

/** 1-based "line:column" of the first `needle` in `text` (after the first `after`, when given). */
export function positionOf(text: string, needle: string, after?: string): string {
  const from = after === undefined ? 0 : text.indexOf(after) + after.length;
  const offset = text.indexOf(needle, from);
  if (from < 0 || offset < 0) throw new Error(`${needle} not in the text`);
  const before = text.slice(0, offset).split('\n');
  return `${before.length}:${before[before.length - 1].length + 1}`;
}

/** The worker script from the TypeScript sources (no build needed). */
export const WORKER = path.resolve(__dirname, '../helpers/trainWorker.cjs');
