// The fast path's inner matrix products, in AssemblyScript compiled to WebAssembly SIMD
// (scripts/build-wasm.mjs). Every operand lives in the trainer's own wasm memory (see
// ../wasmMemory.ts), so a call passes byte addresses and nothing is copied.
//
// One kernel per dtype does all the work: C (m×n) = or += A (m×k) · B (k×n), row-major with
// leading dimensions. The transposed products BPTT needs (xᵀ·δ, δ·Wᵀ) first transpose the
// transposed operand into a scratch area, an O(size) step next to the O(m·k·n) product.
//
// Register blocking: a 4-row × 2-vector tile of C stays in 8 vector registers while k runs, so
// each step loads 2 vectors of B and 4 scalars of A for 8 multiply-adds. Row panels of MC rows
// keep a slab of A in L2 while the column tiles of B sweep across it.

const MC: i32 = 64;

export function heapBase(): usize {
  return __heap_base;
}

// ── float32: tiles of 4 rows × 8 columns (two f32x4) ──────────────────────────────────────

@inline function tile4x8f32(a: usize, lda: usize, b: usize, ldb: usize, c: usize, ldc: usize, k: i32, acc: bool): void {
  let c00 = f32x4.splat(0), c01 = f32x4.splat(0), c10 = f32x4.splat(0), c11 = f32x4.splat(0);
  let c20 = f32x4.splat(0), c21 = f32x4.splat(0), c30 = f32x4.splat(0), c31 = f32x4.splat(0);
  let pa = a;
  let pb = b;
  for (let p = 0; p < k; p++) {
    const b0 = v128.load(pb);
    const b1 = v128.load(pb, 16);
    let av = f32x4.splat(load<f32>(pa));
    c00 = f32x4.add(c00, f32x4.mul(av, b0));
    c01 = f32x4.add(c01, f32x4.mul(av, b1));
    av = f32x4.splat(load<f32>(pa + lda));
    c10 = f32x4.add(c10, f32x4.mul(av, b0));
    c11 = f32x4.add(c11, f32x4.mul(av, b1));
    av = f32x4.splat(load<f32>(pa + 2 * lda));
    c20 = f32x4.add(c20, f32x4.mul(av, b0));
    c21 = f32x4.add(c21, f32x4.mul(av, b1));
    av = f32x4.splat(load<f32>(pa + 3 * lda));
    c30 = f32x4.add(c30, f32x4.mul(av, b0));
    c31 = f32x4.add(c31, f32x4.mul(av, b1));
    pa += 4;
    pb += ldb;
  }
  if (acc) {
    c00 = f32x4.add(c00, v128.load(c)); c01 = f32x4.add(c01, v128.load(c, 16));
    c10 = f32x4.add(c10, v128.load(c + ldc)); c11 = f32x4.add(c11, v128.load(c + ldc, 16));
    c20 = f32x4.add(c20, v128.load(c + 2 * ldc)); c21 = f32x4.add(c21, v128.load(c + 2 * ldc, 16));
    c30 = f32x4.add(c30, v128.load(c + 3 * ldc)); c31 = f32x4.add(c31, v128.load(c + 3 * ldc, 16));
  }
  v128.store(c, c00); v128.store(c, c01, 16);
  v128.store(c + ldc, c10); v128.store(c + ldc, c11, 16);
  v128.store(c + 2 * ldc, c20); v128.store(c + 2 * ldc, c21, 16);
  v128.store(c + 3 * ldc, c30); v128.store(c + 3 * ldc, c31, 16);
}

@inline function row1x8f32(a: usize, b: usize, ldb: usize, c: usize, k: i32, acc: bool): void {
  let c0 = f32x4.splat(0), c1 = f32x4.splat(0);
  let pb = b;
  for (let p = 0; p < k; p++) {
    const av = f32x4.splat(load<f32>(a + (<usize>p << 2)));
    c0 = f32x4.add(c0, f32x4.mul(av, v128.load(pb)));
    c1 = f32x4.add(c1, f32x4.mul(av, v128.load(pb, 16)));
    pb += ldb;
  }
  if (acc) {
    c0 = f32x4.add(c0, v128.load(c));
    c1 = f32x4.add(c1, v128.load(c, 16));
  }
  v128.store(c, c0);
  v128.store(c, c1, 16);
}

/** C (m×n) = or += A (m×k) · B (k×n); lda, ldb, ldc in elements. */
export function sgemm(a: usize, lda: i32, b: usize, ldb: i32, c: usize, ldc: i32, m: i32, k: i32, n: i32, acc: bool): void {
  const la = <usize>lda << 2, lb = <usize>ldb << 2, lc = <usize>ldc << 2;
  const n8 = n & ~7;
  for (let i0 = 0; i0 < m; i0 += MC) {
    const iEnd = min(i0 + MC, m);
    for (let j = 0; j < n8; j += 8) {
      const bj = b + (<usize>j << 2);
      let i = i0;
      for (; i + 4 <= iEnd; i += 4) tile4x8f32(a + <usize>i * la, la, bj, lb, c + <usize>i * lc + (<usize>j << 2), lc, k, acc);
      for (; i < iEnd; i++) row1x8f32(a + <usize>i * la, bj, lb, c + <usize>i * lc + (<usize>j << 2), k, acc);
    }
    // Columns left over by the 8-wide tiles (n mod 8; all of them for a 1-unit readout).
    for (let i = i0; i < iEnd; i++) {
      const ai = a + <usize>i * la;
      for (let j = n8; j < n; j++) {
        let s: f32 = 0;
        let pb = b + (<usize>j << 2);
        for (let p = 0; p < k; p++) {
          s += load<f32>(ai + (<usize>p << 2)) * load<f32>(pb);
          pb += lb;
        }
        const cij = c + <usize>i * lc + (<usize>j << 2);
        store<f32>(cij, acc ? load<f32>(cij) + s : s);
      }
    }
  }
}

/** dst (cols×rows) = srcᵀ, src (rows×cols) with leading dimension lds; dst is dense. */
export function stranspose(src: usize, lds: i32, dst: usize, rows: i32, cols: i32): void {
  const ls = <usize>lds << 2;
  const ld = <usize>rows << 2;
  // 8×8 blocks keep both sides' lines in cache.
  for (let i0 = 0; i0 < rows; i0 += 8) {
    const iEnd = min(i0 + 8, rows);
    for (let j0 = 0; j0 < cols; j0 += 8) {
      const jEnd = min(j0 + 8, cols);
      for (let i = i0; i < iEnd; i++) {
        for (let j = j0; j < jEnd; j++) store<f32>(dst + <usize>j * ld + (<usize>i << 2), load<f32>(src + <usize>i * ls + (<usize>j << 2)));
      }
    }
  }
}

// ── float64: tiles of 4 rows × 4 columns (two f64x2) ──────────────────────────────────────

@inline function tile4x4f64(a: usize, lda: usize, b: usize, ldb: usize, c: usize, ldc: usize, k: i32, acc: bool): void {
  let c00 = f64x2.splat(0), c01 = f64x2.splat(0), c10 = f64x2.splat(0), c11 = f64x2.splat(0);
  let c20 = f64x2.splat(0), c21 = f64x2.splat(0), c30 = f64x2.splat(0), c31 = f64x2.splat(0);
  let pa = a;
  let pb = b;
  for (let p = 0; p < k; p++) {
    const b0 = v128.load(pb);
    const b1 = v128.load(pb, 16);
    let av = f64x2.splat(load<f64>(pa));
    c00 = f64x2.add(c00, f64x2.mul(av, b0));
    c01 = f64x2.add(c01, f64x2.mul(av, b1));
    av = f64x2.splat(load<f64>(pa + lda));
    c10 = f64x2.add(c10, f64x2.mul(av, b0));
    c11 = f64x2.add(c11, f64x2.mul(av, b1));
    av = f64x2.splat(load<f64>(pa + 2 * lda));
    c20 = f64x2.add(c20, f64x2.mul(av, b0));
    c21 = f64x2.add(c21, f64x2.mul(av, b1));
    av = f64x2.splat(load<f64>(pa + 3 * lda));
    c30 = f64x2.add(c30, f64x2.mul(av, b0));
    c31 = f64x2.add(c31, f64x2.mul(av, b1));
    pa += 8;
    pb += ldb;
  }
  if (acc) {
    c00 = f64x2.add(c00, v128.load(c)); c01 = f64x2.add(c01, v128.load(c, 16));
    c10 = f64x2.add(c10, v128.load(c + ldc)); c11 = f64x2.add(c11, v128.load(c + ldc, 16));
    c20 = f64x2.add(c20, v128.load(c + 2 * ldc)); c21 = f64x2.add(c21, v128.load(c + 2 * ldc, 16));
    c30 = f64x2.add(c30, v128.load(c + 3 * ldc)); c31 = f64x2.add(c31, v128.load(c + 3 * ldc, 16));
  }
  v128.store(c, c00); v128.store(c, c01, 16);
  v128.store(c + ldc, c10); v128.store(c + ldc, c11, 16);
  v128.store(c + 2 * ldc, c20); v128.store(c + 2 * ldc, c21, 16);
  v128.store(c + 3 * ldc, c30); v128.store(c + 3 * ldc, c31, 16);
}

@inline function row1x4f64(a: usize, b: usize, ldb: usize, c: usize, k: i32, acc: bool): void {
  let c0 = f64x2.splat(0), c1 = f64x2.splat(0);
  let pb = b;
  for (let p = 0; p < k; p++) {
    const av = f64x2.splat(load<f64>(a + (<usize>p << 3)));
    c0 = f64x2.add(c0, f64x2.mul(av, v128.load(pb)));
    c1 = f64x2.add(c1, f64x2.mul(av, v128.load(pb, 16)));
    pb += ldb;
  }
  if (acc) {
    c0 = f64x2.add(c0, v128.load(c));
    c1 = f64x2.add(c1, v128.load(c, 16));
  }
  v128.store(c, c0);
  v128.store(c, c1, 16);
}

export function dgemm(a: usize, lda: i32, b: usize, ldb: i32, c: usize, ldc: i32, m: i32, k: i32, n: i32, acc: bool): void {
  const la = <usize>lda << 3, lb = <usize>ldb << 3, lc = <usize>ldc << 3;
  const n4 = n & ~3;
  for (let i0 = 0; i0 < m; i0 += MC) {
    const iEnd = min(i0 + MC, m);
    for (let j = 0; j < n4; j += 4) {
      const bj = b + (<usize>j << 3);
      let i = i0;
      for (; i + 4 <= iEnd; i += 4) tile4x4f64(a + <usize>i * la, la, bj, lb, c + <usize>i * lc + (<usize>j << 3), lc, k, acc);
      for (; i < iEnd; i++) row1x4f64(a + <usize>i * la, bj, lb, c + <usize>i * lc + (<usize>j << 3), k, acc);
    }
    for (let i = i0; i < iEnd; i++) {
      const ai = a + <usize>i * la;
      for (let j = n4; j < n; j++) {
        let s: f64 = 0;
        let pb = b + (<usize>j << 3);
        for (let p = 0; p < k; p++) {
          s += load<f64>(ai + (<usize>p << 3)) * load<f64>(pb);
          pb += lb;
        }
        const cij = c + <usize>i * lc + (<usize>j << 3);
        store<f64>(cij, acc ? load<f64>(cij) + s : s);
      }
    }
  }
}

export function dtranspose(src: usize, lds: i32, dst: usize, rows: i32, cols: i32): void {
  const ls = <usize>lds << 3;
  const ld = <usize>rows << 3;
  for (let i0 = 0; i0 < rows; i0 += 8) {
    const iEnd = min(i0 + 8, rows);
    for (let j0 = 0; j0 < cols; j0 += 8) {
      const jEnd = min(j0 + 8, cols);
      for (let i = i0; i < iEnd; i++) {
        for (let j = j0; j < jEnd; j++) store<f64>(dst + <usize>j * ld + (<usize>i << 3), load<f64>(src + <usize>i * ls + (<usize>j << 3)));
      }
    }
  }
}
