// What a sweep section expands to: a grid is exactly the product of the values, in the order
// written; random draws are the same for the same seed, different for another, and trial k does
// not depend on how many trials are asked for.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadSweep, type LoadedSweep } from '../../src/sweeps/loadSweep';
import { sweepExperiment, writeSweep } from './fixtures';

async function sweepOf(sweep: Record<string, unknown>, overrides: Record<string, unknown> = {}): Promise<LoadedSweep> {
  const { file } = writeSweep(sweepExperiment(sweep, overrides));
  const r = await loadSweep(file);
  assert.ok(r.sweep, r.diagnostics.map((d) => d.message).join('\n'));
  return r.sweep;
}

describe('grid', () => {
  it('expands to the exact product, the first parameter varying slowest', async () => {
    const s = await sweepOf({
      method: 'grid',
      parameters: {
        'training.optimizer.learningRate': { values: [0.001, 0.01, 0.1] },
        'model.layers[0].units': { values: [4, 8] },
        'model.layers[0].type': { values: ['rnn', 'lstm'] },
      },
    });
    assert.equal(s.trials.length, 12);
    const expected = [0.001, 0.01, 0.1].flatMap((lr) =>
      [4, 8].flatMap((units) =>
        ['rnn', 'lstm'].map((type) => ({
          'training.optimizer.learningRate': lr,
          'model.layers[0].units': units,
          'model.layers[0].type': type,
        })),
      ),
    );
    assert.deepEqual(
      s.trials.map((t) => t.parameters),
      expected,
    );
    assert.deepEqual(
      s.trials.map((t) => t.trial),
      Array.from({ length: 12 }, (_, i) => i + 1),
    );
    assert.equal(new Set(s.trials.map((t) => JSON.stringify(t.parameters))).size, 12, 'no combination twice');
  });

  it('defaults: grid, the validation loss minimized', async () => {
    const s = await sweepOf({ parameters: { seed: { values: [1, 2] } } });
    assert.equal(s.spec.method, 'grid');
    assert.deepEqual(s.spec.metric, { name: 'valLoss', goal: 'minimize' });
    assert.deepEqual(
      s.trials.map((t) => t.parameters),
      [{ seed: 1 }, { seed: 2 }],
    );
  });

  it('a fixed "value" is one value', async () => {
    const s = await sweepOf({ parameters: { 'training.epochs': { value: 2 }, seed: { values: [1, 2] } } });
    assert.deepEqual(
      s.trials.map((t) => t.parameters),
      [
        { 'training.epochs': 2, seed: 1 },
        { 'training.epochs': 2, seed: 2 },
      ],
    );
  });
});

describe('random', () => {
  const random = (seed: number, trials = 20) => ({
    method: 'random',
    trials,
    seed,
    parameters: {
      'training.optimizer.learningRate': { distribution: 'log_uniform', min: 1e-4, max: 1e-1 },
      'model.layers[0].units': { distribution: 'int_uniform', min: 2, max: 9 },
      'model.layers[0].type': { values: ['rnn', 'lstm', 'gru'] },
      'training.optimizer.beta1': { distribution: 'uniform', min: 0.8, max: 0.95 },
    },
  });

  it('draws the same trials for the same seed, and others for another seed', async () => {
    const a = await sweepOf(random(7));
    const b = await sweepOf(random(7));
    const c = await sweepOf(random(8));
    assert.deepEqual(a.trials, b.trials);
    assert.equal(a.id, b.id);
    assert.notDeepEqual(
      a.trials.map((t) => t.parameters),
      c.trials.map((t) => t.parameters),
    );
    assert.notEqual(a.id, c.id, 'another seed is another sweep');
  });

  it('trial k is the same whatever "trials" says, and the sweep keeps its id (more trials extend it)', async () => {
    const short = await sweepOf(random(7, 5));
    const long = await sweepOf(random(7, 20));
    assert.deepEqual(long.trials.slice(0, 5), short.trials);
    assert.equal(short.id, long.id);
  });

  it('draws within each distribution: log-uniform between the values, integers from min to max', async () => {
    const s = await sweepOf(random(1, 200));
    const lrs = s.trials.map((t) => t.parameters['training.optimizer.learningRate'] as number);
    const units = s.trials.map((t) => t.parameters['model.layers[0].units'] as number);
    assert.ok(lrs.every((v) => v >= 1e-4 && v <= 1e-1));
    // log-uniform: a third of the draws in each decade, not 90 % in the last one as uniform would
    for (const [lo, hi] of [
      [1e-4, 1e-3],
      [1e-3, 1e-2],
      [1e-2, 1e-1],
    ]) {
      const share = lrs.filter((v) => v >= lo && v < hi).length / lrs.length;
      assert.ok(share > 0.2 && share < 0.47, `${share} of the draws in [${lo}, ${hi})`);
    }
    assert.ok(units.every((u) => Number.isInteger(u) && u >= 2 && u <= 9));
    assert.deepEqual(
      [...new Set(units)].sort((a, b) => a - b),
      [2, 3, 4, 5, 6, 7, 8, 9],
      'both ends included',
    );
    assert.deepEqual(
      new Set(s.trials.map((t) => t.parameters['model.layers[0].type'])),
      new Set(['rnn', 'lstm', 'gru']),
    );
  });

  it("takes W&B's name log_uniform_values for the same distribution", async () => {
    const a = await sweepOf({
      method: 'random',
      trials: 5,
      parameters: { 'training.optimizer.learningRate': { distribution: 'log_uniform_values', min: 1e-4, max: 1e-1 } },
    });
    const b = await sweepOf({
      method: 'random',
      trials: 5,
      parameters: { 'training.optimizer.learningRate': { distribution: 'log_uniform', min: 1e-4, max: 1e-1 } },
    });
    assert.deepEqual(a.trials, b.trials);
  });
});
