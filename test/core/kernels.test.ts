// The fast path (WebAssembly SIMD kernels in the model's own memory) against the reference TS
// loops: every product BPTT uses, on shapes that are not multiples of the 4-row, 8-column or
// 256-deep blocks, then whole trainings. float64 must agree to 1e-12, float32 to 1e-5.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { activate, activationBackward } from '../../src/core/activations';
import { wasmKernelsAvailable, wasmMemory } from '../../src/core/kernels/wasmMemory';
import {
  referenceKernels,
  referenceMemory,
  tensorMemory,
  type Kernels,
  type TensorMemory,
} from '../../src/core/memory';
import { Rng } from '../../src/core/rng';
import type { DType, FloatArray } from '../../src/core/tensor';
import { Trainer, type TrainerConfig } from '../../src/core/trainer';
import { generate } from '../../src/data/generators';
import { closeness } from '../helpers/compare';
import { runStatEpoch } from '../helpers/runEpoch';
import { adam, dense, makeTrainerConfig, rnn, sgd, sineData } from '../helpers/trainerConfig';

const TOLERANCE: Record<DType, number> = { float64: 1e-12, float32: 1e-5 };
const rng = new Rng(99, 'generator');

function filled(mem: TensorMemory, n: number): FloatArray {
  const a = mem.alloc(n);
  for (let i = 0; i < n; i++) a[i] = rng.range(-1, 1);
  return a;
}

const copy = (mem: TensorMemory, a: FloatArray) => {
  const b = mem.alloc(a.length);
  b.set(a);
  return b;
};

// m, k, n: single rows and columns, tails of the 4×8 (4×4) tiles, and k beyond the 256 chunk.
const SHAPES: [number, number, number][] = [
  [1, 1, 1],
  [3, 5, 7],
  [4, 8, 8],
  [5, 9, 13],
  [17, 33, 9],
  [64, 256, 256],
  [7, 300, 19],
  [130, 3, 65],
  [2, 513, 1],
];

/**
 * The build this runtime must pick: plain SIMD on Node 20; relaxed SIMD (FMA) where the runtime
 * has it — test/core/relaxedSimd.test.ts reruns these suites with the flag and says so here.
 */
const EXPECTED_BUILD = process.env.RNN_LAB_EXPECT_KERNELS ?? 'wasm-simd';

it('a trainer takes the WebAssembly SIMD kernels by default where the runtime has them, the reference when told', () => {
  // Node 20 has WebAssembly SIMD: if "auto" fell back here, every user would train 30× slower.
  assert.equal(wasmKernelsAvailable(), true);
  assert.equal(tensorMemory('float32').kernelName, EXPECTED_BUILD);
  assert.equal(tensorMemory('float64', 'auto').kernelName, EXPECTED_BUILD);
  assert.equal(tensorMemory('float32', 'reference').kernelName, 'reference');
});

for (const dtype of ['float64', 'float32'] as const) {
  describe(`fast ${dtype} kernels equal the reference`, () => {
    const fast = wasmMemory(dtype)!;
    const ref = referenceMemory(dtype);
    const tol = TOLERANCE[dtype];

    for (const [m, k, n] of SHAPES) {
      it(`gemm, gemmTN, gemmNT at m=${m} k=${k} n=${n}, with offsets, writing and accumulating`, () => {
        const off = 3; // operands start mid-array, as a time step of a sequence does
        const a = filled(fast, off + m * k);
        const b = filled(fast, off + k * n);
        const c0 = filled(fast, off + m * n);
        /** Runs one product both ways on copies of c0 (the reference on copies of its operands too). */
        const agree = (
          what: string,
          run: (kernels: Kernels, copyOf: (x: FloatArray) => FloatArray, c: FloatArray) => void,
        ) => {
          const c = copy(fast, c0);
          const expected = copy(ref, c0);
          run(fast.kernels, (x) => x, c);
          run(referenceKernels, (x) => copy(ref, x), expected);
          assert.ok(closeness(c, expected) < tol, `${what}: ${closeness(c, expected)}`);
        };
        for (const accumulate of [false, true]) {
          agree(`gemm accumulate=${accumulate}`, (K, own, c) =>
            K.gemm(own(a), off, own(b), off, c, off, m, k, n, accumulate),
          );
        }
        // Aᵀ·B with A (k×m); A·Bᵀ with B (n×k)
        const at = filled(fast, off + k * m);
        agree('gemmTN', (K, own, c) => K.gemmTN(own(at), off, own(b), off, c, off, k, m, n));
        const bt = filled(fast, off + n * k);
        for (const accumulate of [false, true]) {
          agree(`gemmNT accumulate=${accumulate}`, (K, own, c) =>
            K.gemmNT(own(a), off, own(bt), off, c, off, m, k, n, accumulate),
          );
        }
      });
    }

    it('transposes odd shapes exactly', () => {
      for (const [rows, cols] of [
        [1, 1],
        [3, 11],
        [9, 8],
        [64, 256],
        [13, 7],
      ]) {
        const src = filled(fast, rows * cols);
        const dst = fast.alloc(rows * cols);
        const expected = ref.alloc(rows * cols);
        fast.kernels.transpose(src, dst, rows, cols);
        referenceKernels.transpose(copy(ref, src), expected, rows, cols);
        assert.deepEqual(Array.from(dst), Array.from(expected));
      }
    });

    it('sums columns exactly as the reference (rows in order, into the sums), odd widths and offsets', () => {
      for (const [rows, cols] of [
        [1, 1],
        [7, 3],
        [5, 17],
        [33, 40],
        [200, 1027],
      ]) {
        const off = 5;
        const m = filled(fast, off + rows * cols);
        const sums = filled(fast, cols);
        const expected = copy(ref, sums);
        fast.kernels.columnSums(m, off, rows, cols, sums);
        referenceKernels.columnSums(copy(ref, m), off, rows, cols, expected);
        assert.deepEqual(Array.from(sums), Array.from(expected), `${rows}×${cols}`);
      }
    });

    it('multiplies arrays from elsewhere too, with the reference loops', () => {
      const a = filled(ref, 6);
      const b = filled(ref, 6);
      const c = fast.alloc(4);
      const expected = ref.alloc(4);
      const before = (fast as unknown as { fallbacks: number }).fallbacks;
      fast.kernels.gemm(a, 0, b, 0, c, 0, 2, 3, 2, false);
      referenceKernels.gemm(a, 0, b, 0, expected, 0, 2, 3, 2, false);
      assert.deepEqual(Array.from(c), Array.from(expected));
      assert.equal((fast as unknown as { fallbacks: number }).fallbacks, before + 1);
    });
  });
}

describe('fused float32 tanh steps', () => {
  const fast = wasmMemory('float32')!;
  const ref = referenceMemory('float32');

  it('bias + tanh forward matches z + b then Math.tanh, over rows not a multiple of 4 wide', () => {
    const rows = 5;
    const cols = 13;
    const z = fast.alloc(2 * rows * cols);
    for (let i = 0; i < z.length; i++) z[i] = rng.range(-6, 6);
    const b = filled(fast, cols);
    const h = fast.alloc(2 * rows * cols);
    const off = rows * cols; // the second time step
    const zRef = copy(ref, z);
    const hRef = ref.alloc(h.length);
    for (let r = 0; r < rows; r++) for (let j = 0; j < cols; j++) zRef[off + r * cols + j] += b[j];
    activate('tanh', zRef, hRef, off, rows * cols, 0);
    fast.kernels.biasTanh(z, b, h, off, rows, cols);
    assert.ok(closeness(z, zRef) < 1e-7);
    assert.ok(closeness(h, hRef) < 1e-6, `tanh: ${closeness(h, hRef)}`);
  });

  it('backward through tanh matches, and returns ‖dh‖²', () => {
    const n = 37;
    const off = 2 * n;
    const dh = filled(fast, n);
    const above = filled(fast, 3 * n);
    const h = filled(fast, 3 * n);
    const dz = fast.alloc(3 * n);
    const dhRef = copy(ref, dh);
    const dzRef = ref.alloc(3 * n);
    let norm2 = 0;
    for (let i = 0; i < n; i++) {
      dhRef[i] += above[off + i];
      norm2 += dhRef[i] * dhRef[i];
    }
    activationBackward('tanh', h, h, dhRef, 0, dzRef, off, off, n, 0);
    const got = fast.kernels.tanhBackward(dh, above, h, dz, off, n);
    assert.ok(Math.abs(got - norm2) / norm2 < 1e-6);
    assert.ok(closeness(dh, dhRef) < 1e-7);
    assert.ok(closeness(dz, dzRef) < 1e-6);
  });
});

describe('whole trainings: fast path against the reference', () => {
  const data = sineData(45, 11, { noise: 0.05, seed: 1 });
  const seq = generate({ generator: 'copy', samples: 30, steps: 9, length: 2, symbols: 3, validationSplit: 0 }, 2);
  const cases: [string, (dtype: DType) => TrainerConfig][] = [
    [
      'tanh, shared weights, dense readout, SGD with momentum',
      (dtype) =>
        makeTrainerConfig({
          seed: 3,
          dtype,
          train: data,
          model: { layers: [rnn(13), dense(1)] },
          training: { epochs: 4, batchSize: 10, optimizer: sgd(0.05, 0.9) },
        }),
    ],
    [
      'two stacked layers (relu, per-step weights), Adam, clipping',
      (dtype) =>
        makeTrainerConfig({
          seed: 4,
          dtype,
          train: data,
          model: { layers: [rnn(9), rnn(6, 'relu', false), dense(1)] },
          training: { epochs: 4, batchSize: 7, optimizer: adam(0.01), clipNorm: 0.5 },
        }),
    ],
    [
      'sequence output, softmax + cross-entropy',
      (dtype) =>
        makeTrainerConfig({
          seed: 5,
          dtype,
          train: seq,
          model: { layers: [rnn(17), dense(seq.outputSize, 'softmax')], output: 'sequence' },
          training: { epochs: 4, batchSize: 8, loss: 'crossEntropy', optimizer: adam(0.01) },
        }),
    ],
  ];

  for (const dtype of ['float64', 'float32'] as const) {
    for (const [name, config] of cases) {
      it(`${dtype}: ${name}`, () => {
        const fast = new Trainer({ ...config(dtype), kernels: 'wasm' });
        const ref = new Trainer({ ...config(dtype), kernels: 'reference' });
        assert.equal(fast.model.memory.kernelName, EXPECTED_BUILD);
        assert.equal(ref.model.memory.kernelName, 'reference');
        for (let e = 0; e < 4; e++) {
          const a = runStatEpoch(fast);
          const b = runStatEpoch(ref);
          assert.ok(
            Math.abs(a.loss - b.loss) / b.loss < TOLERANCE[dtype],
            `epoch ${e + 1} loss ${a.loss} vs ${b.loss}`,
          );
          for (const layer of Object.keys(b.dhNorms))
            assert.ok(closeness(a.dhNorms[layer], b.dhNorms[layer]) < TOLERANCE[dtype] * 10);
        }
        assert.equal(
          (fast.model.memory as unknown as { fallbacks: number }).fallbacks,
          0,
          'every product ran on the fast kernels',
        );
        fast.model.params.forEach((p, i) => {
          const q = ref.model.params[i];
          assert.ok(closeness(p.value, q.value) < TOLERANCE[dtype], `${p.name}: ${closeness(p.value, q.value)}`);
        });
      });
    }
  }
});

describe('steady state', () => {
  it('allocates every buffer in the first epoch and none after (last partial batch included)', () => {
    const trainer = new Trainer(
      makeTrainerConfig({
        seed: 1,
        dtype: 'float32',
        train: sineData(50, 8, { seed: 1 }),
        validation: sineData(13, 8, { seed: 2 }),
        model: { layers: [rnn(12), dense(1)] },
        training: { epochs: 30, batchSize: 16, optimizer: sgd(0.01) },
      }),
    );
    runStatEpoch(trainer);
    const after1 = trainer.model.memory.allocated;
    for (let e = 0; e < 20; e++) runStatEpoch(trainer);
    assert.equal(trainer.model.memory.allocated, after1);
  });
});
