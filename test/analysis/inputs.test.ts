// predict reads data as training did: over a real run's validation samples its loss is the
// run's last val_loss; a CSV given with --input is cut and z-scored as training did; text goes
// through the run's vocabulary, and a character outside it is named.

import assert from 'node:assert/strict';
import * as path from 'node:path';
import { before, describe, it } from 'node:test';
import { inspectRun } from '../../src/analysis/inspect';
import { readInputFile, textSamples } from '../../src/analysis/inputs';
import { predictRun } from '../../src/analysis/predict';
import { openRun, type OpenedRun } from '../../src/analysis/runModel';
import { loadExperiment } from '../../src/experiment/load';
import { recordedRun } from '../../src/runs/recordedRun';
import { experiment, workspace } from '../helpers/workspace';

const ROOT = path.resolve(__dirname, '../..');

/** Trains `file` (an experiment in `dir`) and opens the run. */
async function trained(dir: string, file: string): Promise<OpenedRun> {
  const { loaded, diagnostics } = await loadExperiment(path.join(dir, file));
  assert.ok(loaded, JSON.stringify(diagnostics));
  const outcome = await recordedRun(loaded, { runsDir: path.join(dir, 'runs'), toolVersion: 'test' });
  assert.equal(outcome.status, 'completed', outcome.message);
  const opened = await openRun(outcome.runDir);
  assert.ok('run' in opened, 'error' in opened ? opened.error : '');
  return opened.run;
}

describe('a CSV forecaster', () => {
  const csv = [
    'day,temp,hum',
    ...Array.from(
      { length: 60 },
      (_, i) => `${i},${(10 + 5 * Math.sin(i / 4)).toFixed(3)},${(50 + 3 * Math.cos(i / 3)).toFixed(3)}`,
    ),
  ].join('\n');
  let run: OpenedRun;
  before(async () => {
    const dir = workspace({
      'series.csv': csv,
      'forecast.rnn.json': experiment({
        data: { csv: 'series.csv', features: ['temp', 'hum'], targets: ['temp'], window: 5, validationSplit: 0.25 },
        model: {
          layers: [
            { type: 'lstm', units: 4 },
            { type: 'dense', units: 1 },
          ],
        },
        training: { epochs: 3, loss: 'mse', optimizer: { type: 'adam', learningRate: 0.01 } },
      }),
    });
    run = await trained(dir, 'forecast.rnn.json');
  });

  it("predict over the validation windows has the run's last val_loss (the same windows and z-scores)", () => {
    const p = predictRun(run);
    assert.equal(p.which, 'validation');
    assert.ok(Math.abs(p.loss! - run.record.finalValLoss!) < 1e-12, `${p.loss} vs ${run.record.finalValLoss}`);
    assert.equal(p.units, 'csv');
    assert.deepEqual(p.outputNames, ['temp']);
    // Targets come back in the CSV's units: the temperature row after the first held-out window.
    const rows = csv
      .split('\n')
      .slice(1)
      .map((l) => l.split(',').map(Number));
    const firstHeld = run.loaded.dataset.count - run.samples.data.count;
    const target = (p.samples[0].target as number[])[0];
    assert.ok(Math.abs(target - rows[firstHeld + 5][1]) < 1e-9, `${target} vs ${rows[firstHeld + 5][1]}`);
  });

  it('--input with the same CSV gives every window, scaled by the recorded z-scores, not its own', async () => {
    const input = await readInputFile(run, (run.loaded.experiment.data as { csv: string }).csv);
    assert.ok(!('error' in input), 'error' in input ? input.error : '');
    const all = predictRun(run, input);
    assert.equal(all.which, 'input');
    assert.equal(all.samples.length, run.loaded.dataset.count);
    const held = predictRun(run);
    assert.deepEqual(
      all.samples.slice(-held.samples.length).map((s) => s.output),
      held.samples.map((s) => s.output),
    );
  });
});

describe('a character model', () => {
  let run: OpenedRun;
  before(async () => {
    const dir = workspace({
      'text.txt': 'abcabcabcabd abcabcab cabd abcab\n'.repeat(3),
      'chars.rnn.json': experiment({
        data: { text: 'text.txt', seqLength: 6, validationSplit: 0.2 },
        model: {
          layers: [
            { type: 'gru', units: 8 },
            { type: 'dense', units: 6, activation: 'softmax' },
          ],
          output: 'sequence',
        },
        training: { epochs: 2, loss: 'crossEntropy', optimizer: { type: 'adam', learningRate: 0.05 } },
      }),
    });
    run = await trained(dir, 'chars.rnn.json');
  });

  it("predicts the next characters as text, with the run's accuracy over its validation samples", () => {
    const p = predictRun(run);
    // From the softmax's probabilities here, from its logits in training: equal to rounding.
    assert.ok(Math.abs(p.loss! - run.record.finalValLoss!) < 1e-12, `${p.loss} vs ${run.record.finalValLoss}`);
    assert.equal(p.accuracy, run.record.finalMetrics?.valAccuracy);
    const s = p.samples[0];
    assert.equal(s.text!.length, 6);
    assert.equal(s.predicted!.length, 6);
    assert.equal(s.expected, s.text!.slice(1) + s.expected!.slice(-1));
  });

  it('names characters outside the vocabulary', async () => {
    const bad = textSamples(run, 'abcé?ab');
    assert.ok('error' in bad);
    assert.match(bad.error, /^unknown characters "é", "\?": not in the run's vocabulary of 6 \("\\n abcd"\)$/);
    const inspected = await inspectRun(run, { text: 'abXc' });
    assert.ok('error' in inspected && inspected.error.startsWith('unknown character "X"'));
  });

  it('inspect reads any length of text with shared weights', async () => {
    const r = await inspectRun(run, { text: 'abcabcabcabc abc' });
    assert.ok(!('error' in r), 'error' in r ? r.error : '');
    assert.equal(r.input.text, 'abcabcabcabc abc');
    assert.equal(r.layers[0].h.length, 16);
    assert.deepEqual(Object.keys(r.layers[0].gates!), ['r', 'z', 'n']);
    assert.equal(r.output.length, 16);
  });
});

it('a folder that is not a run is an error a user can act on', async () => {
  const opened = await openRun(path.join(ROOT, 'no-such-run'));
  assert.ok('error' in opened && opened.error.startsWith('not a run directory: run.json is missing'));
});
