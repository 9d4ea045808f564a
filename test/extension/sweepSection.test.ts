// The sweep section RNN Lab: Run Sweep offers to a file without one: added after the last
// field with the rest of the text as written, and a sweep that loads (three trials).

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { applyEdits } from 'jsonc-parser';
import { addSweepSectionEdit, hasSweepSection, learningRateGrid } from '../../src/extension/experiments/sweepSection';
import { loadSweep } from '../../src/sweeps/loadSweep';
import { workspace } from '../helpers/workspace';

const notebook = readFileSync(path.resolve(__dirname, '../../examples/notebook.rnn.json'), 'utf8');
const withSweep = (text: string) => applyEdits(text, [addSweepSectionEdit(text)!]);

describe('the sweep section offered to an experiment without one', () => {
  it('keeps every line of the file as written and adds the section at the end', () => {
    const out = withSweep(notebook);
    const before = notebook.trimEnd().split('\n');
    const after = out.split('\n');
    // Every line but the last field's (which gains a comma) and the closing brace is unchanged.
    assert.deepEqual(after.slice(0, before.length - 2), before.slice(0, -2));
    assert.equal(after[before.length - 2], `${before.at(-2)},`);
    assert.match(out, /\n {2}"sweep": \{\n {4}"method": "grid",\n/);
    assert.ok(hasSweepSection(out));
  });

  it("is a grid of three learning rates around the file's own", () => {
    assert.deepEqual(learningRateGrid(0.001), [0.00033, 0.001, 0.003]);
    assert.deepEqual(learningRateGrid('fast'), [0.0033, 0.01, 0.03]);
    assert.match(
      withSweep(notebook),
      /"training\.optimizer\.learningRate": \{ "values": \[0\.00033, 0\.001, 0\.003\] \}/,
    );
  });

  it('gives a sweep that loads, with three trials', async () => {
    const dir = workspace({
      'n.rnn.json': withSweep(notebook.replace('"$schema": "../schemas/rnn-experiment.schema.json",\n', '')),
    });
    const { sweep, diagnostics } = await loadSweep(path.join(dir, 'n.rnn.json'));
    assert.deepEqual(diagnostics, []);
    assert.equal(sweep?.trials.length, 3);
  });

  it('is not offered to a file that has one, or that is not an object', () => {
    assert.equal(addSweepSectionEdit(withSweep(notebook)), undefined);
    assert.equal(addSweepSectionEdit('[1, 2]'), undefined);
    assert.equal(hasSweepSection('not json'), false);
  });

  it('indents with tabs in a file indented with tabs', () => {
    const out = withSweep('{\n\t"name": "t"\n}\n');
    assert.equal(
      out,
      '{\n\t"name": "t",\n\t"sweep": {\n\t\t"method": "grid",\n\t\t"parameters": { "training.optimizer.learningRate": { "values": [0.0033, 0.01, 0.03] } }\n\t}\n}\n',
    );
  });
});
