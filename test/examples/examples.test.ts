// Every bundled example loads and learns what its description promises.

import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { Trainer } from '../../src/core/trainer';
import { loadExperiment, trainerConfig } from '../../src/experiment/load';
import { runEpoch } from '../helpers/runEpoch';

const EXAMPLES = path.resolve(__dirname, '../../examples');

async function losses(name: string, epochs?: number): Promise<number[]> {
  const { loaded, diagnostics } = await loadExperiment(path.join(EXAMPLES, name), { epochs });
  assert.deepEqual(diagnostics, []);
  const trainer = new Trainer(trainerConfig(loaded!));
  return Array.from({ length: loaded!.experiment.training.epochs }, () => runEpoch(trainer).loss);
}

describe('examples', () => {
  for (const file of readdirSync(EXAMPLES).filter((f) => f.endsWith('.rnn.json'))) {
    it(`${file} is a valid experiment`, async () => {
      const { diagnostics } = await loadExperiment(path.join(EXAMPLES, file));
      assert.deepEqual(diagnostics, []);
    });
  }

  // Its validation loss is checked in test/extension/templates.test.ts (the New Experiment template).
  it("the character model's loss falls by more than a third in 15 epochs", async () => {
    const l = await losses('alice-chars.rnn.json', 15);
    assert.ok(l[l.length - 1] < (2 / 3) * l[0], `loss ${l[0]} → ${l[l.length - 1]}`);
  });

  for (const [file, factor] of [
    ['sine.rnn.json', 10],
    ['addition.rnn.json', 5],
    ['parity.rnn.json', 10],
    ['copy.rnn.json', 10],
    ['temperature-csv.rnn.json', 3],
  ] as const) {
    it(`${file}: the loss falls at least ${factor}×`, async () => {
      const l = await losses(file);
      assert.ok(l[l.length - 1] < l[0] / factor, `loss ${l[0]} → ${l[l.length - 1]}`);
    });
  }

  // The README compares their losses; that comparison means something only if the cell is all that differs.
  it('adding-lstm, adding-gru and adding-rnn differ only in the recurrent layer type', () => {
    const settings = (cell: string) => {
      const {
        name: _name,
        description: _description,
        ...rest
      } = JSON.parse(readFileSync(path.join(EXAMPLES, `adding-${cell}.rnn.json`), 'utf8'));
      assert.equal(rest.model.layers[0].type, cell);
      rest.model.layers[0].type = 'CELL';
      return rest;
    };
    assert.deepEqual(settings('lstm'), settings('rnn'));
    assert.deepEqual(settings('gru'), settings('rnn'));
  });

  // Training them to the end takes 6–40 s each (docs/guide/experiments.md, "Examples"); one epoch checks that they train.
  for (const file of ['adding-lstm.rnn.json', 'adding-gru.rnn.json', 'adding-rnn.rnn.json']) {
    it(`${file}: one epoch trains to a finite loss`, async () => {
      const [loss] = await losses(file, 1);
      assert.ok(Number.isFinite(loss) && loss < 1, `loss ${loss}`);
    });
  }
});
