// Inline data without "y" (or with an empty "x") is an error a user can act on, also when the
// loader checks the data's fit beside other problems: `rnn-lab validate` once crashed on it
// (found by the surface fuzzer).

import assert from 'node:assert/strict';
import * as path from 'node:path';
import { it } from 'node:test';
import { checkExperiment } from '../../src/experiment/load';
import { experiment, workspace } from '../helpers/workspace';

it('inline data without y, or with an empty x: diagnostics, never a TypeError', async () => {
  const x = [
    [
      [1, 2],
      [3, 4],
    ],
  ];
  for (const data of [{ x }, { x: [], y: [] }, { x: [[]], y: [[1]] }]) {
    const dir = workspace({ 'e.rnn.json': experiment({ data }) });
    const { checked, diagnostics } = await checkExperiment(path.join(dir, 'e.rnn.json'));
    assert.equal(checked, undefined, JSON.stringify(data));
    assert.ok(diagnostics.length > 0 && diagnostics.every((d) => d.line >= 1 && d.message.length > 0));
  }
});
