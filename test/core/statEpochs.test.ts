import assert from 'node:assert/strict';
import { it } from 'node:test';
import { isSnapshotEpoch } from '../../src/core/snapshots';
import { isStatEpoch, withoutStatistics } from '../../src/core/statEpochs';

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
