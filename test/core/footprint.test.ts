// The loader refuses what cannot fit from trainingFootprint's estimate, computed from the
// layer shapes before anything is built: if the estimate drifted from what the trainer really
// allocates, a model could pass validation and then fail to grow its memory mid-run, or be
// refused although it fits. After one epoch (with validation), memory.allocated must equal the
// estimate exactly, and the WebAssembly memory must be no larger than its byte bound.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { splitDataset, type Dataset } from '../../src/core/dataset';
import { batchSizes, TRAINER_MEMORY_BYTES, trainingFootprint } from '../../src/core/footprint';
import { wasmKernelsAvailable } from '../../src/core/kernels/wasmMemory';
import type { LayerSpec } from '../../src/core/model';
import { Trainer, type TrainerConfig } from '../../src/core/trainer';
import type { DType } from '../../src/core/tensor';
import { generate } from '../../src/data/generators';
import { runEpoch } from '../helpers/runEpoch';
import { dense, makeTrainerConfig, rnn, sineData } from '../helpers/trainerConfig';

interface Case {
  readonly name: string;
  readonly layers: LayerSpec[];
  readonly output?: 'last' | 'sequence';
  readonly data?: Dataset;
  readonly batchSize?: number | 'full';
  readonly validationSplit?: number;
  readonly loss?: 'mse' | 'crossEntropy';
  readonly dropout?: number;
}

const copyData = () =>
  generate({ generator: 'copy', samples: 23, steps: 9, length: 3, symbols: 2, validationSplit: 0 }, 0);
const gated = (type: 'lstm' | 'gru', units: number, shareWeights = true): LayerSpec => ({ type, units, shareWeights });

const CASES: Case[] = [
  {
    name: 'rnn + dense, minibatches with a remainder, validation',
    layers: [rnn(5), dense(1)],
    batchSize: 8,
    validationSplit: 0.2,
  },
  { name: 'lstm', layers: [gated('lstm', 6), dense(1)], batchSize: 8, validationSplit: 0.25 },
  { name: 'gru', layers: [gated('gru', 4), dense(1)], batchSize: 'full', validationSplit: 0.1 },
  { name: 'rnn without a dense layer, full batch', layers: [rnn(1)], batchSize: 'full' },
  {
    name: 'stacked gru → lstm → prelu rnn → dense → dense',
    layers: [gated('gru', 3), gated('lstm', 4), rnn(5, 'prelu'), dense(4, 'tanh'), dense(1)],
    batchSize: 5,
    validationSplit: 0.3,
  },
  {
    name: 'per-step weights of rnn, lstm and gru',
    layers: [rnn(3, 'tanh', false), gated('lstm', 2, false), gated('gru', 3, false), dense(1)],
    batchSize: 7,
    validationSplit: 0.2,
  },
  {
    name: 'dropout between stacked layers',
    layers: [gated('lstm', 4), rnn(3), gated('gru', 2), dense(1)],
    batchSize: 8,
    validationSplit: 0.2,
    dropout: 0.3,
  },
  {
    name: 'sequence output, softmax + crossEntropy',
    layers: [gated('lstm', 5), rnn(3, 'relu'), dense(4, 'softmax')],
    output: 'sequence',
    data: copyData(),
    loss: 'crossEntropy',
    batchSize: 6,
    validationSplit: 0.3,
  },
];

function configOf(c: Case, dtype: DType, kernels: 'reference' | 'wasm'): TrainerConfig {
  const data = c.data ?? sineData(30, 6);
  const { train, validation } = splitDataset(data, c.validationSplit ?? 0);
  return makeTrainerConfig({
    dtype,
    kernels,
    train,
    validation,
    model: { layers: c.layers, output: c.output ?? 'last', ...(c.dropout ? { dropout: c.dropout } : {}) },
    training: { batchSize: c.batchSize ?? 8, loss: c.loss ?? 'mse', epochs: 1 },
  });
}

function estimate(config: TrainerConfig) {
  return trainingFootprint(config.model, config.dtype, {
    trainCount: config.train.count,
    validationCount: config.validation?.count ?? 0,
    batchSize: config.training.batchSize,
    sequenceTargets: config.train.sequenceTargets,
  });
}

/** The size of a WebAssembly memory's buffer (the fast memory keeps it private). */
function wasmBytes(trainer: Trainer): number {
  return (trainer.model.memory as unknown as { memory: WebAssembly.Memory }).memory.buffer.byteLength;
}

describe('trainingFootprint against what the trainer allocates', () => {
  for (const c of CASES) {
    it(`${c.name}: every element, reference kernels, float64`, () => {
      const config = configOf(c, 'float64', 'reference');
      const trainer = new Trainer(config);
      runEpoch(trainer);
      const fp = estimate(config);
      assert.equal(fp.elements, trainer.model.memory.allocated);
      assert.equal(
        fp.parameters,
        trainer.model.params.reduce((s, p) => s + p.value.length, 0),
      );
    });
    it(
      `${c.name}: every element and no more bytes than the bound, WebAssembly memory, float32`,
      { skip: !wasmKernelsAvailable() },
      () => {
        const config = configOf(c, 'float32', 'wasm');
        const trainer = new Trainer(config);
        runEpoch(trainer);
        const fp = estimate(config);
        assert.equal(fp.elements, trainer.model.memory.allocated);
        assert.ok(wasmBytes(trainer) <= fp.bytes, `memory ${wasmBytes(trainer)} B > bound ${fp.bytes} B`);
        trainer.dispose();
      },
    );
  }

  it('counts parameters per layer: 400,060,001 for a 20,000-unit rnn with a dense readout, without allocating them', () => {
    const fp = trainingFootprint(
      { inputSize: 1, steps: 20, layers: [rnn(20000), dense(1)], output: 'last' },
      'float64',
      { trainCount: 256, validationCount: 0, batchSize: 'full', sequenceTargets: false },
    );
    assert.equal(fp.parameters, 400_060_001);
    assert.deepEqual(
      fp.layers.map((l) => l.parameters),
      [400_040_000, 20_001],
    );
    assert.ok(fp.bytes > TRAINER_MEMORY_BYTES);
  });

  it('batches as the trainer does: the batch, then the remainder; "full" is the whole training set', () => {
    assert.deepEqual(batchSizes({ trainCount: 30, validationCount: 7, batchSize: 8, sequenceTargets: false }), {
      train: [8, 6],
      validation: [7],
    });
    assert.deepEqual(batchSizes({ trainCount: 30, validationCount: 17, batchSize: 8, sequenceTargets: false }), {
      train: [8, 6],
      validation: [8, 1],
    });
    assert.deepEqual(batchSizes({ trainCount: 5, validationCount: 20, batchSize: 'full', sequenceTargets: false }), {
      train: [5],
      validation: [5],
    });
    assert.deepEqual(batchSizes({ trainCount: 4, validationCount: 0, batchSize: 100, sequenceTargets: false }), {
      train: [4],
      validation: [],
    });
  });

  it("TRAINER_MEMORY_BYTES is the WebAssembly memory's maximum in kernels/wasmMemory.ts", () => {
    const source = readFileSync(path.resolve(__dirname, '../../src/core/kernels/wasmMemory.ts'), 'utf8');
    const pages = Number(/const MAX_PAGES = (\d+);/.exec(source)?.[1]);
    assert.equal(
      TRAINER_MEMORY_BYTES,
      pages * 65536,
      'change TRAINER_MEMORY_BYTES in src/core/footprint.ts with MAX_PAGES',
    );
  });
});
