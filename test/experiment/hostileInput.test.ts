// Inputs that once cost memory, time or a stack trace (issue 13, items 1, 4, 5 and 6): each is
// refused with an error at its place in the file, found without building the samples, and the
// message stays short whatever the file holds.

import assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { MAX_MESSAGE_LENGTH, formatDiagnostic } from '../../src/diagnostics/diagnostic';
import { checkExperiment, loadExperiment } from '../../src/experiment/load';
import { experiment, workspace } from '../helpers/workspace';

/** Checks `text` as x.rnn.json (plus extra files) the way `validate` does; "FILE:LINE:COL: error: …" lines. */
async function errorsOf(text: string, files: Record<string, string | object> = {}): Promise<string[]> {
  const dir = workspace({ 'x.rnn.json': text, ...files });
  const { checked, diagnostics } = await checkExperiment(path.join(dir, 'x.rnn.json'));
  assert.equal(checked, undefined, 'a broken experiment must not pass');
  assert.ok(diagnostics.length > 0);
  return diagnostics.map((d) => formatDiagnostic(d, (f) => path.relative(dir, f)));
}

const pretty = (v: unknown) => JSON.stringify(v, null, 2);

/** The line of `text` an error points at. */
function lineOf(text: string, error: string): string {
  const [, line] = error.split(':');
  return text.split('\n')[Number(line) - 1];
}

const generatorData = (extra: object = {}) => ({ generator: 'sine', samples: 8, steps: 4, ...extra });

describe('sizes computed from the description, refused before anything is built', () => {
  it('a sine generator of 1,000,000 × 1,000 samples (3 GB once) is refused at "samples"', async () => {
    const text = pretty(experiment({ data: generatorData({ samples: 1_000_000, steps: 1000 }) }));
    const before = process.memoryUsage().rss;
    const errors = await errorsOf(text);
    assert.equal(errors.length, 1, errors.join('\n'));
    assert.match(
      errors[0],
      /^x\.rnn\.json:\d+:\d+: error: the samples need 7\.5 GiB in float64 \(1,000,000 samples × 1,000 steps × 1 inputs, and their targets\); RNN Lab holds at most 2 GiB of samples$/,
    );
    assert.match(lineOf(text, errors[0]), /"samples": 1000000/);
    assert.ok(process.memoryUsage().rss - before < 200e6, 'nothing of that size was allocated');
  });

  it("a 20,000-unit layer is refused with the bytes it needs and the trainer's real cap, at its units", async () => {
    const text = pretty(
      experiment({
        data: generatorData(),
        model: {
          layers: [
            { type: 'rnn', units: 20000 },
            { type: 'dense', units: 1 },
          ],
        },
      }),
    );
    const errors = await errorsOf(text);
    assert.equal(errors.length, 1, errors.join('\n'));
    assert.match(
      errors[0],
      /error: the model needs \d+(\.\d)? GiB \(400,060,001 parameters in float64 with their gradients, and the workspace for batches of 8 samples × 4 steps\); the trainer can hold 2 GiB$/,
    );
    assert.match(lineOf(text, errors[0]), /"units": 20000/);
  });

  it('units 1e9 is refused at its place (once "Invalid typed array length")', async () => {
    const text = pretty(
      experiment({
        data: generatorData(),
        model: {
          layers: [
            { type: 'lstm', units: 1e9 },
            { type: 'dense', units: 1 },
          ],
        },
      }),
    );
    const errors = await errorsOf(text);
    assert.equal(errors.length, 1, errors.join('\n'));
    assert.match(lineOf(text, errors[0]), /"units": 1000000000/);
  });

  it('a batch whose workspace cannot fit is refused at batchSize, with what it takes', async () => {
    const text = pretty(
      experiment({
        data: generatorData({ samples: 20000, steps: 500 }),
        model: {
          layers: [
            { type: 'lstm', units: 128 },
            { type: 'dense', units: 1 },
          ],
        },
        training: { epochs: 1, batchSize: 20000, loss: 'mse', optimizer: { type: 'sgd', learningRate: 0.1 } },
      }),
    );
    const errors = await errorsOf(text);
    assert.equal(errors.length, 1, errors.join('\n'));
    assert.match(
      errors[0],
      /error: training needs \d+ GiB: the workspace for batches of 20,000 samples × 500 steps takes \d+ GiB, .*; the trainer can hold 2 GiB: use a smaller batchSize$/,
    );
    assert.match(lineOf(text, errors[0]), /"batchSize": 20000/);
  });

  it('text with stride 1 over 3,000 distinct characters (3 GB once) is refused at "stride" without one-hot samples', async () => {
    const chars = Array.from({ length: 3000 }, (_, i) => String.fromCodePoint(0x4e00 + i));
    const textFile = Array.from({ length: 20 }, () => chars.join('')).join('');
    const text = pretty(
      experiment({
        data: { text: 't.txt', seqLength: 32, stride: 1 },
        model: {
          layers: [
            { type: 'rnn', units: 4 },
            { type: 'dense', units: 3000, activation: 'softmax' },
          ],
          output: 'sequence',
        },
        training: { epochs: 1, loss: 'crossEntropy', optimizer: { type: 'sgd', learningRate: 0.1 } },
      }),
    );
    const errors = await errorsOf(text, { 't.txt': textFile });
    assert.equal(errors.length, 1, errors.join('\n'));
    assert.match(
      errors[0],
      /error: the samples need \d+ GiB in float64 \(59,968 samples × 32 steps × 3,000 inputs, and their targets\)/,
    );
    assert.match(lineOf(text, errors[0]), /"stride": 1/);
  });

  it('10,000 copies of one CSV feature are refused from the sizes, at "window"', async () => {
    const csv = ['a,b', ...Array.from({ length: 3000 }, (_, i) => `${i},${i % 7}`)].join('\n');
    const text = pretty(
      experiment({
        data: { csv: 'd.csv', features: Array.from({ length: 10000 }, () => 'a'), targets: ['b'], window: 10 },
        model: {
          layers: [
            { type: 'rnn', units: 2 },
            { type: 'dense', units: 1 },
          ],
        },
      }),
    );
    const errors = await errorsOf(text, { 'd.csv': csv });
    assert.equal(errors.length, 1, errors.join('\n'));
    assert.match(
      errors[0],
      /error: the samples need 2\.2 GiB in float64 \(2,990 samples × 10 steps × 10,000 inputs, and their targets\)/,
    );
  });

  it('a valid experiment checks without building its samples; loadExperiment builds them', async () => {
    const dir = workspace({ 'x.rnn.json': experiment({ data: generatorData({ samples: 5, steps: 3 }) }) });
    const { checked } = await checkExperiment(path.join(dir, 'x.rnn.json'));
    assert.deepEqual(checked!.shape, { count: 5, steps: 3, inputSize: 1, outputSize: 1, sequenceTargets: false });
    assert.equal(checked!.footprint.parameters, 4 + 16 + 4 + 5);
    const { loaded } = await loadExperiment(path.join(dir, 'x.rnn.json'));
    assert.equal(loaded!.dataset.x.length, 15);
  });
});

describe('malformed values: positioned errors, never a crash', () => {
  it('6 KB of nested brackets (once "Maximum call stack size exceeded")', async () => {
    const text = `{"data": ${'['.repeat(6000)}${']'.repeat(6000)}}`;
    const errors = await errorsOf(text);
    assert.deepEqual(errors, ['x.rnn.json:1:73: error: invalid JSON: nested deeper than 64 levels']);
  });

  it('numbers beyond float64 (1e999) are errors, not Infinity', async () => {
    const text = pretty(experiment())
      .replace('"learningRate": 0.1', '"learningRate": 1e999')
      .replace('"units": 4', '"units": -1e999');
    const errors = await errorsOf(text);
    assert.equal(errors.length, 2, errors.join('\n'));
    assert.match(errors[0], /error: number out of range: -1e999 is beyond ±1\.8e308/);
    assert.match(errors[1], /error: number out of range: 1e999 is beyond ±1\.8e308/);
    assert.match(lineOf(text, errors[1]), /"learningRate": 1e999/);
  });

  it('a string where a number belongs in y, and null among CSV features (once "type.split is not a function")', async () => {
    const y = pretty(experiment({ data: { x: [[[1]]], y: [['a']] } }));
    const yErrors = await errorsOf(y);
    assert.ok(
      yErrors.some((e) => /error: data\.y\[0\]\[0\] must be a number or an array$/.test(e)),
      yErrors.join('\n'),
    );
    const features = pretty(experiment({ data: { csv: 'd.csv', features: [null], targets: [0] } }));
    const fErrors = await errorsOf(features, { 'd.csv': 'a\n1\n2\n' });
    assert.ok(
      fErrors.some((e) => /error: data\.features\[0\] must be a string or a whole number$/.test(e)),
      fErrors.join('\n'),
    );
  });

  it('a seed beyond 32 bits is refused at its place (4294967296 once trained as seed 0)', async () => {
    for (const seed of [4294967296, 2 ** 53 + 1, -1]) {
      const text = pretty({ ...experiment(), seed });
      const errors = await errorsOf(text);
      assert.equal(errors.length, 1, errors.join('\n'));
      assert.match(errors[0], seed < 0 ? /error: seed must be >= 0$/ : /error: seed must be <= 4294967295$/);
      assert.match(lineOf(text, errors[0]), /"seed":/);
    }
  });

  it('a key written twice is an error at the second one', async () => {
    const text = '{\n  "seed": 1,\n  "seed": 2\n}';
    assert.deepEqual(await errorsOf(text), ['x.rnn.json:3:3: error: duplicate key "seed" (first at line 2): keep one']);
  });
});

describe('prototype-free parsing, byte order marks, huge keys', () => {
  it('an experiment written inside {"__proto__": …} is an unknown field, not an experiment', async () => {
    const text = `{"__proto__": ${JSON.stringify(experiment())}}`;
    const errors = await errorsOf(text);
    assert.ok(
      errors.some((e) => e.includes('unknown field "__proto__"')),
      errors.join('\n'),
    );
    assert.ok(
      errors.some((e) => e.includes('missing required field "data"')),
      errors.join('\n'),
    );
    assert.equal(({} as Record<string, unknown>).data, undefined, 'Object.prototype untouched');
  });

  it('a UTF-8 byte order mark is accepted, as in CSV files', async () => {
    const dir = workspace({ 'x.rnn.json': `\uFEFF${pretty(experiment())}` });
    const { checked, diagnostics } = await checkExperiment(path.join(dir, 'x.rnn.json'));
    assert.deepEqual(diagnostics, []);
    assert.ok(checked);
  });

  it('a key of a megabyte is cut in the message, and checking it stays fast', async () => {
    const key = 'k'.repeat(1 << 20);
    const started = performance.now();
    const errors = await errorsOf(pretty({ ...experiment(), [key]: 1 }));
    assert.ok(performance.now() - started < 10_000, 'no edit distance over a megabyte');
    assert.equal(errors.length, 1);
    assert.match(errors[0], /error: unknown field "k{60}…" \(1048576 characters\)$/);
  });

  it('a value of a megabyte is cut too', async () => {
    const errors = await errorsOf(pretty(experiment({ dtype: 'x'.repeat(1 << 20) })));
    for (const e of errors) assert.ok(e.length < MAX_MESSAGE_LENGTH + 200, `${e.length} characters`);
  });
});

describe('error reporting is linear in the number of errors', () => {
  it(
    '20,000 invalid layers are checked in seconds (quadratic took minutes): the first 1,000 errors, then how many more',
    { timeout: 60_000 },
    async () => {
      const layers = Array.from({ length: 20000 }, () => ({ type: 'lstm', units: 1, activation: 'tanh' }));
      const text = JSON.stringify(experiment({ model: { layers } }));
      const started = performance.now();
      const errors = await errorsOf(text);
      const ms = performance.now() - started;
      assert.equal(errors.length, 1001);
      assert.match(errors[999], /^x\.rnn\.json:1:\d+: error: lstm and gru layers have fixed gate nonlinearities/);
      assert.equal(errors[1000], 'x.rnn.json:1:1: error: 19,000 more problems not shown (the first 1,000 are)');
      assert.ok(ms < 15_000, `${Math.round(ms)} ms`);
    },
  );

  it('300,000 wrong values in inline data are checked in seconds too', { timeout: 60_000 }, async () => {
    const text = JSON.stringify(experiment({ data: { x: [[Array.from({ length: 300_000 }, () => 'a')]], y: [[0]] } }));
    const started = performance.now();
    const errors = await errorsOf(text);
    assert.equal(errors.length, 1001);
    assert.ok(performance.now() - started < 15_000, `${Math.round(performance.now() - started)} ms`);
  });
});
