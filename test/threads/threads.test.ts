// Training on several threads gives exactly the results of one thread: products are split by
// rows of C, so every element is summed by one thread in the same order, bias sums by columns,
// and float32 recurrences by batch rows, which never meet (float64 and float32, every cell
// type). And helpers that never start cost nothing but their absence.

import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { blasCandidates, loadBlas } from '../../src/blas/library';
import type { NativeBlas } from '../../src/core/kernels/contract';
import { announceReady, type ComputeThreads, type KernelId, type KernelTeam } from '../../src/core/kernels/threads';
import { wasmMemory } from '../../src/core/kernels/wasmMemory';
import type { TensorMemory } from '../../src/core/memory';
import type { LayerSpec } from '../../src/core/model';
import type { DType } from '../../src/core/tensor';
import { Trainer } from '../../src/core/trainer';
import { generate } from '../../src/data/generators';
import { computeThreads } from '../../src/threads/computeThreads';
import { runChild, TEST_TIMEOUT_MS } from '../helpers/childProcess';
import { runEpoch } from '../helpers/runEpoch';
import { workspace } from '../helpers/workspace';

// Large enough that x·Wx and h·Wh pass the threshold for splitting (2^19 multiply-adds).
const data = generate({ generator: 'sine', samples: 96, steps: 24, noise: 0.05, validationSplit: 0 }, 1);
const layers: LayerSpec[] = [
  { type: 'lstm', units: 40, shareWeights: true },
  { type: 'gru', units: 36, shareWeights: true },
  { type: 'rnn', units: 64, activation: 'tanh', shareWeights: true },
  { type: 'dense', units: 1, activation: 'linear' },
];

function trainer(dtype: DType, threads?: ComputeThreads, batchSize = 48): Trainer {
  return new Trainer({
    seed: 4,
    dtype,
    trace: 'off',
    train: data,
    init: 'pytorch',
    threads,
    model: { inputSize: 1, steps: 24, layers, output: 'last' },
    training: {
      epochs: 3,
      batchSize,
      shuffle: true,
      loss: 'mse',
      optimizer: { type: 'adam', learningRate: 0.01, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 },
    },
  });
}

const sharedProducts = (t: Trainer) => (t.model.memory as unknown as { sharedProducts: number }).sharedProducts;
const teamOf = (memory: TensorMemory) => (memory as unknown as { team: KernelTeam }).team;

/** Waits until `n` helpers have started (they load their own script and module: slow on a busy machine). */
async function helpersStarted(team: KernelTeam, n: number): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (team.readyHelpers() < n) {
    assert.ok(Date.now() < deadline, `${team.readyHelpers()} of ${n} helpers started after 20 s`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('threads', () => {
  // 48: even slices; 50: batches of 50 and 46 rows, slices of uneven sizes, not multiples of 4.
  for (const [dtype, batchSize] of [
    ['float64', 48],
    ['float32', 48],
    ['float32', 50],
  ] as const) {
    it(`${dtype}, batches of ${batchSize}: three threads train bit for bit as one`, { timeout: 120_000 }, async () => {
      const one = trainer(dtype, undefined, batchSize);
      const three = trainer(dtype, computeThreads(3), batchSize);
      try {
        await helpersStarted(teamOf(three.model.memory), 2);
        for (let e = 0; e < 3; e++) {
          const [a, b] = [runEpoch(three), runEpoch(one)];
          assert.equal(a.loss, b.loss, `epoch ${e + 1}`);
          assert.deepEqual(a.dhNorms, b.dhNorms, `epoch ${e + 1}: ‖∂L/∂h[t]‖`);
          assert.deepEqual(a.dcNorms, b.dcNorms, `epoch ${e + 1}: ‖∂L/∂c[t]‖`);
        }
        assert.ok(sharedProducts(three) > 0, 'products were split across the helpers');
        one.model.params.forEach((p, i) => assert.deepEqual(three.model.params[i].value, p.value, p.name));
      } finally {
        three.dispose();
      }
    });
  }

  it(
    'a helper that announced itself and then hung: its slice is taken back after the timeout, same results',
    { timeout: 60_000 },
    () => {
      // The helper's thread says it is ready and never takes a slice (starved, or gone).
      const hung: ComputeThreads = {
        helpers: 1,
        start: (setups) => {
          for (const setup of setups) announceReady(setup);
          return () => undefined;
        },
      };
      const a = trainer('float32', hung);
      const b = trainer('float32');
      const started = performance.now();
      assert.equal(runEpoch(a).loss, runEpoch(b).loss);
      const firstEpoch = performance.now() - started;
      assert.ok(firstEpoch >= 10_000, `waited ${Math.round(firstEpoch)} ms for the helper first`);
      // Given up once: later epochs do not wait for it again.
      const t0 = performance.now();
      assert.equal(runEpoch(a).loss, runEpoch(b).loss);
      assert.ok(performance.now() - t0 < 5_000, 'no second wait');
      a.model.params.forEach((p, i) => assert.deepEqual(p.value, b.model.params[i].value, p.name));
      a.dispose();
    },
  );

  it(
    'a helper that fails in its slice stops the job with an error, not a silent result',
    { timeout: 60_000 },
    async () => {
      const mem = wasmMemory('float32')!;
      mem.useThreads!(computeThreads(2));
      const team = teamOf(mem);
      try {
        await helpersStarted(team, 1);
        let ours = 0;
        // Kernel id 99 names no kernel: the helper throws in its slice, ours runs.
        assert.throws(
          () =>
            team.split(
              99 as KernelId,
              () => void ours++,
              8,
              1,
              () => [],
            ),
          /a compute thread failed/,
        );
        assert.equal(ours, 1);
        // Its buffers may be half-written: the team takes no more jobs.
        assert.throws(
          () =>
            team.split(
              1,
              () => void ours++,
              8,
              1,
              () => [],
            ),
          /cannot go on/,
        );
        assert.equal(ours, 1);
      } finally {
        mem.dispose!();
      }
    },
  );

  it('helpers that never start leave every product to the trainer, with the same results', () => {
    const absent: ComputeThreads = { helpers: 2, start: () => () => undefined };
    const a = trainer('float64', absent);
    const b = trainer('float64');
    assert.equal(runEpoch(a).loss, runEpoch(b).loss);
    a.dispose();
  });
});

describe('training.threads and --threads', () => {
  const CLI = path.resolve(__dirname, '../../dist/cli.js');

  it(
    'rnn-lab train gives the same run with 1 thread, --threads 2, training.threads 2 and the FMA build, and run.json says which',
    { timeout: TEST_TIMEOUT_MS },
    async () => {
      const experiment = (threads?: number) => ({
        name: 'threads',
        seed: 3,
        dtype: 'float64',
        data: { generator: 'sine', samples: 96, steps: 24, validationSplit: 0.25 },
        model: {
          layers: [
            { type: 'lstm', units: 40 },
            { type: 'dense', units: 1 },
          ],
        },
        training: {
          epochs: 3,
          batchSize: 48,
          loss: 'mse',
          optimizer: { type: 'adam', learningRate: 0.01 },
          ...(threads ? { threads } : {}),
        },
        trace: { shapes: 'off' },
      });
      const dir = workspace({ 'plain.rnn.json': experiment(), 'two.rnn.json': experiment(2) });
      /** Trains FILE with the CLI: its weights (without the run's name) and run.json's compute. */
      const train = async (file: string, flags: string[], nodeFlags: string[] = []) => {
        const out = path.join(dir, `runs-${[...nodeFlags, ...flags].join('') || 'file'}-${path.basename(file)}`);
        const result = await runChild(process.execPath, [
          ...nodeFlags,
          CLI,
          'train',
          path.join(dir, file),
          '--quiet',
          '--json',
          '--out',
          out,
          ...flags,
        ]);
        assert.equal(result.code, 0, result.stderr);
        const runDir = path.join(
          out,
          readdirSync(out).find((d) => !d.startsWith('.'))!,
        );
        return {
          weights: readFileSync(path.join(runDir, 'weights.json'), 'utf8').replace(/"name":"[^"]*",/, ''),
          compute: (JSON.parse(readFileSync(path.join(runDir, 'run.json'), 'utf8')) as { compute: unknown }).compute,
        };
      };
      // Node 22+ has relaxed SIMD on; Node 20 behind a flag.
      const kernels = Number(process.versions.node.split('.')[0]) >= 22 ? 'wasm-relaxed-simd' : 'wasm-simd';
      const off = { blasNote: 'BLAS off' };
      const one = await train('plain.rnn.json', ['--threads', '1', '--blas', 'off']);
      assert.deepEqual(one.compute, { kernels, threads: 1, ...off });
      const two = await train('plain.rnn.json', ['--threads', '2', '--blas', 'off']);
      assert.equal(two.weights, one.weights);
      assert.deepEqual(two.compute, { kernels, threads: 2, ...off });
      const fromFile = await train('two.rnn.json', ['--blas', 'off']);
      assert.equal(fromFile.weights, one.weights);
      assert.deepEqual(fromFile.compute, { kernels, threads: 2, ...off });
      // The CLI takes the FMA build where the runtime has it; float64 never fuses, so the same weights.
      const relaxed = await train(
        'plain.rnn.json',
        ['--threads', '1', '--blas', 'off'],
        ['--experimental-wasm-relaxed-simd'],
      );
      assert.deepEqual(relaxed.compute, { kernels: 'wasm-relaxed-simd', threads: 1, ...off });
      assert.equal(relaxed.weights, one.weights);
      // The machine's BLAS, named: the same weights with one thread and two, and run.json says which.
      const library = blasCandidates()
        .map((c) => ({ file: c.file, blas: loadBlas(c) }))
        .find((c) => typeof c.blas !== 'string');
      if (!library) return;
      const native = await train('plain.rnn.json', ['--threads', '1', '--blas', library.file]);
      const nativeTwo = await train('plain.rnn.json', ['--threads', '2', '--blas', library.file]);
      assert.equal(nativeTwo.weights, native.weights);
      const name = (library.blas as NativeBlas).library;
      assert.deepEqual(nativeTwo.compute, {
        kernels,
        blas: name,
        threads: 2,
        blasNote: `${name} (${library.file}), as asked`,
      });
    },
  );
});
