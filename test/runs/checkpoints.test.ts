// The weights a run keeps at some epochs (checkpoints/epoch-E.json) and what run.json says
// about them, its best epoch and its last epoch's metrics.

import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { before, describe, it } from 'node:test';
import { bestEpoch } from '../../src/core/metrics';
import { Trainer } from '../../src/core/trainer';
import { loadExperiment, trainerConfig } from '../../src/experiment/load';
import { CHECKPOINTS_DIR, checkpointEpochs, isScheduledCheckpoint } from '../../src/runs/checkpoints';
import { recordedRun } from '../../src/runs/recordedRun';
import { runEpoch } from '../helpers/runEpoch';
import { experiment, workspace } from '../helpers/workspace';

const EPOCHS = 40;

/** A small run whose validation loss falls, then rises (a large learning rate), so the best epoch is neither the first nor the last. */
const parity = experiment({
  data: { generator: 'parity', samples: 48, steps: 4, validationSplit: 0.25 },
  model: {
    layers: [
      { type: 'gru', units: 6 },
      { type: 'dense', units: 1, activation: 'sigmoid' },
    ],
  },
  training: { epochs: EPOCHS, batchSize: 12, loss: 'bce', optimizer: { type: 'adam', learningRate: 0.05 } },
});

describe('checkpoints of a run', () => {
  let runDir: string;
  let run: Record<string, any>;
  let metrics: any[];
  let loaded: NonNullable<Awaited<ReturnType<typeof loadExperiment>>['loaded']>;

  before(async () => {
    const dir = workspace({ 'parity.rnn.json': parity });
    loaded = (await loadExperiment(path.join(dir, 'parity.rnn.json'))).loaded!;
    const outcome = await recordedRun(loaded, { runsDir: path.join(dir, 'runs'), toolVersion: 'test' });
    assert.equal(outcome.status, 'completed', outcome.message);
    runDir = outcome.runDir;
    run = JSON.parse(readFileSync(path.join(runDir, 'run.json'), 'utf8'));
    metrics = readFileSync(path.join(runDir, 'metrics.ndjson'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
  });

  it('keeps epochs 1–5, the powers of two, the best and the last epoch, and names them in run.json', () => {
    const best = bestEpoch(metrics)!;
    assert.deepEqual(run.best, best, "run.json names the lowest validation loss's epoch");
    assert.equal(best.by, 'valLoss');
    const expected = [...new Set([1, 2, 3, 4, 5, 8, 16, 32, best.epoch, EPOCHS])].sort((a, b) => a - b);
    assert.deepEqual(checkpointEpochs(runDir), expected);
    assert.deepEqual(run.checkpoints, expected);
    assert.equal(
      readdirSync(path.join(runDir, CHECKPOINTS_DIR)).length,
      expected.length,
      'earlier bests were removed, no temporary files are left',
    );
  });

  it('each checkpoint holds the weights the trainer had after that epoch', () => {
    const trainer = new Trainer(trainerConfig(loaded));
    const kept = new Set(checkpointEpochs(runDir));
    for (let e = 1; e <= EPOCHS; e++) {
      runEpoch(trainer);
      if (!kept.has(e)) continue;
      const file = JSON.parse(readFileSync(path.join(runDir, CHECKPOINTS_DIR, `epoch-${e}.json`), 'utf8'));
      assert.equal(file.format, 'rnn-lab/weights@1');
      assert.equal(file.epoch, e);
      assert.deepEqual(file.layers, trainer.weights().layers, `epoch ${e}`);
    }
    // And the last epoch's weights are weights.json.
    assert.deepEqual(
      JSON.parse(readFileSync(path.join(runDir, 'weights.json'), 'utf8')).layers,
      trainer.weights().layers,
    );
  });

  it("run.json carries the last epoch's accuracy (bce: no perplexity)", () => {
    const last = metrics[metrics.length - 1];
    assert.deepEqual(run.finalMetrics, { accuracy: last.accuracy, valAccuracy: last.valAccuracy });
    assert.ok(last.accuracy >= 0 && last.accuracy <= 1);
  });

  it('the schedule: first epochs, then log-spaced', () => {
    const kept = Array.from({ length: 1000 }, (_, i) => i + 1).filter(isScheduledCheckpoint);
    assert.deepEqual(kept, [1, 2, 3, 4, 5, 8, 16, 32, 64, 128, 256, 512]);
  });
});
