// predict and inspect against PyTorch's own modules (test/golden/make_golden_inspect.py): a run
// directory whose weights.json was drawn by the golden script, read back by `predict` and
// `inspect` (and by the CLI), must give torch's outputs, h[t], c[t] and gate activations to
// 1e-10 in float64 — for rnn, lstm and gru stacks, mixed stacks and per-step weights.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { inspectRun, type RunInspection } from '../../src/analysis/inspect';
import { predictRun } from '../../src/analysis/predict';
import { openRun, type OpenedRun } from '../../src/analysis/runModel';
import { runChild, TEST_TIMEOUT_MS } from '../helpers/childProcess';
import { writeRunDir } from '../helpers/runDir';

interface GoldenLayer {
  kind: string;
  h: number[][];
  c?: number[][];
  gates?: Record<string, number[][]>;
}
interface Scenario {
  name: string;
  layers: Record<string, unknown>[];
  output: 'last' | 'sequence';
  loss: string;
  x: number[][][];
  y: unknown;
  weights: unknown;
  samples: { layers: GoldenLayer[]; output: number[][] }[];
}

const golden = JSON.parse(readFileSync(path.join(__dirname, '../golden/pytorch-inspect.json'), 'utf8')) as {
  torch: string;
  scenarios: Scenario[];
};
const CLI = path.resolve(__dirname, '../../dist/cli.js');
const TOLERANCE = 1e-10;

function runFor(s: Scenario): string {
  return writeRunDir({
    experiment: {
      name: 'golden',
      dtype: 'float64',
      data: { x: s.x, y: s.y, validationSplit: 0 },
      model: { layers: s.layers, output: s.output },
      training: { epochs: 1, loss: s.loss, optimizer: { type: 'sgd', learningRate: 0.1 } },
    },
    weights: s.weights,
  });
}

/** Largest |a − b| over two nested arrays of the same shape. */
function worst(a: unknown, b: unknown, where: string): number {
  if (typeof a === 'number' && typeof b === 'number') return Math.abs(a - b);
  assert.ok(Array.isArray(a) && Array.isArray(b) && a.length === b.length, `${where}: shapes differ`);
  return (a as unknown[]).reduce<number>((m, v, i) => Math.max(m, worst(v, (b as unknown[])[i], `${where}[${i}]`)), 0);
}

function assertClose(ours: unknown, torch: unknown, where: string): void {
  const d = worst(ours, torch, where);
  assert.ok(d < TOLERANCE, `${where} differs from torch by ${d}`);
}

async function opened(dir: string): Promise<OpenedRun> {
  const o = await openRun(dir);
  assert.ok('run' in o, 'error' in o ? o.error : '');
  return o.run;
}

function assertInspection(got: RunInspection, want: Scenario['samples'][number], where: string): void {
  assert.equal(got.layers.length, want.layers.length);
  got.layers.forEach((layer, l) => {
    const g = want.layers[l];
    assert.equal(layer.kind, g.kind);
    assertClose(layer.h, g.h, `${where} layer ${l} h`);
    assert.equal(layer.c === undefined, g.c === undefined, `${where} layer ${l}: c only for lstm`);
    if (g.c) assertClose(layer.c, g.c, `${where} layer ${l} c`);
    assert.deepEqual(
      Object.keys(layer.gates ?? {}),
      Object.keys(g.gates ?? {}),
      `${where} layer ${l}: gates in PyTorch's order`,
    );
    for (const [gate, values] of Object.entries(g.gates ?? {}))
      assertClose(layer.gates![gate], values, `${where} layer ${l} gate ${gate}`);
  });
  assertClose(got.output, want.output, `${where} output`);
}

describe(`predict and inspect equal a torch.nn forward pass (torch ${golden.torch}, float64)`, () => {
  for (const s of golden.scenarios) {
    it(s.name, async () => {
      const run = await opened(runFor(s));
      const predictions = predictRun(run);
      assert.equal(predictions.which, 'all', 'no validation split: every sample');
      assert.equal(predictions.samples.length, s.samples.length);
      predictions.samples.forEach((p, b) => {
        // A last-step model's output is (O); the golden file keeps it as one row.
        assertClose(s.output === 'sequence' ? p.output : [p.output], s.samples[b].output, `sample ${b} prediction`);
        assert.deepEqual(p.inputShape, [s.x[0].length, s.x[0][0].length]);
      });
      for (let b = 0; b < s.samples.length; b++) {
        const got = await inspectRun(run, { sample: b });
        assert.ok(!('error' in got), 'error' in got ? got.error : '');
        assertInspection(got, s.samples[b], `sample ${b}`);
      }
    });
  }

  it('rnn-lab inspect --json and predict --json print the same numbers', { timeout: TEST_TIMEOUT_MS }, async () => {
    const s = golden.scenarios[1]; // lstm → lstm → softmax at every step
    const dir = runFor(s);
    const inspect = await runChild(process.execPath, [CLI, 'inspect', dir, '--sample', '2', '--json']);
    assert.equal(inspect.code, 0, inspect.stderr);
    const doc = JSON.parse(inspect.stdout);
    assert.equal(doc.type, 'inspection');
    assert.deepEqual(doc.input, { shape: [5, 2], sample: 2, which: 'all' });
    assertInspection(doc, s.samples[2], 'CLI sample 2');
    const predict = await runChild(process.execPath, [CLI, 'predict', dir, '--json']);
    assert.equal(predict.code, 0, predict.stderr);
    const lines = predict.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    const rows = lines.filter((l) => l.type === 'prediction');
    assert.equal(rows.length, 3);
    rows.forEach((r, b) => {
      assertClose(r.output, s.samples[b].output, `CLI prediction ${b}`);
      assert.deepEqual(r.target, (s.y as number[][][])[b]);
      assert.deepEqual(r.inputShape, [5, 2]);
    });
    const summary = lines[lines.length - 1];
    assert.equal(summary.type, 'summary');
    assert.equal(summary.samples, 3);
    assert.ok(summary.accuracy >= 0 && summary.accuracy <= 1);
  });
});
