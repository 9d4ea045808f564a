// Temporary folders with experiment files, for tests that read from disk.

import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

export function workspace(files: Record<string, string | object>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'rnn-lab-test-'));
  for (const [name, contents] of Object.entries(files)) {
    const file = path.join(dir, name);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, typeof contents === 'string' ? contents : JSON.stringify(contents, null, 2));
  }
  return dir;
}

/** A small valid experiment; override any top-level section. */
export function experiment(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    data: {
      x: [
        [
          [1, 2],
          [3, 4],
          [5, 6],
        ],
        [
          [0, 1],
          [1, 0],
          [0, 0],
        ],
      ],
      y: [[0], [1]],
    },
    model: {
      layers: [
        { type: 'rnn', units: 4 },
        { type: 'dense', units: 1 },
      ],
    },
    training: { epochs: 2, loss: 'mse', optimizer: { type: 'sgd', learningRate: 0.1 } },
    ...overrides,
  };
}
