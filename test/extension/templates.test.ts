// "New RNN Experiment": every bundled example is offered with a line saying what it teaches,
// the file it writes is always <name>.rnn.json, and the character template's validation loss
// falls (it used to climb from 2.7 to 4.4: a template that taught overfitting).

import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { Trainer } from '../../src/core/trainer';
import { loadExperiment, trainerConfig } from '../../src/experiment/load';
import { experimentFileFor, experimentText, TEMPLATES } from '../../src/extension/experiments/templates';
import { runEpoch } from '../helpers/runEpoch';

const EXAMPLES = path.resolve(__dirname, '../../examples');

describe('New RNN Experiment templates', () => {
  it('offer every example in examples/, each once, with a one-line description', () => {
    const examples = readdirSync(EXAMPLES)
      .filter((f) => f.endsWith('.rnn.json'))
      .sort();
    assert.deepEqual(TEMPLATES.map((t) => t.example).sort(), examples);
    for (const t of TEMPLATES) {
      assert.ok(
        t.detail.length > 20 && t.detail.length <= 110 && !t.detail.includes('\n'),
        `${t.label}: "${t.detail}"`,
      );
    }
    assert.equal(new Set(TEMPLATES.map((t) => t.label)).size, TEMPLATES.length, 'labels are unique');
  });

  it("copy the template's text as written, with the new name and a description of their own", () => {
    for (const t of TEMPLATES) {
      const written = readFileSync(path.join(EXAMPLES, t.example), 'utf8');
      const text = experimentText(written, t, 'weather');
      const value = JSON.parse(text);
      assert.equal(value.name, 'weather', t.example);
      assert.equal(value.$schema, undefined, t.example);
      assert.match(
        value.description,
        new RegExp(`^Started from the "${t.label.replace(/[()]/g, '\\$&')}" template`),
        t.example,
      );
      // Every line but $schema, name and description is the template's, in its order.
      const kept = (s: string) => s.split('\n').filter((l) => !/^\s*"(\$schema|name|description)":/.test(l));
      assert.deepEqual(kept(text), kept(written), t.example);
    }
    const notebook = experimentText(readFileSync(path.join(EXAMPLES, 'notebook.rnn.json'), 'utf8'), TEMPLATES[0], 'n');
    assert.ok(notebook.includes('        [1, 2, 3, 4],\n'), 'the 2×3×4 tensor keeps one row per line');
  });

  it('name the file <name>.rnn.json however the save dialog returned it', () => {
    for (const [chosen, file] of [
      ['/w/notebook.rnn.json', '/w/notebook.rnn.json'],
      ['/w/notebook.rnn.json.rnn.json', '/w/notebook.rnn.json'],
      ['/w/weather', '/w/weather.rnn.json'],
      ['/w/weather.json', '/w/weather.rnn.json'],
      ['/w/weather.json.rnn.json', '/w/weather.rnn.json'],
      ['/w/alice.rnn.json', '/w/alice.rnn.json'],
      ['/w/my.model.v2', '/w/my.model.v2.rnn.json'],
    ])
      assert.equal(experimentFileFor(chosen), file, chosen);
  });

  it('the character template: its validation loss falls by more than a quarter and has not turned up by its last epoch', async () => {
    const { loaded, diagnostics } = await loadExperiment(path.join(EXAMPLES, 'alice-chars.rnn.json'));
    assert.deepEqual(diagnostics, []);
    const trainer = new Trainer(trainerConfig(loaded!));
    const val = Array.from({ length: loaded!.experiment.training.epochs }, () => runEpoch(trainer).valLoss!);
    const best = Math.min(...val);
    const last = val[val.length - 1];
    assert.ok(last < 0.75 * val[0], `validation loss ${val[0].toFixed(3)} → ${last.toFixed(3)}`);
    assert.ok(last < 1.03 * best, `the last validation loss ${last.toFixed(3)} is near the best ${best.toFixed(3)}`);
  });
});
