// Every "did you mean" a diagnostic makes is a quick fix: what it writes in place.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { replacementFor, suggestionOf } from '../../src/extension/experiments/suggestions';
import { JsonDocument } from '../../src/experiment/jsonDocument';
import { schemaDiagnostics } from '../../src/experiment/schemaCheck';

/** The text with each suggestion written over its diagnostic's range, as the quick fix does. */
function fixAll(text: string): string {
  const doc = new JsonDocument('/x.rnn.json', text);
  const lines = text.split('\n');
  const offset = (line: number, column: number) =>
    lines.slice(0, line - 1).reduce((n, l) => n + l.length + 1, 0) + column - 1;
  const fixes = schemaDiagnostics(doc)
    .map((d) => ({ d, s: suggestionOf(d.message) }))
    .filter((f) => f.s !== undefined)
    .map(({ d, s }) => ({ from: offset(d.line, d.column), to: offset(d.endLine, d.endColumn), s: s! }))
    .sort((a, b) => b.from - a.from);
  let out = text;
  for (const f of fixes) out = out.slice(0, f.from) + replacementFor(out.slice(f.from, f.to), f.s) + out.slice(f.to);
  return out;
}

describe('"did you mean" quick fixes', () => {
  it('reads the suggestion of a message', () => {
    assert.equal(suggestionOf('unknown field "traning" (did you mean "training"?)'), 'training');
    assert.equal(suggestionOf('units must be >= 1'), undefined);
  });

  it('writes a JSON string where the range is one, the bare word otherwise', () => {
    assert.equal(replacementFor('"tahn"', 'tanh'), '"tanh"');
    assert.equal(replacementFor('tahn', 'tanh'), 'tanh');
  });

  it('fixing every suggestion of a file with a misspelt key and value leaves no problem', () => {
    const text = JSON.stringify(
      {
        data: { x: [[[1]]], y: [[1]] },
        model: {
          layers: [
            { type: 'rnn', units: 2, activation: 'tahn' },
            { type: 'dense', units: 1 },
          ],
        },
        training: { epochs: 1, loss: 'mse', optimizer: { type: 'sgd', learnigRate: 0.1 } },
      },
      null,
      2,
    );
    assert.equal(schemaDiagnostics(new JsonDocument('/x.rnn.json', text)).length, 2);
    const fixed = fixAll(text);
    assert.deepEqual(schemaDiagnostics(new JsonDocument('/x.rnn.json', fixed)), []);
    assert.match(fixed, /"activation": "tanh"/);
    assert.match(fixed, /"learningRate": 0\.1/);
  });
});
