// A product on the machine's BLAS (NativeGemm) in row blocks fixed by its row count alone. A
// BLAS sums in an order that depends on how many rows a call gets (OpenBLAS 0.3.21: splitting a
// 64-row product in two changes ~20 % of the results in the last bit), so the calls must not
// depend on the thread count: one thread makes the same calls in turn that several make at once
// (threads.ts hands each a slice of whole blocks). Blocks of at least 64 rows keep the cost of
// re-reading the other operand per call (the BLAS packs it) near 2 % of the product.

import type { NativeGemm } from './contract';

const MIN_BLOCK_ROWS = 64;
const MAX_BLOCKS = 16;

/** Rows per BLAS call for a product of m rows (C's rows): all of them below 2 blocks' worth. */
export function nativeBlockRows(m: number): number {
  if (m < 2 * MIN_BLOCK_ROWS) return Math.max(1, m);
  return Math.max(MIN_BLOCK_ROWS, Math.ceil(m / MAX_BLOCKS / 4) * 4);
}

/**
 * The integer arguments of a slice of rows, as a helper thread gets them:
 * [float64 ? 1 : 0, transA, transB, m, n, k, a, lda, b, ldb, beta, c, ldc, blockRows] with byte
 * offsets a, b, c into the bound memory, a and c already at the slice's first row.
 */
export type NativeRowsArgs = number[];

/** C rows [r0, r1) of op(A)·op(B) (+ C): the arguments of that slice (elementBytes: 4 or 8). */
export function nativeRowsArgs(
  float64: boolean,
  transA: boolean,
  transB: boolean,
  n: number,
  k: number,
  a: number,
  lda: number,
  b: number,
  ldb: number,
  beta: 0 | 1,
  c: number,
  ldc: number,
  blockRows: number,
  r0: number,
  r1: number,
): NativeRowsArgs {
  const w = float64 ? 8 : 4;
  // Row r of op(A): row r of A, or column r of A (A stored k×m) when transposed.
  const aRow = transA ? r0 * w : r0 * lda * w;
  return [
    float64 ? 1 : 0,
    transA ? 1 : 0,
    transB ? 1 : 0,
    r1 - r0,
    n,
    k,
    a + aRow,
    lda,
    b,
    ldb,
    beta,
    c + r0 * ldc * w,
    ldc,
    blockRows,
  ];
}

/** Computes a slice (nativeRowsArgs) block by block with `native`. */
export function runNativeRows(native: NativeGemm, args: readonly number[]): void {
  const [float64, transA, transB, m, n, k, a, lda, b, ldb, beta, c, ldc, blockRows] = args;
  const w = float64 ? 8 : 4;
  const dtype = float64 ? 'float64' : 'float32';
  for (let r = 0; r < m; r += blockRows) {
    const rows = Math.min(blockRows, m - r);
    const aRow = transA ? r * w : r * lda * w;
    native(
      dtype,
      transA === 1,
      transB === 1,
      rows,
      n,
      k,
      a + aRow,
      lda,
      b,
      ldb,
      beta === 1 ? 1 : 0,
      c + r * ldc * w,
      ldc,
    );
  }
}
