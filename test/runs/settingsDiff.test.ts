// Compare's table: only the settings that differ between runs, by path, one value per run.

import assert from 'node:assert/strict';
import { it } from 'node:test';
import { flattenSettings, settingsDiff } from '../../src/runs/settingsDiff';

const base = {
  name: 'sine',
  description: 'prose',
  seed: 1,
  dtype: 'float64',
  data: {
    x: [
      [[1], [2]],
      [[3], [4]],
    ],
    y: [[0], [1]],
    validationSplit: 0,
  },
  model: {
    layers: [
      { type: 'rnn', units: 16, activation: 'tanh' },
      { type: 'dense', units: 1 },
    ],
    output: 'last',
  },
  training: { epochs: 30, optimizer: { type: 'adam', learningRate: 0.01 } },
};

it('lists only the settings that differ, one value per run in order', () => {
  const faster = { ...base, training: { ...base.training, optimizer: { type: 'adam', learningRate: 0.1 } } };
  const wider = {
    ...base,
    model: { ...base.model, layers: [{ ...base.model.layers[0], units: 64 }, base.model.layers[1]] },
  };
  assert.deepEqual(settingsDiff([base, faster, wider]), [
    { path: 'model.layers[0].units', values: ['16', '16', '64'] },
    { path: 'training.optimizer.learningRate', values: ['0.01', '0.1', '0.01'] },
  ]);
});

it('shows a setting one run lacks as undefined for that run', () => {
  const clipped = { ...base, training: { ...base.training, clipNorm: 1 } };
  assert.deepEqual(settingsDiff([base, clipped]), [{ path: 'training.clipNorm', values: [undefined, '1'] }]);
});

it('finds no differences between identical experiments, and ignores the description', () => {
  assert.deepEqual(settingsDiff([base, { ...base, description: 'other prose' }]), []);
});

it('compares long data arrays in full but shows them shortened', () => {
  const long = (v: number) => ({
    ...base,
    data: { ...base.data, y: Array.from({ length: 100 }, (_, i) => [i === 99 ? v : 0]) },
  });
  assert.deepEqual(settingsDiff([long(1), long(2)]), [{ path: 'data.y', values: ['[100 values]', '[100 values]'] }]);
});

it('flattens an experiment into the hyperparameters a tooltip lists', () => {
  const shown = flattenSettings(base).map((s) => `${s.path} = ${s.shown}`);
  assert.ok(shown.includes('training.optimizer.learningRate = 0.01'));
  assert.ok(shown.includes('model.layers[1].type = dense'));
  assert.ok(!shown.some((l) => l.startsWith('description')));
});
