// `rnn-lab import-weights`: a state_dict of the exported Network (as JSON) becomes a weights
// file through the README's mapping — for every layer form — and a state_dict that does not
// fit the experiment is reported at the offending key, as FILE:LINE:COL.

import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { Trainer } from '../../src/core/trainer';
import { modelSpec, trainerConfig } from '../../src/experiment/load';
import { stateDictToWeights } from '../../src/export/stateDict';
import { runChild } from '../helpers/childProcess';
import { experiment, workspace } from '../helpers/workspace';
import { load } from './exportFixtures';

const CLI = path.resolve(__dirname, '../../dist/cli.js');

const EVERY_FORM = experiment({
  data: { generator: 'sine', samples: 6, steps: 3 },
  model: {
    layers: [
      { type: 'lstm', units: 3 },
      { type: 'gru', units: 2, shareWeights: false },
      { type: 'rnn', units: 2, activation: 'prelu', shareWeights: false },
      { type: 'rnn', units: 2 },
      { type: 'dense', units: 1 },
    ],
  },
});

type Matrix = number[][];
const T = (m: Matrix): Matrix => m[0].map((_, c) => m.map((row) => row[c]));

/** Our weights file → the Network's state_dict, as torch would save it (the mapping's inverse). */
function stateDictOf(weights: { layers: Record<string, unknown>[] }): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  weights.layers.forEach((layer, i) => {
    const put = (prefix: string, suffix: string, step: Record<string, unknown>) => {
      out[`${prefix}weight_ih${suffix}`] = T(step.Wx as Matrix);
      out[`${prefix}weight_hh${suffix}`] = T(step.Wh as Matrix);
      out[`${prefix}bias_ih${suffix}`] = step.b ?? step.bx;
      out[`${prefix}bias_hh${suffix}`] = step.bh ?? (step.b as number[]).map(() => 0);
    };
    if (layer.type === 'dense') {
      out[`layers.${i}.weight`] = T(layer.W as Matrix);
      out[`layers.${i}.bias`] = layer.b;
    } else if (layer.steps) {
      (layer.steps as Record<string, unknown>[]).forEach((s, t) => put(`layers.${i}.cells.${t}.`, '', s));
    } else {
      put(`layers.${i}.`, '_l0', layer);
    }
    if (layer.alpha !== undefined) out[`layers.${i}.activation.weight`] = [layer.alpha];
  });
  return out;
}

describe('rnn-lab import-weights', () => {
  it("maps every layer form back to the weights file (DistributedDataParallel's module. prefix too)", async () => {
    const root = workspace({ 'e.rnn.json': EVERY_FORM });
    const loaded = await load(path.join(root, 'e.rnn.json'));
    const weights = new Trainer(trainerConfig(loaded)).weights() as { layers: Record<string, unknown>[] };
    const wrapped = Object.fromEntries(Object.entries(stateDictOf(weights)).map(([k, v]) => [`module.${k}`, v]));
    const back = stateDictToWeights(wrapped, modelSpec(loaded.experiment, loaded.dataset));
    assert.deepEqual(back.problems, []);
    assert.deepEqual(back.weights!.layers, weights.layers);
  });

  it(
    'writes the file, and reports a missing key, a wrong shape and a stray key where they are',
    { timeout: 30_000 },
    async () => {
      const root = workspace({ 'e.rnn.json': EVERY_FORM });
      const loaded = await load(path.join(root, 'e.rnn.json'));
      const good = stateDictOf(new Trainer(trainerConfig(loaded)).weights() as { layers: Record<string, unknown>[] });
      writeFileSync(path.join(root, 'good.json'), JSON.stringify(good, null, 1));
      const ok = await runChild(process.execPath, [
        CLI,
        'import-weights',
        path.join(root, 'good.json'),
        '--experiment',
        path.join(root, 'e.rnn.json'),
      ]);
      assert.equal(ok.code, 0, ok.stderr);
      const written = JSON.parse(readFileSync(path.join(root, 'good.weights.json'), 'utf8'));
      assert.equal(written.format, 'rnn-lab/weights@1');

      const { ['layers.0.bias_hh_l0']: _, ...missing } = good;
      const bad = { ...missing, 'layers.4.weight': [[1, 2, 3]], 'layers.9.weight': [[0]] };
      const file = path.join(root, 'bad.json');
      writeFileSync(file, JSON.stringify(bad, null, 1));
      const r = await runChild(process.execPath, [
        CLI,
        'import-weights',
        file,
        '--experiment',
        path.join(root, 'e.rnn.json'),
      ]);
      assert.equal(r.code, 2);
      const lines = r.stderr.trim().split('\n');
      assert.ok(
        lines.some((l) =>
          /bad\.json:\d+:\d+: error: missing "layers\.0\.bias_hh_l0": layer 0 \(lstm\) bias_hh_l0 = bh, \(12,\)$/.test(
            l,
          ),
        ),
        r.stderr,
      );
      assert.ok(
        lines.some((l) =>
          l.includes(
            'error: "layers.4.weight" (layer 4 (dense) weight = Wᵀ): expected shape (1, 2), found 3 entries at depth 2',
          ),
        ),
        r.stderr,
      );
      const stray = lines.find((l) => l.includes('"layers.9.weight" is not a parameter'));
      assert.ok(stray, r.stderr);
      const line = Number(stray.split(':')[1]);
      assert.equal(
        readFileSync(file, 'utf8').split('\n')[line - 1].trim().startsWith('"layers.9.weight"'),
        true,
        "positioned at the key's value",
      );
    },
  );

  it('says how to turn a .pt file into JSON', { timeout: 30_000 }, async () => {
    const root = workspace({ 'e.rnn.json': EVERY_FORM, 'model.pt': 'binary' });
    const r = await runChild(process.execPath, [
      CLI,
      'import-weights',
      path.join(root, 'model.pt'),
      '--experiment',
      path.join(root, 'e.rnn.json'),
    ]);
    assert.equal(r.code, 2);
    assert.match(
      r.stderr,
      /model\.pt:1:1: error: a \.pt file needs torch to read: .*python rnn_lab_io\.py state-dict MODEL\.pt STATE_DICT\.json/,
    );
  });
});
