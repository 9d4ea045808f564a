// Bad experiments give errors at the exact line and column of the offending value.

import assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { formatDiagnostic } from '../../src/diagnostics/diagnostic';
import { loadExperiment } from '../../src/experiment/load';
import { experiment, workspace } from '../helpers/workspace';

/** Loads `text` as x.rnn.json (plus extra files) and returns "LINE:COL: MESSAGE" lines. */
async function errorsOf(text: string, files: Record<string, string | object> = {}): Promise<string[]> {
  const dir = workspace({ 'x.rnn.json': text, ...files });
  const { loaded, diagnostics } = await loadExperiment(path.join(dir, 'x.rnn.json'));
  assert.equal(loaded, undefined, 'a broken experiment must not load');
  return diagnostics.map((d) => formatDiagnostic(d, (f) => path.relative(dir, f)));
}

const pretty = (v: unknown) => JSON.stringify(v, null, 2);

describe('syntax and schema errors', () => {
  it('points at a JSON syntax error', async () => {
    const errors = await errorsOf('{\n  "data": {\n    "x": [1, 2,,]\n  }\n}');
    assert.match(errors[0], /^x\.rnn\.json:3:16: error: invalid JSON: value expected$/);
  });

  it('points at a value out of range (units < 1)', async () => {
    const text = pretty(experiment({ model: { layers: [{ type: 'rnn', units: 0 }] } }));
    const line = text.split('\n').findIndex((l) => l.includes('"units": 0')) + 1;
    const column = text.split('\n')[line - 1].indexOf('0') + 1;
    assert.deepEqual(await errorsOf(text), [`x.rnn.json:${line}:${column}: error: model.layers[0].units must be >= 1`]);
  });

  it('names an unknown field at its key and suggests the near miss', async () => {
    const text = pretty({ ...experiment(), traning: {} });
    const errors = await errorsOf(text);
    assert.ok(
      errors.some((e) => /x\.rnn\.json:\d+:3: error: unknown field "traning" \(did you mean "training"\?\)/.test(e)),
      errors.join('\n'),
    );
  });

  it('lists the allowed values of an enum', async () => {
    const errors = await errorsOf(pretty(experiment({ dtype: 'float16' })));
    assert.ok(
      errors.some((e) => e.includes('dtype must be one of "float64", "float32"')),
      errors.join('\n'),
    );
  });

  it('says which activations a dense layer takes', async () => {
    const errors = await errorsOf(
      pretty(
        experiment({
          model: {
            layers: [
              { type: 'rnn', units: 2 },
              { type: 'dense', units: 1, activation: 'prelu' },
            ],
          },
        }),
      ),
    );
    assert.ok(
      errors.some((e) => e.includes("a dense layer's activation is one of linear, sigmoid, tanh, relu, softmax")),
      errors.join('\n'),
    );
  });

  it('one misspelt required field is one problem: unknown, with its suggestion, not also missing', async () => {
    const text = pretty(
      experiment({ training: { epochs: 1, loss: 'mse', optimizer: { type: 'sgd', learnigRate: 0.1 } } }),
    );
    const errors = await errorsOf(text);
    assert.equal(errors.length, 1, errors.join('\n'));
    assert.match(errors[0], /unknown field "learnigRate" in training\.optimizer \(did you mean "learningRate"\?\)$/);
  });

  it('a misspelt value gets the allowed value it is nearest to ("tahn": "tanh")', async () => {
    const text = pretty(
      experiment({
        model: {
          layers: [
            { type: 'rnn', units: 4, activation: 'tahn' },
            { type: 'dense', units: 1 },
          ],
        },
      }),
    );
    const line = text.split('\n').findIndex((l) => l.includes('"tahn"')) + 1;
    const column = text.split('\n')[line - 1].indexOf('"tahn"') + 1;
    assert.deepEqual(await errorsOf(text), [
      `x.rnn.json:${line}:${column}: error: an rnn layer's activation is one of tanh, sigmoid, relu, prelu, linear (did you mean "tanh"?)`,
    ]);
  });

  it('a value far from every allowed one gets no suggestion', async () => {
    const text = pretty(
      experiment({
        model: {
          layers: [
            { type: 'rnn', units: 4, activation: 'softplus' },
            { type: 'dense', units: 1 },
          ],
        },
      }),
    );
    const errors = await errorsOf(text);
    assert.equal(errors.length, 1, errors.join('\n'));
    assert.doesNotMatch(errors[0], /did you mean/);
  });

  it('shows a data/model mismatch together with a problem elsewhere in the file, not after it is fixed', async () => {
    const text = pretty(
      experiment({
        model: {
          layers: [
            { type: 'rnn', units: 4 },
            { type: 'dense', units: 3 },
          ],
        },
        training: { epochs: 1, loss: 'mse', optimizer: { type: 'sgd', learnigRate: 0.1 } },
      }),
    );
    const errors = await errorsOf(text);
    assert.equal(errors.length, 2, errors.join('\n'));
    assert.ok(
      errors.some((e) => e.includes('unknown field "learnigRate"')),
      errors.join('\n'),
    );
    assert.ok(
      errors.some((e) => e.includes('the last layer has 3 units but the targets have width 1')),
      errors.join('\n'),
    );
  });

  it('does not guess at the data/model fit when the model itself has a problem', async () => {
    const text = pretty(
      experiment({
        model: {
          layers: [
            { type: 'rnn', units: 0 },
            { type: 'dense', units: 3 },
          ],
        },
      }),
    );
    const errors = await errorsOf(text);
    assert.equal(errors.length, 1, errors.join('\n'));
    assert.match(errors[0], /units must be >= 1/);
  });

  it('reports a missing required section', async () => {
    const { training: _, ...rest } = experiment();
    const errors = await errorsOf(pretty(rest));
    assert.deepEqual(errors, ['x.rnn.json:1:1: error: missing required field "training"']);
  });
});

describe('semantic errors', () => {
  it('target width ≠ last layer units, at the units value', async () => {
    const text = pretty(
      experiment({
        model: {
          layers: [
            { type: 'rnn', units: 4 },
            { type: 'dense', units: 3 },
          ],
        },
      }),
    );
    const errors = await errorsOf(text);
    assert.equal(errors.length, 1);
    assert.match(errors[0], /error: the last layer has 3 units but the targets have width 1: they must be equal$/);
    const [, line] = errors[0].split(':');
    assert.match(text.split('\n')[Number(line) - 1], /"units": 3/);
  });

  it('ragged inline x, at the offending sample', async () => {
    const errors = await errorsOf(pretty(experiment({ data: { x: [[[1], [2]], [[1]]], y: [[0], [1]] } })));
    assert.match(errors[0], /error: sample 1 has 1 steps, sample 0 has 2: x must be \(B, T, I\)$/);
  });

  it('two data sources at once', async () => {
    const errors = await errorsOf(pretty(experiment({ data: { generator: 'sine', csv: 'a.csv' } })));
    assert.match(errors[0], /data has more than one source \("csv", "generator"\): keep exactly one/);
  });

  it('a validationSplit that leaves nothing to train on, at its value (inline data and CSV windows alike)', async () => {
    const inline = pretty(experiment({ data: { ...(experiment().data as object), validationSplit: 0.9 } }));
    const csv = pretty(
      experiment({ data: { csv: 'd.csv', features: ['a'], targets: ['a'], window: 3, validationSplit: 0.9 } }),
    );
    const rows = ['a', ...Array.from({ length: 8 }, (_, i) => String(i))].join('\n');
    for (const [text, samples] of [
      [inline, 2],
      [csv, 5],
    ] as const) {
      const errors = await errorsOf(text, { 'd.csv': rows });
      assert.equal(errors.length, 1, errors.join('\n'));
      assert.match(errors[0], new RegExp(`error: validationSplit 0\\.9 leaves no training sample out of ${samples}$`));
      const [, line] = errors[0].split(':');
      assert.match(text.split('\n')[Number(line) - 1], /"validationSplit": 0\.9/);
    }
  });

  it('crossEntropy without a softmax output', async () => {
    const errors = await errorsOf(
      pretty(
        experiment({ training: { epochs: 1, loss: 'crossEntropy', optimizer: { type: 'sgd', learningRate: 0.1 } } }),
      ),
    );
    assert.match(errors[0], /loss "crossEntropy" needs a softmax output/);
  });

  it('dense before rnn', async () => {
    const errors = await errorsOf(
      pretty(
        experiment({
          model: {
            layers: [
              { type: 'rnn', units: 2 },
              { type: 'dense', units: 2 },
              { type: 'rnn', units: 1 },
            ],
          },
        }),
      ),
    );
    assert.ok(
      errors.some((e) => e.includes('rnn layers must come before all dense layers')),
      errors.join('\n'),
    );
  });

  it('a missing CSV file, at the "csv" value', async () => {
    const errors = await errorsOf(
      pretty(experiment({ data: { csv: 'nope.csv', features: ['a'], targets: ['a'], window: 2 } })),
    );
    assert.match(errors[0], /^x\.rnn\.json:\d+:\d+: error: file not found: .*nope\.csv$/);
  });

  it('a weights file whose shapes do not fit, inside the weights file', async () => {
    const weights = pretty({
      format: 'rnn-lab/weights@1',
      layers: [
        { type: 'rnn', Wx: [[0, 0, 0, 0]], Wh: [[0]], b: [0] },
        { type: 'dense', W: [[0], [0], [0], [0]], b: [0] },
      ],
    });
    const errors = await errorsOf(
      pretty(
        experiment({
          model: {
            layers: [
              { type: 'rnn', units: 4 },
              { type: 'dense', units: 1 },
            ],
            init: { weights: 'w.json' },
          },
        }),
      ),
      { 'w.json': weights },
    );
    assert.ok(errors.length > 0);
    assert.match(
      errors[0],
      /^w\.json:\d+:\d+: error: layer0\.Wx: expected shape \(2, 4\), found 1 entries at depth 1$/,
    );
  });

  it('a missing experiment file', async () => {
    const { diagnostics } = await loadExperiment('/no/such/file.rnn.json');
    assert.equal(
      formatDiagnostic(diagnostics[0]),
      '/no/such/file.rnn.json:1:1: error: file not found: /no/such/file.rnn.json',
    );
  });
});
