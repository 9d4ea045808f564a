// The fused step kernels of lstm and gru (WebAssembly SIMD, float32) against their reference
// loops (src/core/pointwise.ts) on widths that are not multiples of the 4 lanes, at a time step
// inside a sequence and at t = 0 (no previous state); then whole lstm and gru trainings, fast
// path against reference, float64 (1e-12) and float32 (1e-5).

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Kernels } from '../../src/core/kernels/contract';
import { wasmMemory } from '../../src/core/kernels/wasmMemory';
import type { LayerSpec } from '../../src/core/model';
import { referenceMemory } from '../../src/core/memory';
import { Rng } from '../../src/core/rng';
import type { DType, FloatArray } from '../../src/core/tensor';
import { Trainer } from '../../src/core/trainer';
import { closeness } from '../helpers/compare';
import { runEpoch } from '../helpers/runEpoch';
import { adam, makeTrainerConfig, sineData } from '../helpers/trainerConfig';

const rng = new Rng(7, 'generator');
const fast = wasmMemory('float32')!;
const ref = referenceMemory('float32');

/** The same random values in the fast memory and the reference one. */
function twin(n: number, scale = 3): [FloatArray, FloatArray] {
  const a = fast.alloc(n);
  const b = ref.alloc(n);
  for (let i = 0; i < n; i++) a[i] = b[i] = rng.range(-scale, scale);
  return [a, b];
}

/** Runs one kernel on twin operands in both memories; every operand must then agree. */
function compare(
  args: (arrays: FloatArray[]) => unknown[],
  call: (k: Kernels, a: unknown[]) => number | void,
  arrays: [FloatArray, FloatArray][],
): void {
  const fastResult = call(fast.kernels, args(arrays.map((p) => p[0])));
  const refResult = call(ref.kernels, args(arrays.map((p) => p[1])));
  if (typeof refResult === 'number')
    assert.ok(
      Math.abs((fastResult as number) - refResult) <= 1e-5 * Math.max(1, refResult),
      `returned ${String(fastResult)} vs ${refResult}`,
    );
  arrays.forEach(([a, b], i) => assert.ok(closeness(a, b) < 1e-5, `operand ${i}: ${closeness(a, b)}`));
}

// (B, H): one row of a vector and a tail, tails only, several rows of odd width.
const SHAPES: [number, number][] = [
  [1, 1],
  [1, 5],
  [3, 7],
  [2, 8],
  [5, 13],
];

describe('gate saturation counts (float32 SIMD against the reference loop)', () => {
  it('count the same values below 0.1 and above 0.9, at the thresholds, NaN and odd widths included', () => {
    const rows = 7;
    const stride = 3 * 13; // a GRU's (T·B, 3·H) activations with H = 13
    const [a, b] = twin(rows * stride, 1.2);
    // values on and around the thresholds as float32 holds them
    const edges = [0.1, 0.9, Math.fround(0.1), Math.fround(0.9), 0.09999999, 0.90000004, NaN, -0, 1];
    edges.forEach((v, i) => (a[5 * i + 2] = b[5 * i + 2] = v));
    for (const [column, width] of [
      [0, 13],
      [13, 13],
      [26, 13],
      [1, 3],
      [0, 39],
    ]) {
      const got = fast.kernels.saturationCounts(a, rows, stride, column, width);
      const want = ref.kernels.saturationCounts(b, rows, stride, column, width);
      assert.deepEqual(got, want, `column ${column}, width ${width}`);
      assert.ok(want.low + want.high > 0);
    }
  });
});

describe('fused float32 lstm and gru steps equal the reference loops', () => {
  for (const [B, H] of SHAPES) {
    for (const t of [0, 2]) {
      it(`lstm forward and backward, B=${B} H=${H}, t=${t}`, () => {
        const T = 3;
        const [z, bx, bh, c, tc, h] = [
          twin(T * B * 4 * H),
          twin(4 * H),
          twin(4 * H),
          twin(T * B * H),
          twin(T * B * H),
          twin(T * B * H),
        ];
        const off = [t * B * 4 * H, t * B * H, (t - 1) * B * H, B, H] as const;
        compare(
          (a) => [...a, ...off],
          (k, a) => k.lstmForward(...(a as Parameters<Kernels['lstmForward']>)),
          [z, bx, bh, c, tc, h],
        );
        const [dh, dc, dz] = [twin(B * H), twin(B * H), twin(T * B * 4 * H)];
        compare(
          (a) => [a[0], a[1], a[2], a[3], a[4], a[5], ...off],
          (k, a) => k.lstmBackward(...(a as Parameters<Kernels['lstmBackward']>)),
          [dh, dc, z, c, tc, dz],
        );
      });
      it(`gru forward and backward, B=${B} H=${H}, t=${t}`, () => {
        const T = 3;
        const [zx, zh, bx, bh, h] = [
          twin(T * B * 3 * H),
          twin(T * B * 3 * H),
          twin(3 * H),
          twin(3 * H),
          twin(T * B * H, 1),
        ];
        compare(
          (a) => [...a, t * B * 3 * H, t * B * H, (t - 1) * B * H, B, H],
          (k, a) => k.gruForward(...(a as Parameters<Kernels['gruForward']>)),
          [zx, zh, bx, bh, h],
        );
        const [dh, dzx, dzh] = [twin(B * H), twin(T * B * 3 * H), twin(T * B * 3 * H)];
        compare(
          (a) => [...a, t * B * 3 * H, (t - 1) * B * H, B, H],
          (k, a) => k.gruBackward(...(a as Parameters<Kernels['gruBackward']>)),
          [dh, zx, zh, h, dzx, dzh],
        );
      });
    }
    it(`dh += above with its norm, n=${B * H}`, () => {
      const [dh, above] = [twin(B * H), twin(3 * B * H)];
      compare(
        (a) => [...a, B * H, B * H],
        (k, a) => k.addAbove(...(a as Parameters<Kernels['addAbove']>)),
        [dh, above],
      );
    });
  }
});

describe('whole lstm and gru trainings: fast path against the reference', () => {
  const data = sineData(45, 11, { noise: 0.05, seed: 1 });
  const cases: [string, LayerSpec[]][] = [
    [
      'lstm, dense readout',
      [
        { type: 'lstm', units: 13, shareWeights: true },
        { type: 'dense', units: 1, activation: 'linear' },
      ],
    ],
    [
      'gru -> lstm (per-step weights) -> gru',
      [
        { type: 'gru', units: 9, shareWeights: true },
        { type: 'lstm', units: 6, shareWeights: false },
        { type: 'gru', units: 1, shareWeights: true },
      ],
    ],
  ];
  const TOLERANCE: Record<DType, number> = { float64: 1e-12, float32: 1e-5 };
  for (const dtype of ['float64', 'float32'] as const) {
    for (const [name, layers] of cases) {
      it(`${dtype}: ${name}`, () => {
        const config = (kernels: 'wasm' | 'reference') =>
          new Trainer(
            makeTrainerConfig({
              seed: 3,
              dtype,
              train: data,
              init: 'pytorch',
              kernels,
              model: { layers },
              training: { epochs: 4, batchSize: 10, optimizer: adam(0.01), clipNorm: 0.5 },
            }),
          );
        const a = config('wasm');
        const b = config('reference');
        for (let e = 0; e < 4; e++) {
          const x = runEpoch(a);
          const y = runEpoch(b);
          assert.ok(
            Math.abs(x.loss - y.loss) / y.loss < TOLERANCE[dtype],
            `epoch ${e + 1} loss ${x.loss} vs ${y.loss}`,
          );
          for (const key of Object.keys(y.dcNorms ?? {}))
            assert.ok(closeness(x.dcNorms![key], y.dcNorms![key]) < TOLERANCE[dtype] * 10);
        }
        assert.equal(
          (a.model.memory as unknown as { fallbacks: number }).fallbacks,
          0,
          'every kernel ran on the fast path',
        );
        a.model.params.forEach((p, i) =>
          assert.ok(closeness(p.value, b.model.params[i].value) < TOLERANCE[dtype], p.name),
        );
      });
    }
  }
});
