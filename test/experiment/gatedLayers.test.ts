// lstm and gru in experiment files: what they resolve to, and the positioned errors a user
// meets when a gated layer is written like an rnn one or placed where it cannot go.

import assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { formatDiagnostic } from '../../src/diagnostics/diagnostic';
import { loadExperiment } from '../../src/experiment/load';
import { experiment, workspace } from '../helpers/workspace';

async function load(layers: unknown[], extra: Record<string, unknown> = {}) {
  const text = JSON.stringify(experiment({ model: { layers, ...extra } }), null, 2);
  const dir = workspace({ 'x.rnn.json': text });
  const result = await loadExperiment(path.join(dir, 'x.rnn.json'));
  return { ...result, text, errors: result.diagnostics.map((d) => formatDiagnostic(d, (f) => path.relative(dir, f))) };
}

describe('lstm and gru layers in an experiment file', () => {
  it('resolve with shared weights and PyTorch initialisation unless told otherwise', async () => {
    const { loaded, errors } = await load([
      { type: 'lstm', units: 3 },
      { type: 'gru', units: 2, shareWeights: false },
      { type: 'dense', units: 1 },
    ]);
    assert.deepEqual(errors, []);
    assert.deepEqual(loaded!.experiment.model.layers.slice(0, 2), [
      { type: 'lstm', units: 3, shareWeights: true },
      { type: 'gru', units: 2, shareWeights: false },
    ]);
    assert.equal(loaded!.experiment.model.init, 'pytorch');
  });

  it('keep an explicit init, and rnn-only models keep glorot', async () => {
    assert.equal(
      (
        await load(
          [
            { type: 'gru', units: 3 },
            { type: 'dense', units: 1 },
          ],
          { init: 'glorot' },
        )
      ).loaded!.experiment.model.init,
      'glorot',
    );
    assert.equal(
      (
        await load([
          { type: 'rnn', units: 3 },
          { type: 'dense', units: 1 },
        ])
      ).loaded!.experiment.model.init,
      'glorot',
    );
  });

  it('an activation on an lstm layer is an error at that activation', async () => {
    const { errors, text } = await load([
      { type: 'lstm', units: 3, activation: 'relu' },
      { type: 'dense', units: 1 },
    ]);
    const line = text.split('\n').findIndex((l) => l.includes('"activation": "relu"')) + 1;
    assert.equal(errors.length, 1, errors.join('\n'));
    assert.match(
      errors[0],
      new RegExp(`^x\\.rnn\\.json:${line}:\\d+: error: lstm and gru layers have fixed gate nonlinearities`),
    );
  });

  it('a gru after a dense layer is an error at that layer', async () => {
    const { errors } = await load([
      { type: 'lstm', units: 3 },
      { type: 'dense', units: 2 },
      { type: 'gru', units: 1 },
    ]);
    assert.ok(
      errors.some((e) => /error: gru layers must come before all dense layers/.test(e)),
      errors.join('\n'),
    );
  });

  it('crossEntropy straight on an lstm output says to add a softmax dense layer', async () => {
    const text = JSON.stringify(
      experiment({
        model: { layers: [{ type: 'lstm', units: 2 }], output: 'sequence' },
        data: {
          x: [[[1], [0]]],
          y: [
            [
              [1, 0],
              [0, 1],
            ],
          ],
        },
        training: { epochs: 1, loss: 'crossEntropy', optimizer: { type: 'sgd', learningRate: 0.1 } },
      }),
      null,
      2,
    );
    const dir = workspace({ 'x.rnn.json': text });
    const { diagnostics } = await loadExperiment(path.join(dir, 'x.rnn.json'));
    assert.ok(
      diagnostics.some((d) => /add a dense layer with "activation": "softmax"/.test(d.message)),
      diagnostics.map((d) => d.message).join('\n'),
    );
  });
});
