// A run's tooltip lists what its experiment said and what differs from the defaults — not a
// ~30-row table of defaults.

import assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { settingsWorthShowing } from '../../src/extension/runs/tooltipSettings';
import { loadExperiment } from '../../src/experiment/load';
import { flattenSettings } from '../../src/runs/settingsDiff';

const EXAMPLES = path.resolve(__dirname, '../../examples');

async function recorded(example: string, change: (e: Record<string, any>) => void = () => {}) {
  const { loaded } = await loadExperiment(path.join(EXAMPLES, example));
  const e = JSON.parse(JSON.stringify(loaded!.experiment));
  change(e);
  return e;
}

describe("a run's tooltip settings", () => {
  it('leave out the defaults, keep what the file said', async () => {
    const e = await recorded('notebook.rnn.json');
    const shown = settingsWorthShowing(e).map((s) => `${s.path}=${s.shown}`);
    assert.ok(shown.length < flattenSettings(e).length / 2, `${shown.length} of ${flattenSettings(e).length}`);
    for (const essential of ['model.layers[0].units=8', 'training.epochs=10', 'training.optimizer.learningRate=0.001'])
      assert.ok(shown.includes(essential), shown.join(' | '));
    assert.ok(shown.includes('model.layers[2].activation=sigmoid'), 'a non-default activation');
    assert.ok(!shown.some((s) => s.startsWith('model.layers[0].activation=')), 'tanh is the default');
    assert.ok(!shown.some((s) => s.startsWith('seed=') || s.startsWith('dtype=')), shown.join(' | '));
  });

  it('show a setting once it is not the default', async () => {
    const e = await recorded('notebook.rnn.json', (x) => {
      x.seed = 7;
      x.training.shuffle = false;
    });
    const shown = settingsWorthShowing(e).map((s) => `${s.path}=${s.shown}`);
    assert.ok(shown.includes('seed=7') && shown.includes('training.shuffle=false'), shown.join(' | '));
  });
});
