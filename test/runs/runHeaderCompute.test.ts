// The panel's "Experiment and results" says how a run computed (run.json's compute), and a
// run.json whose compute is not what we write shows no compute row rather than garbage.

import assert from 'node:assert/strict';
import { it } from 'node:test';
import { runHeader } from '../../src/runs/runHeader';
import type { RunRecord } from '../../src/runs/runRecord';

const record = (compute: unknown) => ({ name: 'r', status: 'completed', compute }) as unknown as RunRecord;

it('names the BLAS, the kernels and the threads, and why no BLAS when none computed', () => {
  assert.equal(
    runHeader(record({ kernels: 'wasm-relaxed-simd', blas: 'OpenBLAS 0.3.21', threads: 2, blasNote: 'x' })).compute,
    'OpenBLAS 0.3.21 products, wasm-relaxed-simd kernels, 2 threads',
  );
  assert.equal(
    runHeader(record({ kernels: 'wasm-simd', threads: 1, blasNote: 'no BLAS found' })).compute,
    'wasm-simd kernels, 1 thread (no BLAS found)',
  );
  assert.equal(runHeader(record({ kernels: 'reference', threads: 1 })).compute, 'reference kernels, 1 thread');
});

it('shows nothing for a compute it does not recognise', () => {
  for (const compute of [undefined, null, 'fast', 3, { kernels: 1, threads: 2 }, { kernels: 'wasm-simd' }])
    assert.equal(runHeader(record(compute)).compute, undefined, JSON.stringify(compute));
  assert.equal(
    runHeader(record({ kernels: 'wasm-simd', threads: 1, blas: { evil: true } })).compute,
    'wasm-simd kernels, 1 thread',
  );
});
