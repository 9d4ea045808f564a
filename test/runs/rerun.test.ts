// Re-run: the run's recorded experiment and seed trained again, with the same losses to the
// last bit, even after the experiment file was edited.

import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { it } from 'node:test';
import { loadExperiment } from '../../src/experiment/load';
import { readMetrics } from '../../src/runs/metricsFile';
import { recordedRun } from '../../src/runs/recordedRun';
import { loadRerun } from '../../src/runs/rerun';
import { readRunEntry } from '../../src/runs/runStore';
import { workspace } from '../helpers/workspace';

const sine = (learningRate: number) => ({
  name: 'sine',
  seed: 11,
  dtype: 'float32',
  data: { generator: 'sine', samples: 64, steps: 12, noise: 0.05, validationSplit: 0.25 },
  model: {
    layers: [
      { type: 'rnn', units: 12, activation: 'tanh' },
      { type: 'dense', units: 1 },
    ],
  },
  training: {
    epochs: 8,
    batchSize: 16,
    shuffle: true,
    loss: 'mse',
    optimizer: { type: 'adam', learningRate },
    clipNorm: 1,
  },
  trace: { shapes: 'off' },
});

it('repeats the losses bit for bit from the recorded experiment, whatever the file says now', async () => {
  const ws = workspace({ 'sine.rnn.json': sine(0.01) });
  const file = path.join(ws, 'sine.rnn.json');
  const runsDir = path.join(ws, 'runs');
  const { loaded } = await loadExperiment(file);
  const first = await recordedRun(loaded!, { runsDir, toolVersion: 'test' });

  writeFileSync(file, JSON.stringify(sine(0.5))); // edited since: a plain Train would differ
  const again = await loadRerun(first.runDir);
  assert.deepEqual(again.diagnostics, []);
  const second = await recordedRun(again.loaded!, { runsDir, toolVersion: 'test', rerunOf: first.runDir });

  const losses = async (dir: string) => (await readMetrics(dir)).map((e) => [e.loss, e.valLoss]);
  const [a, b] = [await losses(first.runDir), await losses(second.runDir)];
  assert.equal(a.length, 8);
  assert.ok(
    a.every(([x, y], i) => Object.is(x, b[i][0]) && Object.is(y, b[i][1])),
    'identical loss and val_loss at every epoch',
  );
  assert.equal(
    readFileSync(path.join(first.runDir, 'weights.json'), 'utf8'),
    readFileSync(path.join(second.runDir, 'weights.json'), 'utf8'),
  );

  const entry = await readRunEntry(second.runDir);
  assert.equal(entry.kind === 'run' && entry.record.source, file, 'filed under the same experiment file');
  assert.equal(entry.kind === 'run' && entry.record.rerunOf, first.runDir);
});

it('refuses to re-run a directory without a readable run.json, saying where', async () => {
  const dir = workspace({ 'run.json': '{"format":' });
  const { loaded, diagnostics } = await loadRerun(dir);
  assert.equal(loaded, undefined);
  assert.equal(diagnostics.length, 1);
  assert.equal(diagnostics[0].file, path.join(dir, 'run.json'));
  assert.match(diagnostics[0].message, /^cannot re-run: run\.json is not valid JSON/);
});
