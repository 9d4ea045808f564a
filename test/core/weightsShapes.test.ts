// An init weights file is checked against the model from the shapes alone (weightsProblems):
// the loader no longer builds a throwaway model for it. What a user sees is the same: each
// problem at its place in the file, and a file that fits loads exactly.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { LayerSpec } from '../../src/core/layers/index';
import { Model, type ModelSpec } from '../../src/core/model';
import { Rng } from '../../src/core/rng';
import { exportWeights, importWeights, weightsProblems } from '../../src/core/weights';

const spec: ModelSpec = {
  inputSize: 3,
  steps: 4,
  output: 'last',
  layers: [
    { type: 'lstm', units: 5, shareWeights: true },
    { type: 'gru', units: 4, shareWeights: false },
    { type: 'rnn', units: 2, activation: 'prelu', shareWeights: true },
    { type: 'dense', units: 1, activation: 'linear' },
  ] as LayerSpec[],
};

function trainedFile(): Record<string, unknown> & { layers: Record<string, unknown>[] } {
  const model = new Model(spec, 'float64');
  model.initialise('glorot', new Rng(7, 'init'));
  return JSON.parse(JSON.stringify(exportWeights(model))) as never;
}

describe('weightsProblems: a weights file against the shapes of the model a spec describes', () => {
  it('a file exported from that model fits, and imports to the same weights', () => {
    const file = trainedFile();
    assert.deepEqual(weightsProblems(spec, file), []);
    const model = new Model(spec, 'float64');
    assert.deepEqual(importWeights(model, file), []);
    assert.deepEqual(JSON.parse(JSON.stringify(exportWeights(model))), file);
  });

  const cases: [string, (f: ReturnType<typeof trainedFile>) => void, (string | number)[], RegExp][] = [
    [
      'an lstm Wh of the wrong width',
      (f) => ((f.layers[0].Wh as number[][])[0] = [1, 2]),
      ['layers', 0, 'Wh'],
      /layer0\.Wh: expected shape \(5, 20\)/,
    ],
    [
      'a gru step without bh',
      (f) => delete (f.layers[1].steps as Record<string, unknown>[])[2].bh,
      ['layers', 1, 'steps', 2, 'bh'],
      /layer1\.step2\.bh: expected an array of shape \(12,\)/,
    ],
    [
      'per-step weights with too few steps',
      (f) => (f.layers[1].steps as unknown[]).pop(),
      ['layers', 1, 'steps'],
      /expected "steps" with 4 entries/,
    ],
    ['a layer of another type', (f) => (f.layers[2].type = 'gru'), ['layers', 2], /layer 2 is rnn in the model/],
    [
      'a PReLU slope that is not a number',
      (f) => (f.layers[2].alpha = 'x'),
      ['layers', 2, 'alpha'],
      /alpha is a number/,
    ],
    [
      'a dense W with a non-finite entry',
      (f) => ((f.layers[3].W as number[][])[1][0] = null as never),
      ['layers', 3, 'W'],
      /layer3\.W: expected a finite number/,
    ],
    [
      'a layer too many',
      (f) => f.layers.push({ type: 'dense' }),
      ['layers'],
      /the model has 4 layers, the weights file 5/,
    ],
  ];
  for (const [what, damage, path, message] of cases) {
    it(`${what}: reported at ${JSON.stringify(path)}, and importing changes nothing`, () => {
      const file = trainedFile();
      damage(file);
      const problems = weightsProblems(spec, file);
      assert.equal(problems.length, 1, JSON.stringify(problems));
      assert.deepEqual(problems[0].path, path);
      assert.match(problems[0].message, message);
      const model = new Model(spec, 'float64');
      const before = JSON.stringify(exportWeights(model));
      assert.deepEqual(importWeights(model, file), problems);
      assert.equal(JSON.stringify(exportWeights(model)), before);
    });
  }
});
