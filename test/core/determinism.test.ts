// Same seed → the same losses bit for bit; another seed → another run. Float32 trains too.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Trainer, train, type DoneEvent, type TrainEvent, type TrainerConfig } from '../../src/core/trainer';
import { runEpoch, runStatEpoch } from '../helpers/runEpoch';
import { adam, dense, makeTrainerConfig, rnn, sgd, sineData } from '../helpers/trainerConfig';

function config(seed: number, dtype: 'float64' | 'float32' = 'float64'): TrainerConfig {
  return makeTrainerConfig({
    seed,
    dtype,
    train: sineData(40, 12, { noise: 0.05, seed }),
    model: { layers: [rnn(10), dense(1)] },
    training: { epochs: 15, batchSize: 8, optimizer: adam(0.01) },
  });
}

function losses(c: TrainerConfig): number[] {
  const trainer = new Trainer(c);
  return Array.from({ length: c.training.epochs }, () => runEpoch(trainer).loss);
}

describe('determinism', () => {
  it('the same seed gives identical losses, bit for bit', () => {
    assert.deepEqual(losses(config(3)), losses(config(3)));
  });

  it('a different seed gives a different run', () => {
    assert.notDeepEqual(losses(config(3)), losses(config(4)));
  });

  it('float32 trains the same model: the loss falls and stays close to float64', () => {
    const f32 = losses(config(5, 'float32'));
    const f64 = losses(config(5));
    assert.ok(f32[f32.length - 1] < f32[0] * 0.5, `float32 loss fell from ${f32[0]} to ${f32[f32.length - 1]}`);
    assert.ok(Math.abs(f32[0] - f64[0]) / f64[0] < 1e-4, 'first epoch float32 vs float64');
  });
});

describe('train() event stream', () => {
  it('emits start, one epoch event per epoch and done, and stops on abort', async () => {
    const c = config(1);
    const types: string[] = [];
    for await (const e of train(new Trainer(c))) types.push(e.type);
    assert.equal(types[0], 'start');
    assert.equal(types.filter((t) => t === 'epoch').length, 15);
    assert.equal(types[types.length - 1], 'done');

    const abort = new AbortController();
    const events = [];
    for await (const e of train(new Trainer(c), { signal: abort.signal })) {
      events.push(e);
      if (e.type === 'epoch' && e.epoch === 3) abort.abort();
    }
    const done = events[events.length - 1];
    assert.equal(done.type, 'done');
    assert.equal(done.type === 'done' && done.status, 'cancelled');
    assert.equal(done.type === 'done' && done.epochsCompleted, 3);
  });

  it('stops with "diverged" naming the epoch when the loss is not finite', async () => {
    const c = config(1);
    const exploding = { ...c, training: { ...c.training, optimizer: sgd(1e6) } };
    const events: TrainEvent[] = [];
    for await (const e of train(new Trainer(exploding))) events.push(e);
    const done = events.find((e): e is DoneEvent => e.type === 'done');
    assert.equal(done?.status, 'diverged');
    assert.match(done?.message ?? '', /^diverged at epoch \d+: /);
  });
});

describe('per-epoch statistics', () => {
  it('reports norms, gradient flow through time, spectral norms and histograms', () => {
    const c = config(2);
    const e = runStatEpoch(new Trainer(c));
    assert.ok(e.weightNorms['layer0.Wh'] > 0);
    assert.ok(e.gradNorms['layer0.Wx'] > 0);
    assert.equal(e.dhNorms.layer0.length, 12, 'one ‖∂L/∂h_t‖ per step');
    // With output "last" the gradient enters at the final step and shrinks going back in time.
    assert.ok(e.dhNorms.layer0[11] > e.dhNorms.layer0[0]);
    assert.ok(e.spectralNorms['layer0.Wh'] > 0);
    const h = e.histograms['layer0.Wh'];
    assert.equal(h.counts.length, 20);
    assert.equal(
      h.counts.reduce((a, b) => a + b, 0),
      100,
      'every weight of the 10×10 Wh is counted',
    );
  });
});
