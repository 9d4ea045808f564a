// The machine's BLAS (src/blas/): a library that computes right and fast is used for the
// products and trains what the WebAssembly kernels train; one that computes wrong or slower
// is refused; without any, training goes on with WebAssembly and says why.

import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { checkBlas, chooseBlas, chooseTrainingBlas } from '../../src/blas/choose';
import { blasCandidates, loadBlas } from '../../src/blas/library';
import type { NativeBlas, NativeGemm } from '../../src/core/kernels/contract';
import { nativeBlockRows, nativeRowsArgs, runNativeRows } from '../../src/core/kernels/nativeRows';
import { productShapes } from '../../src/core/kernels/productShapes';
import { Trainer } from '../../src/core/trainer';
import type { DType } from '../../src/core/tensor';
import { computeThreads } from '../../src/threads/computeThreads';
import { runChild, TEST_TIMEOUT_MS } from '../helpers/childProcess';
import { runEpoch } from '../helpers/runEpoch';
import { adam, makeTrainerConfig, sineData } from '../helpers/trainerConfig';
import { workspace } from '../helpers/workspace';

const DIST = path.resolve(__dirname, '../../dist');

/** The first library the search finds on this machine (CI installs OpenBLAS), else undefined. */
function machineBlas(): NativeBlas | undefined {
  for (const candidate of blasCandidates()) {
    const blas = loadBlas(candidate);
    if (typeof blas !== 'string') return blas;
  }
  return undefined;
}

const native = machineBlas();
const noBlas = native ? false : 'no BLAS on this machine (install libopenblas0-pthread)';

/**
 * A BLAS written in JS on the bound memory: right, or wrong in one way (it ignores beta, so an
 * accumulated product comes out overwritten), or slow (each call repeated).
 */
function jsBlas(flaw: 'none' | 'ignoresBeta' | 'slow'): NativeBlas {
  return {
    library: `JS BLAS (${flaw})`,
    path: `js:${flaw}`,
    bind(memory): NativeGemm {
      return (dtype, transA, transB, m, n, k, a, lda, b, ldb, beta, c, ldc) => {
        const View = dtype === 'float32' ? Float32Array : Float64Array;
        const w = View.BYTES_PER_ELEMENT;
        const all = new View(memory as ArrayBuffer); // SharedArrayBuffer or ArrayBuffer: both hold the wasm memory
        const [A, B, C] = [a / w, b / w, c / w];
        for (let i = 0; i < m; i++)
          for (let j = 0; j < n; j++) {
            let s = 0;
            for (let repeat = 0; repeat < (flaw === 'slow' ? 50 : 1); repeat++) {
              s = 0;
              for (let p = 0; p < k; p++)
                s += all[A + (transA ? p * lda + i : i * lda + p)] * all[B + (transB ? j * ldb + p : p * ldb + j)];
            }
            all[C + i * ldc + j] = (beta === 1 && flaw !== 'ignoresBeta' ? all[C + i * ldc + j] : 0) + s;
          }
      };
    },
  };
}

const shapes = productShapes(
  { inputSize: 4, steps: 6, layers: [{ type: 'lstm', units: 24, shareWeights: true }], output: 'last' },
  16,
);

describe('the check and the timing before a BLAS is used', () => {
  for (const dtype of ['float32', 'float64'] as DType[]) {
    it(`accepts a library that computes the reference's products (${dtype})`, () => {
      assert.equal(checkBlas(jsBlas('none'), dtype), undefined);
    });

    it(`refuses one whose accumulated product is wrong, and trains with WebAssembly (${dtype})`, () => {
      assert.match(checkBlas(jsBlas('ignoresBeta'), dtype) ?? '', /A·B accumulated differs from the reference/);
      const choice = chooseBlas({ request: 'js', dtype, shapes, load: () => jsBlas('ignoresBeta') });
      assert.equal(choice.blas, undefined);
      assert.match(choice.note, /refused: A·B accumulated differs/);
    });
  }

  it('does not use a library it found that is slower than our kernels on the model’s products', () => {
    const candidates = [{ family: 'BLAS', file: 'js:slow' }];
    const choice = chooseBlas({ request: undefined, candidates, dtype: 'float32', shapes, load: () => jsBlas('slow') });
    assert.equal(choice.blas, undefined);
    assert.match(choice.note, /not used: slower here, [\d.]+ ms vs [\d.]+ ms for WebAssembly/);
  });

  it('uses a library the user named once it passes the check, without timing it', () => {
    const choice = chooseBlas({ request: '/opt/js.so', dtype: 'float32', shapes, load: () => jsBlas('slow') });
    assert.equal(choice.blas?.library, 'JS BLAS (slow)');
    assert.equal(choice.note, 'JS BLAS (slow) (js:slow), as asked');
  });

  it('says why there is none: switched off, a path that does not load, nothing found', () => {
    assert.deepEqual(chooseBlas({ request: 'off', dtype: 'float32', shapes }), { note: 'BLAS off' });
    const missing = chooseBlas({ request: '/nonexistent/libopenblas.so.0', dtype: 'float32', shapes });
    assert.equal(missing.blas, undefined);
    assert.match(missing.note, /^\/nonexistent\/libopenblas\.so\.0: /);
    assert.deepEqual(chooseBlas({ request: undefined, candidates: [], dtype: 'float32', shapes }), {
      note: 'no BLAS found',
    });
  });

  it('a hidden library leaves training on WebAssembly, which trains as before', () => {
    const choice = chooseBlas({ request: '/nonexistent/libblas.so', dtype: 'float64', shapes });
    const hidden = new Trainer(makeTrainerConfig({ blas: choice.blas }));
    const plain = new Trainer(makeTrainerConfig({ blas: undefined }));
    assert.equal(hidden.compute.blas, undefined);
    assert.equal(runEpoch(hidden).loss, runEpoch(plain).loss);
  });
});

describe("training on the machine's BLAS", { skip: noBlas }, () => {
  const lstm = { type: 'lstm', units: 12, shareWeights: true } as const;
  const gru = { type: 'gru', units: 10, shareWeights: true } as const;
  const rnn = { type: 'rnn', units: 9, activation: 'tanh', shareWeights: true } as const;
  const dense = { type: 'dense', units: 1, activation: 'linear' } as const;
  const config = (dtype: DType, blas: NativeBlas | undefined, threads = 1) =>
    makeTrainerConfig({
      dtype,
      blas,
      threads: computeThreads(threads),
      train: sineData(64),
      model: { layers: [lstm, gru, rnn, dense] },
      training: { batchSize: 32, epochs: 3, optimizer: adam(0.01) },
    });

  it('passes the check in both precisions', () => {
    assert.equal(checkBlas(native!, 'float32'), undefined);
    assert.equal(checkBlas(native!, 'float64'), undefined);
  });

  it('float64: losses and weights within 1e-12 of the WebAssembly path (only summation order differs)', () => {
    const a = new Trainer(config('float64', native));
    const b = new Trainer(config('float64', undefined));
    assert.equal(a.compute.blas, native!.library);
    for (let e = 0; e < 3; e++) {
      const [la, lb] = [runEpoch(a).loss, runEpoch(b).loss];
      assert.ok(Math.abs(la - lb) <= 1e-12 * Math.abs(lb), `epoch ${e + 1}: ${la} vs ${lb}`);
    }
    a.model.params.forEach((p, k) => {
      const q = b.model.params[k].value;
      for (let i = 0; i < q.length; i++)
        assert.ok(Math.abs(p.value[i] - q[i]) <= 1e-12 * Math.max(1, Math.abs(q[i])), `${p.name}[${i}]`);
    });
    a.dispose();
    b.dispose();
  });

  it('float32: the same losses within float32 rounding', () => {
    const a = new Trainer(config('float32', native));
    const b = new Trainer(config('float32', undefined));
    for (let e = 0; e < 3; e++) {
      const [la, lb] = [runEpoch(a).loss, runEpoch(b).loss];
      assert.ok(Math.abs(la - lb) <= 1e-4 * Math.abs(lb), `epoch ${e + 1}: ${la} vs ${lb}`);
    }
  });

  for (const dtype of ['float32', 'float64'] as DType[])
    it(`gives the same weights bit for bit with one thread and with three, products split by row blocks (${dtype})`, async () => {
      // Large enough that x·Wx (512 rows) and the rnn's dWh (128 rows) are split across the helpers.
      const big = (threads: number) =>
        new Trainer(
          makeTrainerConfig({
            dtype,
            blas: native,
            threads: computeThreads(threads),
            train: sineData(64),
            model: {
              layers: [
                { type: 'rnn', units: 128, activation: 'tanh', shareWeights: true },
                { type: 'lstm', units: 64, shareWeights: true },
                dense,
              ],
            },
            training: { batchSize: 64, epochs: 3, optimizer: adam(0.001) },
          }),
        );
      const one = big(1);
      const three = big(3);
      await new Promise((resolve) => setTimeout(resolve, 500)); // the helpers start
      for (let e = 0; e < 3; e++) assert.equal(runEpoch(one).loss, runEpoch(three).loss, `epoch ${e + 1}`);
      one.model.params.forEach((p, k) => assert.deepEqual(p.value, three.model.params[k].value, p.name));
      assert.ok(
        (three.model.memory as unknown as { sharedProducts: number }).sharedProducts > 0,
        'no product was split',
      );
      one.dispose();
      three.dispose();
    });

  it('gives the same weights run to run', () => {
    const [a, b] = [new Trainer(config('float32', native)), new Trainer(config('float32', native))];
    for (let e = 0; e < 3; e++) assert.equal(runEpoch(a).loss, runEpoch(b).loss);
  });
});

describe('rnn-lab train as the .vsix ships it (dist/ alone, no node_modules)', () => {
  /** dist/'s CLI, helper and koffi copy in a folder with no node_modules above it. */
  const shipped = () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'rnn-lab-shipped-'));
    for (const name of ['cli.js', 'kernelHelper.js', 'koffi'])
      cpSync(path.join(DIST, name), path.join(dir, name), { recursive: true });
    return dir;
  };
  const experiment = {
    name: 'tiny',
    seed: 0,
    data: { generator: 'sine', samples: 16, steps: 5, validationSplit: 0 },
    model: {
      layers: [
        { type: 'lstm', units: 6 },
        { type: 'dense', units: 1 },
      ],
    },
    training: { epochs: 2, batchSize: 8, loss: 'mse', optimizer: { type: 'sgd', learningRate: 0.01 } },
    trace: { shapes: 'off' },
  };
  const train = async (dist: string, blas: string) => {
    const dir = workspace({ 'tiny.rnn.json': experiment });
    const out = path.join(dir, 'runs');
    const cli = path.join(dist, 'cli.js');
    const result = await runChild(process.execPath, [
      cli,
      'train',
      path.join(dir, 'tiny.rnn.json'),
      '--out',
      out,
      '--blas',
      blas,
    ]);
    assert.equal(result.code, 0, result.stderr);
    const runDir = path.join(
      out,
      readdirSync(out).find((d) => !d.startsWith('.'))!,
    );
    const compute = (
      JSON.parse(readFileSync(path.join(runDir, 'run.json'), 'utf8')) as { compute: Record<string, unknown> }
    ).compute;
    return { compute, stdout: result.stdout };
  };

  it(
    'trains on WebAssembly when the library is hidden, and says why on the start line and in run.json',
    { timeout: TEST_TIMEOUT_MS },
    async () => {
      const { compute, stdout } = await train(shipped(), '/nonexistent/libopenblas.so.0');
      assert.equal(compute.blas, undefined);
      assert.match(String(compute.blasNote), /^\/nonexistent\/libopenblas\.so\.0: /);
      assert.match(stdout, /^compute: wasm-[a-z-]+ kernels, \d threads? \(\/nonexistent\/libopenblas\.so\.0: .*\)$/m);
    },
  );

  it(
    'loads koffi from beside the bundle and computes with the named library',
    { skip: noBlas, timeout: TEST_TIMEOUT_MS },
    async () => {
      const { compute, stdout } = await train(shipped(), native!.path);
      assert.equal(compute.blas, native!.library);
      assert.match(stdout, new RegExp(`^compute: ${native!.library} products, wasm-[a-z-]+ kernels`, 'm'));
    },
  );
});

describe('which trainings look for a BLAS', () => {
  it('a model whose products are all small skips the search, unless a library is named', () => {
    const small = makeTrainerConfig({ dtype: 'float32' });
    assert.deepEqual(chooseTrainingBlas(small, undefined), { note: 'products too small for a BLAS to pay' });
    assert.equal(chooseTrainingBlas(small, 'off').note, 'BLAS off');
    assert.match(chooseTrainingBlas(small, '/nonexistent/libopenblas.so').note, /^\/nonexistent\/libopenblas\.so: /);
  });
});

describe('products on a BLAS in row blocks fixed by their shape', () => {
  /** The calls a slicing of rows [0, m) makes, as (rows, a, c) triples. */
  const calls = (m: number, transA: boolean, cuts: number[]) => {
    const made: string[] = [];
    const record: NativeGemm = (_d, _ta, _tb, rows, _n, _k, a, _lda, _b, _ldb, _beta, c) =>
      made.push(`${rows}@${a}→${c}`);
    const blockRows = nativeBlockRows(m);
    const bounds = [0, ...cuts.map((x) => x * blockRows), m];
    for (let i = 0; i + 1 < bounds.length; i++)
      runNativeRows(
        record,
        nativeRowsArgs(
          false,
          transA,
          false,
          7,
          9,
          1000,
          transA ? m : 9,
          0,
          7,
          1,
          50_000,
          7,
          blockRows,
          bounds[i],
          bounds[i + 1],
        ),
      );
    return made;
  };

  it('makes the same BLAS calls whatever slices of whole blocks the threads take', () => {
    for (const m of [1, 63, 64, 127, 128, 200, 512, 6400])
      for (const transA of [false, true]) {
        const whole = calls(m, transA, []);
        const blocks = Math.ceil(m / nativeBlockRows(m));
        assert.deepEqual(calls(m, transA, blocks > 2 ? [1, 2] : blocks > 1 ? [1] : []), whole, `m ${m}`);
        assert.equal(whole.length, blocks);
      }
  });

  it('keeps blocks of at least 64 rows and at most 16 of them', () => {
    assert.equal(nativeBlockRows(64), 64);
    assert.equal(nativeBlockRows(127), 127);
    assert.equal(nativeBlockRows(128), 64);
    assert.equal(nativeBlockRows(6400), 400);
  });
});
