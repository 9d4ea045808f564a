// Every data source gives the samples its documentation promises.

import assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { formatDiagnostic } from '../../src/diagnostics/diagnostic';
import { loadExperiment, trainerConfig } from '../../src/experiment/load';
import { experiment, workspace } from '../helpers/workspace';

async function load(exp: object, files: Record<string, string> = {}) {
  const dir = workspace({ 'e.rnn.json': exp, ...files });
  const result = await loadExperiment(path.join(dir, 'e.rnn.json'));
  return { ...result, dir, errors: result.diagnostics.map((d) => formatDiagnostic(d, (f) => path.relative(dir, f))) };
}

const csvTraining = { epochs: 1, loss: 'mse', optimizer: { type: 'sgd', learningRate: 0.1 } };

describe('inline data', () => {
  it('keeps x (B, T, I) and y (B, O) as written', async () => {
    const { loaded } = await load(experiment());
    const d = loaded!.dataset;
    assert.deepEqual([d.count, d.steps, d.inputSize, d.outputSize, d.sequenceTargets], [2, 3, 2, 1, false]);
    assert.deepEqual(Array.from(d.x.slice(0, 6)), [1, 2, 3, 4, 5, 6]);
    assert.deepEqual(loaded!.experiment.name, 'e', 'the name defaults to the file name');
  });

  it('holds out the last ⌈s·N⌉ samples for validation', async () => {
    const { loaded } = await load(experiment({ data: { ...(experiment().data as object), validationSplit: 0.3 } }));
    const c = trainerConfig(loaded!);
    assert.equal(c.train.count, 1);
    assert.equal(c.validation!.count, 1);
    assert.deepEqual(
      Array.from(c.validation!.x.slice(0, 2)),
      [0, 1],
      'the held-out sample is the last one in data order',
    );
  });
});

describe('csv windows', () => {
  const rows = ['t,a,b', ...Array.from({ length: 8 }, (_, i) => `${i},${i * 10},${100 - i}`)].join('\n');
  const spec = (extra: object) =>
    experiment({
      data: { csv: 'd.csv', features: ['a', 2], targets: ['b'], window: 3, normalize: 'none', ...extra },
      model: {
        layers: [
          { type: 'rnn', units: 2 },
          { type: 'dense', units: 1 },
        ],
      },
      training: csvTraining,
    });

  it('x = feature rows [i, i+T), y = target row i+T−1+horizon', async () => {
    const { loaded, errors } = await load(spec({ horizon: 2, stride: 2 }), { 'd.csv': rows });
    assert.deepEqual(errors, []);
    const d = loaded!.dataset;
    // 8 rows, T 3, horizon 2, stride 2: starts 0 and 2 (start + 3 − 1 + 2 ≤ 7)
    assert.equal(d.count, 2);
    assert.deepEqual(Array.from(d.x.slice(0, 6)), [0, 100, 10, 99, 20, 98]);
    assert.deepEqual(Array.from(d.y), [100 - 4, 100 - 6]);
  });

  it('z-scores with statistics from the training rows only', async () => {
    const { loaded } = await load(spec({ normalize: 'zscore', validationSplit: 0.5 }), { 'd.csv': rows });
    // 5 windows, ⌈2.5⌉ = 3 held out; the 2 training windows use rows 0 … 1 + 3 − 1 + 1 = 4,
    // so column a is scaled by 0, 10, 20, 30, 40: mean 20, std √200 — not by the held-out rows.
    const stats = (loaded!.dataInfo!.normalization as Record<string, { mean: number; std: number }>).a;
    assert.equal(stats.mean, 20);
    assert.ok(Math.abs(stats.std - Math.sqrt(200)) < 1e-9);
    assert.ok(Math.abs(loaded!.dataset.x[0] - (0 - 20) / stats.std) < 1e-12);
  });

  it('names the CSV row and column of a value that is not a number', async () => {
    const bad = rows.replace('3,30,97', '3,thirty,97');
    const { errors } = await load(spec({}), { 'd.csv': bad });
    assert.deepEqual(errors, ['d.csv:5:3: error: column "a": "thirty" is not a number']);
  });

  it('names the row of a malformed record', async () => {
    const bad = rows.replace('4,40,96', '4,40,96,1');
    const { errors } = await load(spec({}), { 'd.csv': bad });
    assert.equal(errors.length, 1);
    assert.match(errors[0], /^d\.csv:6:1: error: malformed CSV: Invalid Record Length: expect 3, got 4/);
  });

  it('rejects an unknown column at its place in the experiment', async () => {
    const { errors } = await load(spec({ features: ['a', 'zz'] }), { 'd.csv': rows });
    assert.match(errors[0], /^e\.rnn\.json:\d+:\d+: error: no column "zz" in .*d\.csv; its header has "t", "a", "b"$/);
  });
});

describe('text', () => {
  it('one-hot characters in, next characters out, sorted vocabulary', async () => {
    const { loaded, errors } = await load(
      experiment({
        data: { text: 't.txt', seqLength: 3 },
        model: {
          layers: [
            { type: 'rnn', units: 4 },
            { type: 'dense', units: 3, activation: 'softmax' },
          ],
          output: 'sequence',
        },
        training: { epochs: 1, loss: 'crossEntropy', optimizer: { type: 'sgd', learningRate: 0.1 } },
      }),
      { 't.txt': 'abcabca' },
    );
    assert.deepEqual(errors, []);
    const d = loaded!.dataset;
    assert.equal(loaded!.dataInfo!.vocabulary, 'abc');
    assert.equal(d.count, 2, '(7 − 1 − 3) / 3 + 1 sequences');
    // sample 0 step 0: x = "a" → [1,0,0], y = "b" → [0,1,0]
    assert.deepEqual(Array.from(d.x.slice(0, 3)), [1, 0, 0]);
    assert.deepEqual(Array.from(d.y.slice(0, 3)), [0, 1, 0]);
  });

  it('tells the vocabulary size when the output layer does not match it', async () => {
    const { errors } = await load(
      experiment({
        data: { text: 't.txt', seqLength: 3 },
        model: {
          layers: [
            { type: 'rnn', units: 4 },
            { type: 'dense', units: 5, activation: 'softmax' },
          ],
          output: 'sequence',
        },
        training: { epochs: 1, loss: 'crossEntropy', optimizer: { type: 'sgd', learningRate: 0.1 } },
      }),
      { 't.txt': 'abcabca' },
    );
    assert.match(errors[0], /the last layer has 5 units but the text has 3 distinct characters \(the vocabulary\)/);
  });
});

describe('generators', () => {
  const model = (units: number, output = 'last', activation = 'linear') => ({
    layers: [
      { type: 'rnn', units: 4 },
      { type: 'dense', units, activation },
    ],
    output,
  });

  it('sine: the target is the next value of the wave the inputs follow', async () => {
    const { loaded } = await load(experiment({ data: { generator: 'sine', samples: 5, steps: 7 }, model: model(1) }));
    const d = loaded!.dataset;
    assert.deepEqual([d.count, d.steps, d.inputSize, d.outputSize], [5, 7, 1, 1]);
    for (let n = 0; n < 5; n++) {
      const x = Array.from(d.x.slice(n * 7, n * 7 + 7));
      // Any sin(ω·t + φ) obeys x[t+1] + x[t−1] = 2·cos ω·x[t]: fit cos ω by least squares
      // over the inputs, then continue the wave one step past the last input.
      let num = 0;
      let den = 0;
      for (let t = 1; t < 6; t++) {
        num += x[t] * (x[t + 1] + x[t - 1]);
        den += 2 * x[t] * x[t];
      }
      const cosOmega = num / den;
      for (let t = 1; t < 6; t++)
        assert.ok(
          Math.abs(x[t + 1] - (2 * cosOmega * x[t] - x[t - 1])) < 1e-9,
          `sample ${n}: the inputs are one sine wave`,
        );
      const omega = Math.acos(cosOmega);
      assert.ok(omega >= 0.1 - 1e-9 && omega < 0.6 + 1e-9, `sample ${n}: ω = ${omega} is in [0.1, 0.6)`);
      assert.ok(
        Math.abs(d.y[n] - (2 * cosOmega * x[6] - x[5])) < 1e-9,
        `sample ${n}: y = sin(ω·T + φ), the step after the last input`,
      );
    }
  });

  it('addition: exactly two marked steps, target = their sum', async () => {
    const { loaded } = await load(
      experiment({ data: { generator: 'addition', samples: 20, steps: 10 }, model: model(1) }),
    );
    const d = loaded!.dataset;
    for (let n = 0; n < d.count; n++) {
      let sum = 0;
      let marks = 0;
      for (let t = 0; t < 10; t++)
        if (d.x[(n * 10 + t) * 2 + 1] === 1) {
          marks++;
          sum += d.x[(n * 10 + t) * 2];
        }
      assert.equal(marks, 2);
      assert.ok(Math.abs(d.y[n] - sum) < 1e-15);
    }
  });

  it('parity: target = XOR of the bits', async () => {
    const { loaded } = await load(
      experiment({ data: { generator: 'parity', samples: 20, steps: 6 }, model: model(1) }),
    );
    const d = loaded!.dataset;
    for (let n = 0; n < d.count; n++) {
      const ones = Array.from(d.x.slice(n * 6, n * 6 + 6)).reduce((a, b) => a + b, 0);
      assert.equal(d.y[n], ones % 2);
    }
  });

  it('copy: the symbols come back after the delimiter', async () => {
    const { loaded, errors } = await load(
      experiment({
        data: { generator: 'copy', samples: 3, steps: 9, length: 3, symbols: 4 },
        model: model(6, 'sequence', 'softmax'),
        training: { epochs: 1, loss: 'crossEntropy', optimizer: { type: 'sgd', learningRate: 0.1 } },
      }),
    );
    assert.deepEqual(errors, []);
    const d = loaded!.dataset;
    const argmax = (a: Float64Array, off: number) => Array.from(a.slice(off, off + 6)).indexOf(1);
    for (let n = 0; n < 3; n++) {
      const input = Array.from({ length: 9 }, (_, t) => argmax(d.x, (n * 9 + t) * 6));
      const target = Array.from({ length: 9 }, (_, t) => argmax(d.y, (n * 9 + t) * 6));
      assert.equal(input[5], 1, 'delimiter at T − length − 1');
      assert.deepEqual(target.slice(6), input.slice(0, 3));
      assert.deepEqual(target.slice(0, 6), [0, 0, 0, 0, 0, 0]);
    }
  });

  const sineWithSeed = (seed: number) =>
    load(experiment({ seed, data: { generator: 'sine', samples: 4 }, model: model(1) }));

  it('the same seed draws the same samples', async () => {
    const [a, b] = [await sineWithSeed(9), await sineWithSeed(9)];
    assert.deepEqual(Array.from(a.loaded!.dataset.x), Array.from(b.loaded!.dataset.x));
    assert.deepEqual(Array.from(a.loaded!.dataset.y), Array.from(b.loaded!.dataset.y));
  });

  it('another seed draws other samples', async () => {
    const [a, b] = [await sineWithSeed(9), await sineWithSeed(10)];
    assert.notDeepEqual(Array.from(a.loaded!.dataset.x), Array.from(b.loaded!.dataset.x));
    assert.notDeepEqual(Array.from(a.loaded!.dataset.y), Array.from(b.loaded!.dataset.y));
  });
});
