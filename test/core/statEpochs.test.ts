import assert from 'node:assert/strict';
import { it } from 'node:test';
import { isSnapshotEpoch } from '../../src/core/snapshots';
import { isStatEpoch, withoutStatistics } from '../../src/core/statEpochs';
import { DivergedError, Trainer } from '../../src/core/trainer';
import { runEpoch } from '../helpers/runEpoch';
import { makeTrainerConfig } from '../helpers/trainerConfig';

const statEpochs = (epochs: number) =>
  Array.from({ length: epochs }, (_, i) => i + 1).filter((e) => isStatEpoch(e, epochs));

it('keeps the statistics of every epoch of a short run', () => {
  assert.equal(statEpochs(100).length, 100);
  assert.equal(statEpochs(1).length, 1);
});

it('keeps the first 100 epochs, the last and every snapshot epoch, and at most ~810 of a run of any length', () => {
  for (const epochs of [101, 150, 3000, 100_000, 600_000, 10_000_000]) {
    const kept = statEpochs(epochs);
    assert.deepEqual(
      kept.slice(0, 100),
      Array.from({ length: 100 }, (_, i) => i + 1),
    );
    assert.equal(kept.at(-1), epochs);
    assert.ok(kept.length <= 810, `${epochs} epochs: statistics at ${kept.length}`);
    for (let e = 1; e <= epochs; e += Math.ceil(epochs / 997))
      if (isSnapshotEpoch(e, epochs)) assert.ok(isStatEpoch(e, epochs), `snapshot epoch ${e} keeps its statistics`);
  }
  assert.ok(statEpochs(600_000).length >= 600, 'spread over the whole run, not just the start');
});

it('leaves the scalars of an epoch and drops its statistics', () => {
  const epoch = {
    type: 'epoch',
    epoch: 3,
    epochs: 9,
    loss: 0.5,
    valLoss: null,
    ms: 1,
    clippedBatches: 0,
    learningRate: 0.1,
    accuracy: 0.75,
    weightNorms: {},
    gradNorms: {},
    dhNorms: {},
    dcNorms: {},
    spectralNorms: {},
    gateSaturation: {},
    histograms: {},
    whSnapshots: {},
  };
  assert.deepEqual(withoutStatistics(epoch), {
    type: 'epoch',
    epoch: 3,
    epochs: 9,
    loss: 0.5,
    valLoss: null,
    ms: 1,
    clippedBatches: 0,
    learningRate: 0.1,
    accuracy: 0.75,
  });
});

it('the trainer computes statistics only on the epochs that keep them, and still stops on a non-finite gradient', () => {
  const epochs = 700;
  const trainer = new Trainer(makeTrainerConfig({ training: { epochs, batchSize: 16 } }));
  const carried: number[] = [];
  for (let e = 1; e <= epochs; e++) {
    const event = runEpoch(trainer);
    const has = [event.weightNorms, event.gradNorms, event.dhNorms, event.spectralNorms, event.histograms];
    assert.ok(
      has.every((x) => (x !== undefined) === (has[0] !== undefined)),
      `epoch ${e}: all statistics or none`,
    );
    if (event.weightNorms) carried.push(e);
    assert.ok(Number.isFinite(event.loss));
  }
  assert.deepEqual(
    carried,
    statEpochs(epochs),
    'exactly the statistics epochs carry statistics (metrics.ndjson and the panel keep those)',
  );
  assert.ok(carried.length < epochs - 250, 'epochs 101–699 are thinned');
});

it('an epoch without statistics still stops on a non-finite value', () => {
  const trainer = new Trainer(makeTrainerConfig({ training: { epochs: 700, batchSize: 16 } }));
  for (let e = 1; e <= 100; e++) runEpoch(trainer);
  assert.equal(isStatEpoch(101, 700), false);
  trainer.model.params[0].value.fill(Number.NaN);
  assert.throws(() => runEpoch(trainer), DivergedError);
});
