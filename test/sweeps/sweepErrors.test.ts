// Every trial is checked before any starts, and a problem is reported where it is written: at
// the parameter's name for a path that leads nowhere, at the value for a value no trial can
// use, at "parameters" for a combination that fails.

import assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { formatDiagnostic } from '../../src/diagnostics/diagnostic';
import { loadSweep } from '../../src/sweeps/loadSweep';
import { positionOf, sweepExperiment, writeSweep } from './fixtures';

/** "LINE:COL: error: MESSAGE" lines of a sweep that must not load, and the text they are about. */
async function errorsOf(
  sweep: Record<string, unknown>,
  overrides: Record<string, unknown> = {},
): Promise<{ errors: string[]; text: string }> {
  const { file, dir, text } = writeSweep(sweepExperiment(sweep, overrides));
  const r = await loadSweep(file);
  assert.equal(r.sweep, undefined, 'a broken sweep must not load');
  return {
    errors: r.diagnostics.map((d) =>
      formatDiagnostic(d, (f) => path.relative(dir, f)).replace(/^sweep\.rnn\.json:/, ''),
    ),
    text,
  };
}

describe('paths', () => {
  it("a misspelt setting: at the parameter's name, with the near miss", async () => {
    const { errors, text } = await errorsOf({
      parameters: { 'training.optimizer.learningrate': { values: [0.01, 0.1] } },
    });
    assert.deepEqual(errors, [
      `${positionOf(text, '"training.optimizer.learningrate"')}: error: training.optimizer.learningrate: unknown field "learningrate" in training.optimizer (did you mean "learningRate"?)`,
    ]);
  });

  it('a layer that does not exist: at the name, saying how many there are', async () => {
    const { errors, text } = await errorsOf({ parameters: { 'model.layers[2].units': { values: [4] } } });
    assert.deepEqual(errors, [
      `${positionOf(text, '"model.layers[2].units"')}: error: model.layers has 2 entries: [2] is out of range`,
    ]);
  });

  it('a list named without an index, and a path that is not one', async () => {
    const a = await errorsOf({ parameters: { 'model.layers.units': { values: [4] } } });
    assert.match(
      a.errors[0],
      /^\d+:\d+: error: model\.layers is a list: name one of its entries, e\.g\. model\.layers\[0\]$/,
    );
    const b = await errorsOf({ parameters: { 'model..units': { values: [4] } } });
    assert.match(b.errors[0], /is not a path into the experiment/);
    const c = await errorsOf({ parameters: { 'sweep.method': { values: ['grid'] } } });
    assert.match(c.errors[0], /"sweep" cannot be swept/);
  });
});

describe('values', () => {
  it('a value no trial can use: at that value', async () => {
    const { errors, text } = await errorsOf({ parameters: { 'model.layers[0].units': { values: [4, 0, 8] } } });
    assert.deepEqual(errors, [
      `${positionOf(text, '0', '"values"')}: error: model.layers[0].units = 0: model.layers[0].units must be >= 1`,
    ]);
  });

  it('a layer type the layer cannot take (an lstm with an activation): at that value', async () => {
    const { errors, text } = await errorsOf(
      { parameters: { 'model.layers[0].type': { values: ['rnn', 'lstm'] } } },
      {
        model: {
          layers: [
            { type: 'rnn', units: 4, activation: 'relu' },
            { type: 'dense', units: 1 },
          ],
        },
      },
    );
    assert.deepEqual(errors, [
      `${positionOf(text, '"lstm"')}: error: model.layers[0].type = "lstm": lstm and gru layers have fixed gate nonlinearities (sigmoid and tanh): remove "activation"`,
    ]);
  });

  it('a distribution in a grid, an empty range, a log range through 0', async () => {
    const grid = await errorsOf({
      parameters: { 'training.optimizer.learningRate': { distribution: 'log_uniform', min: 1e-4, max: 1e-1 } },
    });
    assert.deepEqual(grid.errors, [
      `${positionOf(grid.text, '"log_uniform"')}: error: a grid needs a list of "values" (a distribution cannot be enumerated): give "values", or use "method": "random"`,
    ]);
    const range = await errorsOf({
      method: 'random',
      parameters: { 'training.optimizer.learningRate': { distribution: 'uniform', min: 0.1, max: 0.01 } },
    });
    assert.deepEqual(range.errors, [`${positionOf(range.text, '0.01', '"max"')}: error: max must be above min (0.1)`]);
    const log = await errorsOf({
      method: 'random',
      parameters: { 'training.optimizer.learningRate': { distribution: 'log_uniform', min: 0, max: 0.1 } },
    });
    assert.match(
      log.errors[0],
      /^\d+:\d+: error: a log-uniform distribution needs min > 0 \(min and max are the values themselves/,
    );
  });

  it('a range end no trial can use: at that end', async () => {
    const { errors, text } = await errorsOf({
      method: 'random',
      parameters: { 'model.layers[0].units': { distribution: 'int_uniform', min: 0, max: 8 } },
    });
    assert.deepEqual(errors, [
      `${positionOf(text, '0', '"min"')}: error: model.layers[0].units = 0: model.layers[0].units must be >= 1`,
    ]);
  });
});

describe('trials and the sweep section', () => {
  it('a combination only some trials have: at "parameters", naming the trial', async () => {
    // Each value is fine with the file's other settings (a sigmoid output, mse); bce with a linear output is not.
    const { errors, text } = await errorsOf(
      {
        parameters: {
          'training.loss': { values: ['mse', 'bce'] },
          'model.layers[1].activation': { values: ['linear', 'sigmoid'] },
        },
      },
      {
        model: {
          layers: [
            { type: 'rnn', units: 4 },
            { type: 'dense', units: 1, activation: 'sigmoid' },
          ],
        },
      },
    );
    assert.deepEqual(errors, [
      `${positionOf(text, '"parameters"')}: error: trial 3 (training.loss = "bce", model.layers[1].activation = "linear"): loss "bce" needs outputs in (0, 1): use a sigmoid output (this layer's activation is "linear")`,
    ]);
  });

  it('a metric the experiment does not record, and "trials" in a grid', async () => {
    const metric = await errorsOf({ parameters: { seed: { values: [1] } }, metric: { name: 'accuracy' } });
    assert.match(
      metric.errors[0],
      /^\d+:\d+: error: metric "accuracy" is recorded for the bce and crossEntropy losses only \(this experiment's loss is "mse"\)$/,
    );
    const noValidation = await errorsOf(
      { parameters: { seed: { values: [1] } }, metric: { name: 'valLoss' } },
      { data: { generator: 'sine', samples: 32, steps: 6 } },
    );
    assert.match(noValidation.errors[0], /metric "valLoss" needs held-out data/);
    const trials = await errorsOf({ parameters: { seed: { values: [1] } }, trials: 3 });
    assert.match(trials.errors[0], /"trials" applies to "method": "random"/);
  });

  it('schema problems in the section itself, like any other field', async () => {
    const { errors } = await errorsOf({ method: 'bayes', parameters: { seed: { values: [1] } } });
    assert.match(errors[0], /^\d+:\d+: error: sweep\.method must be one of "grid", "random"$/);
  });
});
