// A run of 600,000 tiny epochs: metrics.ndjson keeps every epoch's scalars (~150 bytes) but the
// statistics of at most ~810 (core/statEpochs.ts), ~90 MB instead of ~820 MB, and the panel's
// history and `rnn-lab report` still read it (streamed: it is never one string) and stay small.
// Training 600,000 epochs would take minutes, so synthetic epochs go through the recorder's
// own line writer.

import assert from 'node:assert/strict';
import { statSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { it } from 'node:test';
import { isSnapshotEpoch } from '../../src/core/snapshots';
import type { EpochEvent } from '../../src/core/trainer';
import { loadExperiment } from '../../src/experiment/load';
import { readRunHistory } from '../../src/panel/runHistory';
import { metricsLines } from '../../src/runs/metricsFile';
import { RunRecorder } from '../../src/runs/runRecorder';
import { runChild, TEST_TIMEOUT_MS } from '../helpers/childProcess';
import { experiment, workspace } from '../helpers/workspace';

const EPOCHS = 600_000;
const CLI = path.resolve(__dirname, '../../dist/cli.js');

/** The statistics of a tiny rnn → dense model, as the trainer reports them (~1 KB as JSON). */
function tinyEpoch(epoch: number): EpochEvent {
  const params = ['layer0.Wx', 'layer0.Wh', 'layer0.b', 'layer1.W', 'layer1.b'];
  const norms = () => Object.fromEntries(params.map((p) => [p, Math.random()]));
  const histogram = () => ({
    min: -Math.random(),
    max: Math.random(),
    counts: Array.from({ length: 20 }, (_, k) => k % 3),
  });
  return {
    type: 'epoch',
    epoch,
    epochs: EPOCHS,
    loss: 1 / (1 + epoch) + Math.random() * 1e-3,
    valLoss: null,
    learningRate: 0.1,
    ms: 0.0123 + Math.random() * 1e-3,
    clippedBatches: 0,
    weightNorms: norms(),
    gradNorms: norms(),
    dhNorms: { layer0: [Math.random(), Math.random(), Math.random()] },
    spectralNorms: { 'layer0.Wh': Math.random() },
    histograms: { 'layer0.Wx': histogram(), 'layer0.Wh': histogram(), 'layer1.W': histogram() },
    ...(isSnapshotEpoch(epoch, EPOCHS)
      ? {
          whSnapshots: {
            'layer0.Wh': { rows: 4, cols: 4, shape: [4, 4], values: Array.from({ length: 16 }, Math.random) },
          },
        }
      : {}),
  };
}

it(
  'keeps a 600,000-epoch run small on disk, in the panel and in its report',
  { timeout: 4 * TEST_TIMEOUT_MS },
  async () => {
    const ws = workspace({
      'long.rnn.json': experiment({
        name: 'long',
        training: { epochs: EPOCHS, loss: 'mse', optimizer: { type: 'sgd', learningRate: 0.1 } },
      }),
    });
    const { loaded } = await loadExperiment(path.join(ws, 'long.rnn.json'));
    const recorder = new RunRecorder(path.join(ws, 'runs'), loaded!, 'test');
    const full = JSON.stringify(tinyEpoch(1)).length;
    for (let e = 1; e <= EPOCHS; e++) recorder.epoch(tinyEpoch(e));
    recorder.finish('completed', { epochsCompleted: EPOCHS });
    const file = path.join(recorder.dir, 'metrics.ndjson');

    const size = statSync(file).size;
    console.log(
      `metrics.ndjson of ${EPOCHS.toLocaleString('en')} epochs: ${(size / 1e6).toFixed(1)} MB (every epoch in full: ~${((full * EPOCHS) / 1e6).toFixed(0)} MB)`,
    );
    assert.ok(size < EPOCHS * 170 + 810 * full, `${size} bytes`);

    let lines = 0;
    let withStatistics = 0;
    let last = 0;
    for await (const event of metricsLines(recorder.dir)) {
      lines++;
      assert.equal(event.epoch, last + 1, 'every epoch, in order');
      last = event.epoch;
      if (event.histograms) withStatistics++;
    }
    assert.equal(lines, EPOCHS, 'every epoch keeps its loss');
    assert.ok(withStatistics >= 600 && withStatistics <= 810, `statistics kept at ${withStatistics} epochs`);

    const history = await readRunHistory(recorder.dir);
    assert.ok(history, 'the panel opens the run');
    assert.equal(history.points[0].epoch, 1);
    assert.equal(history.points.at(-1)?.epoch, EPOCHS, 'up to the last epoch');
    assert.ok(history.points.length <= 2300, `${history.points.length} points sent to the panel`);
    assert.ok(history.points.filter((p) => p.whSnapshots).length >= 190, 'the heatmap keeps its pictures');

    const r = await runChild(process.execPath, [CLI, 'report', recorder.dir], { timeoutMs: 2 * TEST_TIMEOUT_MS });
    assert.equal(r.code, 0, r.stderr);
    const report = path.join(recorder.dir, 'report.html');
    const reportSize = statSync(report).size;
    console.log(`its report: ${(reportSize / 1e6).toFixed(1)} MB`);
    assert.ok(reportSize < 3e6, `report.html is ${reportSize} bytes`);
    assert.match(readFileSync(report, 'utf8'), new RegExp(`"epoch":${EPOCHS},`), 'the report draws the last epoch');
  },
);
