// The fast path: one WebAssembly memory per model holding all its tensors, multiplied in place
// by the SIMD kernels of wasm/kernels.as.ts. The memory is shared (SharedArrayBuffer-backed),
// so growing it never detaches the typed arrays already handed out; it is only ever used by
// the thread that owns the model.
// With a machine's BLAS (NativeBlas, loaded by the host), the products go to it on the same
// addresses, in row blocks fixed by the product's shape (nativeRows.ts), split across the
// helpers by whole blocks, each helper calling the same library; the step kernels, transposes
// and column sums stay ours.

import type { Kernels, NativeBlas, NativeGemm, SequenceKernels, SequenceStep, TensorMemory } from './contract';
import { KernelId, KernelTeam, type ComputeThreads, type GemmExport } from './threads';
import { nativeBlockRows, nativeRowsArgs, runNativeRows } from './nativeRows';
import { referenceKernels } from './reference';
import type { DType, FloatArray } from '../tensor';
import { KERNELS_RELAXED_WASM_BASE64, KERNELS_WASM_BASE64 } from './wasmBinary.generated';

interface KernelExports {
  heapBase: () => number;
  packAreaBytes: () => number;
  sgemm: GemmExport;
  dgemm: GemmExport;
  stranspose: (src: number, lds: number, dst: number, rows: number, cols: number) => void;
  dtranspose: (src: number, lds: number, dst: number, rows: number, cols: number) => void;
  /** sums[j] += Σ_r a[r, j] for j in [j0, j1): (a, rows, cols, sums, j0, j1). */
  scolumnSums: (...args: number[]) => void;
  dcolumnSums: (...args: number[]) => void;
  sbiasTanh: (z: number, b: number, h: number, rows: number, cols: number) => void;
  stanhBackward: (dh: number, above: number, h: number, dz: number, n: number) => number;
  saddAbove: (dh: number, above: number, n: number) => number;
  slstmForward: (
    z: number,
    bx: number,
    bh: number,
    c: number,
    tc: number,
    h: number,
    cPrev: number,
    hasPrev: number,
    B: number,
    H: number,
  ) => void;
  slstmBackward: (
    dh: number,
    dc: number,
    act: number,
    cPrev: number,
    hasPrev: number,
    tc: number,
    dz: number,
    B: number,
    H: number,
  ) => number;
  sgruForward: (
    zx: number,
    zh: number,
    bx: number,
    bh: number,
    h: number,
    hPrev: number,
    hasPrev: number,
    B: number,
    H: number,
  ) => void;
  sgruBackward: (
    dh: number,
    act: number,
    zh: number,
    h: number,
    hasPrev: number,
    dzx: number,
    dzh: number,
    B: number,
    H: number,
  ) => void;
  ssaturationCounts: (act: number, rows: number, stride: number, column: number, width: number) => number;
  saturationHigh: () => number;
  /** wasm/sequence.as.ts: (step, z, zh, Wh, bx, bh, h, c, tc, B, T, H, r0, r1). */
  ssequenceForward: (...args: number[]) => void;
  /** wasm/sequence.as.ts: (step, dh, dc, above, act, zh, h, c, tc, dzx, dzh, WhT, dhNorm2, dcNorm2, B, T, H, r0, r1). */
  ssequenceBackward: (...args: number[]) => void;
}

/** The step ids of wasm/sequence.as.ts. */
const SEQUENCE_STEP_IDS: Record<SequenceStep, number> = { tanh: 0, lstm: 1, gru: 2 };
const SEQUENCE_GATES: Record<SequenceStep, number> = { tanh: 1, lstm: 4, gru: 3 };

const PAGE = 65536;
/**
 * Products of fewer multiply-adds than this stay on the model's thread: below ~50 µs of work
 * the hand-off to helpers costs about what it saves (small models' per-step products).
 */
const PARALLEL_MIN_MACS = 1 << 19;
/** Column sums of fewer elements than this stay on the model's thread (about as long as such a product). */
const PARALLEL_MIN_SUMS = 1 << 18;
/** 2 GiB of address space reserved; pages are committed as tensors are allocated. */
const MAX_PAGES = 32768;
const ALIGN = 64;

type KernelBuild = { readonly module: WebAssembly.Module; readonly name: 'wasm-simd' | 'wasm-relaxed-simd' };

let compiled: KernelBuild | null | undefined;

/**
 * The kernels' module, compiled once per thread: the relaxed-SIMD build (FMA) where the runtime
 * accepts it (Node 22+, VS Code's Electron, Node 20 with --experimental-wasm-relaxed-simd),
 * else the plain SIMD build; null where WebAssembly SIMD or threads are missing.
 */
function kernelBuild(): KernelBuild | null {
  if (compiled !== undefined) return compiled;
  compiled = null;
  for (const [base64, name] of [
    [KERNELS_RELAXED_WASM_BASE64, 'wasm-relaxed-simd'],
    [KERNELS_WASM_BASE64, 'wasm-simd'],
  ] as const) {
    try {
      const bytes = Uint8Array.from(atob(base64), (ch) => ch.charCodeAt(0));
      if (WebAssembly.validate(bytes)) {
        compiled = { module: new WebAssembly.Module(bytes), name };
        break;
      }
    } catch {
      // this build cannot run here; try the next
    }
  }
  return compiled;
}

export function wasmKernelsAvailable(): boolean {
  return kernelBuild() !== null;
}

/**
 * undefined when this runtime cannot run the kernels (the caller falls back to the reference).
 * With `blas`, the large products are that library's (see the top of this file).
 */
export function wasmMemory(dtype: DType, blas?: NativeBlas): TensorMemory | undefined {
  const build = kernelBuild();
  if (!build) return undefined;
  return new WasmTensorMemory(build, dtype, blas);
}

class WasmTensorMemory implements TensorMemory {
  readonly kernelName: 'wasm-simd' | 'wasm-relaxed-simd';
  readonly kernels: Kernels;
  private readonly memory: WebAssembly.Memory;
  private readonly exports: KernelExports;
  private readonly bytes: number;
  private readonly ArrayType: Float32ArrayConstructor | Float64ArrayConstructor;
  /**
   * The arrays handed out. Ownership is decided by the array, not by its buffer: V8 may return
   * a new SharedArrayBuffer object for the same shared memory (measured), so buffer identity
   * cannot tell.
   */
  private readonly arrays = new WeakSet<FloatArray>();
  private top: number;
  private scratch = 0;
  private scratchLength = 0;
  private readonly module: WebAssembly.Module;
  private team: KernelTeam | undefined;
  readonly blas: string | undefined;
  private readonly blasPath: string | undefined;
  private readonly native: NativeGemm | undefined;

  constructor(
    build: KernelBuild,
    readonly dtype: DType,
    blas?: NativeBlas,
  ) {
    const { module } = build;
    this.module = module;
    this.kernelName = build.name;
    this.memory = new WebAssembly.Memory({ initial: 1, maximum: MAX_PAGES, shared: true });
    const instance = new WebAssembly.Instance(module, {
      env: {
        memory: this.memory,
        abort: () => {
          throw new Error('wasm kernel abort');
        },
      },
    });
    this.exports = instance.exports as unknown as KernelExports;
    this.top = align(this.exports.heapBase());
    this.bytes = dtype === 'float32' ? 4 : 8;
    this.ArrayType = dtype === 'float32' ? Float32Array : Float64Array;
    this.blas = blas?.library;
    this.blasPath = blas?.path;
    this.native = blas?.bind(this.memory.buffer);
    this.kernels = this.native ? { ...this.makeKernels(), ...this.nativeProducts(this.native) } : this.makeKernels();
  }

  allocated = 0;
  /** Products that took the reference loops because an operand was not ours (tests pin this at 0 for training). */
  fallbacks = 0;
  /** Jobs (products, column sums, recurrences) split across helper threads (tests check that threads were used at all). */
  sharedProducts = 0;

  alloc(length: number): FloatArray {
    this.allocated += length;
    const ptr = this.reserve(length * this.bytes);
    const array = new this.ArrayType(this.memory.buffer, ptr, length);
    this.arrays.add(array);
    return array;
  }

  private reserve(byteLength: number): number {
    const ptr = this.top;
    const end = align(ptr + byteLength);
    const have = this.memory.buffer.byteLength;
    if (end > have) {
      this.memory.grow(Math.ceil((end - have) / PAGE));
    }
    this.top = end;
    return ptr; // fresh pages are zero, and nothing is ever handed out twice
  }

  useThreads(threads: ComputeThreads): void {
    if (threads.helpers <= 0 || this.team) return;
    const areas = Array.from({ length: threads.helpers }, () => this.reserve(this.exports.packAreaBytes()));
    this.team = new KernelTeam(this.module, this.memory, areas, this.blasPath);
    this.team.start(threads);
  }

  dispose(): void {
    this.team?.dispose();
    this.team = undefined;
  }

  private norms = 0;
  private normsLength = 0;

  /** An f64 area of `length` (the per-row flow norms of a sequence kernel), reused while large enough. */
  private normsFor(length: number): number {
    if (length > this.normsLength) {
      this.norms = this.reserve(length * 8);
      this.normsLength = length;
    }
    return this.norms;
  }

  /** A dense area for a transposed operand, reused while it is large enough. */
  private scratchFor(length: number): number {
    if (length > this.scratchLength) {
      this.scratch = this.reserve(length * this.bytes);
      this.scratchLength = length;
    }
    return this.scratch;
  }

  /** Arrays from elsewhere (a caller's own buffers, a subarray) take the reference kernels. */
  private owns(...arrays: FloatArray[]): boolean {
    if (arrays.every((a) => this.arrays.has(a))) return true;
    this.fallbacks++;
    return false;
  }

  /** The SIMD step kernels of wasm/steps.as.ts, float32 only (see pointwise.ts for each definition). */
  private floatStepKernels(at: (a: FloatArray, off: number) => number): Partial<Kernels> {
    const e = this.exports;
    const ours = (...arrays: FloatArray[]) => this.owns(...arrays);
    const prev = (off: number) => (off < 0 ? 0 : off);
    const r = referenceKernels;
    return {
      biasTanh: (z, b, h, off, rows, cols) => {
        if (!ours(z, b, h)) return r.biasTanh(z, b, h, off, rows, cols);
        e.sbiasTanh(at(z, off), at(b, 0), at(h, off), rows, cols);
      },
      tanhBackward: (dh, above, h, dz, off, n) => {
        if (!ours(dh, above, h, dz)) return r.tanhBackward(dh, above, h, dz, off, n);
        return e.stanhBackward(at(dh, 0), at(above, off), at(h, off), at(dz, off), n);
      },
      addAbove: (dh, above, off, n) => {
        if (!ours(dh, above)) return r.addAbove(dh, above, off, n);
        return e.saddAbove(at(dh, 0), at(above, off), n);
      },
      lstmForward: (z, bx, bh, c, tc, h, zOff, hOff, cPrevOff, B, H) => {
        if (!ours(z, bx, bh, c, tc, h)) return r.lstmForward(z, bx, bh, c, tc, h, zOff, hOff, cPrevOff, B, H);
        e.slstmForward(
          at(z, zOff),
          at(bx, 0),
          at(bh, 0),
          at(c, hOff),
          at(tc, hOff),
          at(h, hOff),
          at(c, prev(cPrevOff)),
          cPrevOff >= 0 ? 1 : 0,
          B,
          H,
        );
      },
      lstmBackward: (dh, dc, act, c, tc, dz, zOff, hOff, cPrevOff, B, H) => {
        if (!ours(dh, dc, act, c, tc, dz)) return r.lstmBackward(dh, dc, act, c, tc, dz, zOff, hOff, cPrevOff, B, H);
        return e.slstmBackward(
          at(dh, 0),
          at(dc, 0),
          at(act, zOff),
          at(c, prev(cPrevOff)),
          cPrevOff >= 0 ? 1 : 0,
          at(tc, hOff),
          at(dz, zOff),
          B,
          H,
        );
      },
      gruForward: (zx, zh, bx, bh, h, off, hOff, hPrevOff, B, H) => {
        if (!ours(zx, zh, bx, bh, h)) return r.gruForward(zx, zh, bx, bh, h, off, hOff, hPrevOff, B, H);
        e.sgruForward(
          at(zx, off),
          at(zh, off),
          at(bx, 0),
          at(bh, 0),
          at(h, hOff),
          at(h, prev(hPrevOff)),
          hPrevOff >= 0 ? 1 : 0,
          B,
          H,
        );
      },
      saturationCounts: (act, rows, stride, column, width) => {
        if (!ours(act)) return r.saturationCounts(act, rows, stride, column, width);
        const low = e.ssaturationCounts(at(act, 0), rows, stride, column, width);
        return { low, high: e.saturationHigh() };
      },
      gruBackward: (dh, act, zh, h, dzx, dzh, off, hPrevOff, B, H) => {
        if (!ours(dh, act, zh, h, dzx, dzh)) return r.gruBackward(dh, act, zh, h, dzx, dzh, off, hPrevOff, B, H);
        e.sgruBackward(
          at(dh, 0),
          at(act, off),
          at(zh, off),
          at(h, prev(hPrevOff)),
          hPrevOff >= 0 ? 1 : 0,
          at(dzx, off),
          at(dzh, off),
          B,
          H,
        );
      },
    };
  }

  /**
   * Whole recurrences (float32): one call per pass, split by batch rows across the helper
   * threads when the recurrence is large enough; norms summed here in row order, so that any
   * split gives the same figures.
   */
  private sequenceKernels(at: (a: FloatArray, off: number) => number): SequenceKernels {
    const e = this.exports;
    const run = (kernel: KernelId, own: (...args: number[]) => void, B: number, macs: number, args: number[]) => {
      if (this.team && B >= 8 && macs >= PARALLEL_MIN_MACS) {
        this.sharedProducts++;
        this.team.split(kernel, own, B, 1, (r0, r1) => [...args, r0, r1]);
      } else {
        own(...args, 0, B);
      }
    };
    const sumRows = (area: number, B: number, T: number, out: Float64Array) => {
      const perRow = new Float64Array(this.memory.buffer, area, T * B);
      for (let t = 0; t < T; t++) {
        let sum = 0;
        for (let r = 0; r < B; r++) sum += perRow[t * B + r];
        out[t] = Math.sqrt(sum);
      }
    };
    return {
      forward: (step, ws, Wh, bx, bh, B, T, H) => {
        const bias = bh ?? bx;
        if (!this.owns(ws.zx, ws.zh, ws.h, ws.c, ws.tc, Wh, bx, bias)) return false;
        const args = [SEQUENCE_STEP_IDS[step], at(ws.zx, 0), at(ws.zh, 0), at(Wh, 0), at(bx, 0), at(bias, 0)];
        args.push(at(ws.h, 0), at(ws.c, 0), at(ws.tc, 0), B, T, H);
        run(KernelId.SequenceForward, e.ssequenceForward, B, T * B * H * SEQUENCE_GATES[step] * H, args);
        return true;
      },
      backward: (step, ws, WhT, dhAbove, B, T, H, dhNorms, dcNorms) => {
        const buffers = [ws.dh, ws.dc, dhAbove, ws.zx, ws.zh, ws.h, ws.c, ws.tc, ws.dzx, ws.dzh, WhT];
        if (!this.owns(...buffers)) return false;
        const norms = this.normsFor(2 * T * B);
        const args = [SEQUENCE_STEP_IDS[step], ...buffers.map((b) => at(b, 0)), norms, norms + T * B * 8, B, T, H];
        run(KernelId.SequenceBackward, e.ssequenceBackward, B, T * B * H * SEQUENCE_GATES[step] * H, args);
        sumRows(norms, B, T, dhNorms);
        if (step === 'lstm') sumRows(norms + T * B * 8, B, T, dcNorms);
        return true;
      },
    };
  }

  /**
   * The products by the machine's BLAS, one call each; no whole-sequence kernels, so that the
   * layers run their per-step loops and every h[t−1]·Wh is a BLAS product too.
   */
  private nativeProducts(native: NativeGemm): Partial<Kernels> {
    const w = this.bytes;
    const float64 = this.dtype === 'float64';
    const at = (a: FloatArray, off: number) => a.byteOffset + off * w;
    const r = referenceKernels;
    const own = (...args: number[]) => runNativeRows(native, args);
    // C (m×n) = op(A)·op(B) (+ C) in row blocks fixed by m (nativeRows.ts), whole blocks per thread.
    const product = (tA: boolean, tB: boolean, m: number, n: number, k: number, ...rest: number[]) => {
      const [a, lda, b, ldb, beta, c, ldc] = rest;
      const blockRows = nativeBlockRows(m);
      const argsFor = (r0: number, r1: number) =>
        nativeRowsArgs(float64, tA, tB, n, k, a, lda, b, ldb, beta === 1 ? 1 : 0, c, ldc, blockRows, r0, r1);
      if (this.team && m >= 2 * blockRows && m * k * n >= PARALLEL_MIN_MACS) {
        this.sharedProducts++;
        this.team.split(KernelId.NativeRows, own, m, blockRows, argsFor);
      } else {
        own(...argsFor(0, m));
      }
    };
    return {
      sequence: undefined,
      gemm: (a, aOff, b, bOff, c, cOff, m, k, n, accumulate) => {
        if (!this.owns(a, b, c)) return r.gemm(a, aOff, b, bOff, c, cOff, m, k, n, accumulate);
        product(false, false, m, n, k, at(a, aOff), k, at(b, bOff), n, accumulate ? 1 : 0, at(c, cOff), n);
      },
      gemmTN: (a, aOff, b, bOff, c, cOff, k, m, n) => {
        if (!this.owns(a, b, c)) return r.gemmTN(a, aOff, b, bOff, c, cOff, k, m, n);
        product(true, false, m, n, k, at(a, aOff), m, at(b, bOff), n, 1, at(c, cOff), n); // A (k×m) read as Aᵀ
      },
      gemmNT: (a, aOff, b, bOff, c, cOff, m, k, n, accumulate) => {
        if (!this.owns(a, b, c)) return r.gemmNT(a, aOff, b, bOff, c, cOff, m, k, n, accumulate);
        product(false, true, m, n, k, at(a, aOff), k, at(b, bOff), k, accumulate ? 1 : 0, at(c, cOff), n); // B (n×k)
      },
    };
  }

  private makeKernels(): Kernels {
    const e = this.exports;
    const w = this.bytes;
    const own = this.dtype === 'float32' ? e.sgemm : e.dgemm;
    const kernelId = this.dtype === 'float32' ? KernelId.Sgemm : KernelId.Dgemm;
    // C = A·B with A's element (i, p) at a + (i·ars + p·aks)·w: on the model's thread, or in row
    // slices across the helpers for a large enough product (same sums, same order, any split).
    const gemm: GemmExport = (a, ars, aks, b, ldb, c, ldc, m, k, n, acc) => {
      if (this.team && m >= 8 && m * k * n >= PARALLEL_MIN_MACS) {
        this.sharedProducts++;
        this.team.gemm(kernelId, own, w, a, ars, aks, b, ldb, c, ldc, m, k, n, acc);
      } else {
        own(a, ars, aks, b, ldb, c, ldc, m, k, n, acc);
      }
    };
    const transpose = this.dtype === 'float32' ? e.stranspose : e.dtranspose;
    const columnSums = this.dtype === 'float32' ? e.scolumnSums : e.dcolumnSums;
    const columnSumsId = this.dtype === 'float32' ? KernelId.ScolumnSums : KernelId.DcolumnSums;
    const at = (a: FloatArray, off: number) => a.byteOffset + off * w;
    // float32 only: float64 keeps the reference's Math.tanh and Math.exp, so that its fast
    // path equals the reference to 1e-12. Operands from elsewhere take the reference too.
    const steps = this.dtype === 'float32' ? { ...this.floatStepKernels(at), sequence: this.sequenceKernels(at) } : {};
    return {
      ...referenceKernels,
      ...steps,
      gemm: (a, aOff, b, bOff, c, cOff, m, k, n, accumulate) => {
        if (!this.owns(a, b, c)) return referenceKernels.gemm(a, aOff, b, bOff, c, cOff, m, k, n, accumulate);
        gemm(at(a, aOff), k, 1, at(b, bOff), n, at(c, cOff), n, m, k, n, accumulate ? 1 : 0);
      },
      gemmTN: (a, aOff, b, bOff, c, cOff, k, m, n) => {
        if (!this.owns(a, b, c)) return referenceKernels.gemmTN(a, aOff, b, bOff, c, cOff, k, m, n);
        gemm(at(a, aOff), 1, m, at(b, bOff), n, at(c, cOff), n, m, k, n, 1); // A (k×m) read as Aᵀ
      },
      gemmNT: (a, aOff, b, bOff, c, cOff, m, k, n, accumulate) => {
        if (!this.owns(a, b, c)) return referenceKernels.gemmNT(a, aOff, b, bOff, c, cOff, m, k, n, accumulate);
        const t = this.scratchFor(k * n);
        transpose(at(b, bOff), k, t, n, k); // B (n×k) → Bᵀ (k×n)
        gemm(at(a, aOff), k, 1, t, n, at(c, cOff), n, m, k, n, accumulate ? 1 : 0);
      },
      columnSums: (m, off, rows, cols, sums) => {
        if (!this.owns(m, sums)) return referenceKernels.columnSums(m, off, rows, cols, sums);
        const args = [at(m, off), rows, cols, at(sums, 0)];
        // Threads take slices of columns: each column is still summed by one thread, in row order.
        if (this.team && cols >= 8 && rows * cols >= PARALLEL_MIN_SUMS) {
          this.team.split(columnSumsId, columnSums, cols, 16, (j0, j1) => [...args, j0, j1]);
        } else {
          columnSums(...args, 0, cols);
        }
      },
      transpose: (src, dst, rows, cols) => {
        if (!this.owns(src, dst)) return referenceKernels.transpose(src, dst, rows, cols);
        transpose(at(src, 0), cols, at(dst, 0), rows, cols);
      },
    };
  }
}

function align(n: number): number {
  return Math.ceil(n / ALIGN) * ALIGN;
}
