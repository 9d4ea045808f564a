// The fast path's inner matrix products, in AssemblyScript compiled to WebAssembly SIMD
// (scripts/build-wasm.mjs). Every operand lives in the trainer's own wasm memory (see
// ../wasmMemory.ts), so a call passes byte addresses and nothing is copied.
//
// One kernel per dtype does all the work: C (m×n) = or += A (m×k) · B (k×n), row-major, A
// read through strides so that xᵀ·δ (A stored transposed) costs nothing extra. δ·Wᵀ first
// transposes W into a scratch area, an O(size) step next to the O(m·k·n) product (and the rnn
// layer transposes Wh once per backward pass, not once per step).
//
// Register blocking: a 4-row × 2-vector tile of C stays in 8 vector registers while k runs, so
// each step loads 2 vectors of B and 4 broadcast scalars of A (load_splat: a load, not a
// shuffle) for 8 multiply-adds. Each strip of B (k × 2 vectors) is first packed contiguously,
// then swept by every row tile: unit-stride loads, +25–30 % measured. Row panels of MC rows
// keep a slab of A in L2. Measured here and left out: 5- and 6-row tiles (register spills),
// unrolling k by 2, other MC/KC sizes (within noise).
//
// The elementwise work of each float32 time step (tanh, lstm and gru gates) is in steps.as.ts,
// and whole recurrences (a gemm and a step per time step, for a slice of batch rows) in
// sequence.as.ts.

const MC: i32 = 64;
/** k is cut into chunks of KC so that a tile's strip of B (KC × 8) stays in L1. */
const KC: i32 = 256;

/** Packed strips of B live here, below the tensors (KC rows × 32 bytes). */
const PACK_BYTES: usize = 256 * 32;

export * from './steps.as';
export * from './sequence.as';

/**
 * Where this instance packs strips of B. Every thread has its own instance (globals are per
 * instance) over the one shared memory, so each needs its own area: the model's thread uses the
 * one below the tensors, helper threads one the model reserves for each (setPackArea).
 */
let packArea: usize = 0;

/** Where the model's tensors may start; also gives the model thread's instance its pack area. */
export function heapBase(): usize {
  packArea = (__heap_base + 63) & ~63;
  return packArea + PACK_BYTES;
}

export function packAreaBytes(): usize {
  return PACK_BYTES;
}

export function setPackArea(area: usize): void {
  packArea = area;
}

// ── C (m×n) = or += A (m×k) · B (k×n), generic over f32 (4 lanes) and f64 (2 lanes) ─────────

/**
 * c + a·b. The relaxed-SIMD build (scripts/build-wasm.mjs compiles this file twice) fuses it
 * into one FMA for float32, which rounds once instead of twice: results differ from the plain
 * build by rounding only. float64 never fuses, so it stays equal to the reference to 1e-12.
 */
@inline function madd<T>(c: v128, a: v128, b: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD && sizeof<T>() == 4) return v128.relaxed_madd<T>(a, b, c);
  return v128.add<T>(c, v128.mul<T>(a, b));
}
// A tile is 4 rows × 2 vectors: 8 columns of f32, 4 of f64. T's size gives the lane count.

@inline function tile4<T>(a: usize, ars: usize, aks: usize, b: usize, ldb: usize, c: usize, ldc: usize, k: i32, acc: bool): void {
  let c00 = v128.splat<T>(0), c01 = v128.splat<T>(0), c10 = v128.splat<T>(0), c11 = v128.splat<T>(0);
  let c20 = v128.splat<T>(0), c21 = v128.splat<T>(0), c30 = v128.splat<T>(0), c31 = v128.splat<T>(0);
  let pa = a;
  let pb = b;
  for (let p = 0; p < k; p++) {
    const b0 = v128.load(pb);
    const b1 = v128.load(pb, 16);
    let av = v128.load_splat<T>(pa);
    c00 = madd<T>(c00, av, b0);
    c01 = madd<T>(c01, av, b1);
    av = v128.load_splat<T>(pa + ars);
    c10 = madd<T>(c10, av, b0);
    c11 = madd<T>(c11, av, b1);
    av = v128.load_splat<T>(pa + 2 * ars);
    c20 = madd<T>(c20, av, b0);
    c21 = madd<T>(c21, av, b1);
    av = v128.load_splat<T>(pa + 3 * ars);
    c30 = madd<T>(c30, av, b0);
    c31 = madd<T>(c31, av, b1);
    pa += aks;
    pb += ldb;
  }
  if (acc) {
    c00 = v128.add<T>(c00, v128.load(c)); c01 = v128.add<T>(c01, v128.load(c, 16));
    c10 = v128.add<T>(c10, v128.load(c + ldc)); c11 = v128.add<T>(c11, v128.load(c + ldc, 16));
    c20 = v128.add<T>(c20, v128.load(c + 2 * ldc)); c21 = v128.add<T>(c21, v128.load(c + 2 * ldc, 16));
    c30 = v128.add<T>(c30, v128.load(c + 3 * ldc)); c31 = v128.add<T>(c31, v128.load(c + 3 * ldc, 16));
  }
  v128.store(c, c00); v128.store(c, c01, 16);
  v128.store(c + ldc, c10); v128.store(c + ldc, c11, 16);
  v128.store(c + 2 * ldc, c20); v128.store(c + 2 * ldc, c21, 16);
  v128.store(c + 3 * ldc, c30); v128.store(c + 3 * ldc, c31, 16);
}

@inline function row1<T>(a: usize, aks: usize, b: usize, ldb: usize, c: usize, k: i32, acc: bool): void {
  let c0 = v128.splat<T>(0), c1 = v128.splat<T>(0);
  let pb = b;
  for (let p = 0; p < k; p++) {
    const av = v128.load_splat<T>(a + <usize>p * aks);
    c0 = madd<T>(c0, av, v128.load(pb));
    c1 = madd<T>(c1, av, v128.load(pb, 16));
    pb += ldb;
  }
  if (acc) {
    c0 = v128.add<T>(c0, v128.load(c));
    c1 = v128.add<T>(c1, v128.load(c, 16));
  }
  v128.store(c, c0);
  v128.store(c, c1, 16);
}

/**
 * C (m×n) = or += A (m×k) · B (k×n), strides in elements: element (i, p) of A is at
 * a[i·ars + p·aks] — (lda, 1) for A, (1, lda) for a stored Aᵀ, so xᵀ·δ needs no transposition.
 */
@inline function gemm<T>(a: usize, ars: i32, aks: i32, b: usize, ldb: i32, c: usize, ldc: i32, m: i32, k: i32, n: i32, acc: bool): void {
  const size = <usize>sizeof<T>();
  if (k == 0 && !acc) {
    for (let i = 0; i < m; i++) memory.fill(c + <usize>i * <usize>ldc * size, 0, <usize>n * size);
    return;
  }
  // Chunks of k: the first writes C (or accumulates when asked), the others accumulate.
  for (let p0 = 0; p0 < k; p0 += KC) {
    gemmChunk<T>(a + <usize>p0 * <usize>aks * size, ars, aks, b + <usize>p0 * <usize>ldb * size, ldb, c, ldc, m, min(KC, k - p0), n, acc || p0 > 0);
  }
}

@inline function gemmChunk<T>(a: usize, ars: i32, aks: i32, b: usize, ldb: i32, c: usize, ldc: i32, m: i32, k: i32, n: i32, acc: bool): void {
  const size = <usize>sizeof<T>();
  const width = 32 / <i32>sizeof<T>(); // columns of a tile: two vectors
  const ra = <usize>ars * size, ka = <usize>aks * size, lb = <usize>ldb * size, lc = <usize>ldc * size;
  const nTiles = n - n % width;
  for (let i0 = 0; i0 < m; i0 += MC) {
    const iEnd = min(i0 + MC, m);
    for (let j = 0; j < nTiles; j += width) {
      // Pack the strip B[0..k, j..j+width] contiguously: unit-stride loads for every row tile.
      const pack = packArea;
      let src = b + <usize>j * size;
      for (let p = 0; p < k; p++) {
        v128.store(pack + (<usize>p << 5), v128.load(src));
        v128.store(pack + (<usize>p << 5), v128.load(src, 16), 16);
        src += lb;
      }
      const bj = pack;
      let i = i0;
      for (; i + 4 <= iEnd; i += 4) tile4<T>(a + <usize>i * ra, ra, ka, bj, 32, c + <usize>i * lc + <usize>j * size, lc, k, acc);
      for (; i < iEnd; i++) row1<T>(a + <usize>i * ra, ka, bj, 32, c + <usize>i * lc + <usize>j * size, k, acc);
    }
    // Columns left over by the tiles (n mod width; all of them for a 1-unit readout).
    for (let i = i0; i < iEnd; i++) {
      const ai = a + <usize>i * ra;
      for (let j = nTiles; j < n; j++) {
        let s: T = <T>0;
        let pb = b + <usize>j * size;
        for (let p = 0; p < k; p++) {
          s += load<T>(ai + <usize>p * ka) * load<T>(pb);
          pb += lb;
        }
        const cij = c + <usize>i * lc + <usize>j * size;
        store<T>(cij, acc ? load<T>(cij) + s : s);
      }
    }
  }
}

/** dst (cols×rows) = srcᵀ, src (rows×cols) with leading dimension lds; dst is dense. */
@inline function transpose<T>(src: usize, lds: i32, dst: usize, rows: i32, cols: i32): void {
  const size = <usize>sizeof<T>();
  const ls = <usize>lds * size;
  const ld = <usize>rows * size;
  // 8×8 blocks keep both sides' lines in cache.
  for (let i0 = 0; i0 < rows; i0 += 8) {
    const iEnd = min(i0 + 8, rows);
    for (let j0 = 0; j0 < cols; j0 += 8) {
      const jEnd = min(j0 + 8, cols);
      for (let i = i0; i < iEnd; i++) {
        for (let j = j0; j < jEnd; j++) store<T>(dst + <usize>j * ld + <usize>i * size, load<T>(src + <usize>i * ls + <usize>j * size));
      }
    }
  }
}

export function sgemm(a: usize, ars: i32, aks: i32, b: usize, ldb: i32, c: usize, ldc: i32, m: i32, k: i32, n: i32, acc: bool): void {
  gemm<f32>(a, ars, aks, b, ldb, c, ldc, m, k, n, acc);
}

export function dgemm(a: usize, ars: i32, aks: i32, b: usize, ldb: i32, c: usize, ldc: i32, m: i32, k: i32, n: i32, acc: bool): void {
  gemm<f64>(a, ars, aks, b, ldb, c, ldc, m, k, n, acc);
}

export function stranspose(src: usize, lds: i32, dst: usize, rows: i32, cols: i32): void {
  transpose<f32>(src, lds, dst, rows, cols);
}

export function dtranspose(src: usize, lds: i32, dst: usize, rows: i32, cols: i32): void {
  transpose<f64>(src, lds, dst, rows, cols);
}

// ── sums[j] += Σ_r A[r, j] over columns [j0, j1): bias gradients ────────────────────────────
// Rows are added in order, one at a time, into sums itself: the reference's order and
// rounding (linalg.columnSums), for any slice of columns — threads split the columns.

@inline function columnSums<T>(a: usize, rows: i32, cols: i32, sums: usize, j0: i32, j1: i32): void {
  const size = <usize>sizeof<T>();
  const lanes = 16 / <i32>size;
  const la = <usize>cols * size;
  let j = j0;
  // Four vectors (one 64-byte line of f32) per pass down the rows.
  for (; j + 4 * lanes <= j1; j += 4 * lanes) {
    const s = sums + <usize>j * size;
    let s0 = v128.load(s), s1 = v128.load(s, 16), s2 = v128.load(s, 32), s3 = v128.load(s, 48);
    let p = a + <usize>j * size;
    for (let r = 0; r < rows; r++) {
      s0 = v128.add<T>(s0, v128.load(p));
      s1 = v128.add<T>(s1, v128.load(p, 16));
      s2 = v128.add<T>(s2, v128.load(p, 32));
      s3 = v128.add<T>(s3, v128.load(p, 48));
      p += la;
    }
    v128.store(s, s0); v128.store(s, s1, 16); v128.store(s, s2, 32); v128.store(s, s3, 48);
  }
  for (; j + lanes <= j1; j += lanes) {
    const s = sums + <usize>j * size;
    let s0 = v128.load(s);
    let p = a + <usize>j * size;
    for (let r = 0; r < rows; r++) {
      s0 = v128.add<T>(s0, v128.load(p));
      p += la;
    }
    v128.store(s, s0);
  }
  for (; j < j1; j++) {
    const s = sums + <usize>j * size;
    let s0 = load<T>(s);
    let p = a + <usize>j * size;
    for (let r = 0; r < rows; r++) {
      s0 += load<T>(p);
      p += la;
    }
    store<T>(s, s0);
  }
}

export function scolumnSums(a: usize, rows: i32, cols: i32, sums: usize, j0: i32, j1: i32): void {
  columnSums<f32>(a, rows, cols, sums, j0, j1);
}

export function dcolumnSums(a: usize, rows: i32, cols: i32, sums: usize, j0: i32, j1: i32): void {
  columnSums<f64>(a, rows, cols, sums, j0, j1);
}
