// Which products a training computes with the machine's BLAS: the first library found (in the
// order of library.ts) that computes a small product as the reference kernel does and is
// faster than our WebAssembly kernel on the model's own product shapes. The verdict is kept
// per library, precision and shapes for the life of the process (this machine, this library).

import * as linalg from '../core/linalg';
import type { Kernels, NativeBlas } from '../core/kernels/contract';
import { productShapes, type ProductShape } from '../core/kernels/productShapes';
import { wasmMemory } from '../core/kernels/wasmMemory';
import type { DType, FloatArray } from '../core/tensor';
import type { TrainerConfig } from '../core/trainer';
import { blasCandidates, familyOf, loadBlas, type BlasCandidate } from './library';

/** What to use: "off", a path to one library, or undefined (search: docs/speed.md). */
export type BlasRequest = string | undefined;

export interface BlasChoice {
  /** The library that computes the large products; undefined: our WebAssembly kernels. */
  readonly blas?: NativeBlas;
  /** Why not, or what was measured (shown once: the CLI's start line, run.json's compute). */
  readonly note: string;
}

/** RNN_LAB_BLAS: "off", or the path of the library to use (overridden by --blas and rnnLab.blas). */
export function blasRequestFromEnv(env: NodeJS.ProcessEnv = process.env): BlasRequest {
  const value = env.RNN_LAB_BLAS?.trim();
  return value ? value : undefined;
}

export interface ChooseOptions {
  readonly request: BlasRequest;
  readonly dtype: DType;
  /** The model's products (core/kernels/productShapes.ts): the timing runs on these. */
  readonly shapes: readonly ProductShape[];
  /** Where to look when no path is given (tests hide every library with []). */
  readonly candidates?: readonly BlasCandidate[];
  /**
   * Threads the training uses: our kernels split products across them and the BLAS does not, so
   * ours are credited with all of them (perfect scaling: the BLAS must beat that).
   */
  readonly threads?: number;
  /** A library to consider instead of loading (tests: one that computes wrong, one that is slow). */
  readonly load?: (candidate: BlasCandidate) => NativeBlas | string;
}

const verdicts = new Map<string, BlasChoice>();

export function chooseBlas(options: ChooseOptions): BlasChoice {
  const { request } = options;
  if (request?.toLowerCase() === 'off') return { note: 'BLAS off' };
  const candidates = request
    ? [{ family: familyOf(request), file: request }]
    : (options.candidates ?? blasCandidates());
  const load = options.load ?? loadBlas;
  const refused: string[] = [];
  for (const candidate of candidates) {
    const blas = load(candidate);
    if (typeof blas === 'string') {
      if (request) refused.push(blas); // the search's misses are expected: not worth a line each
      continue;
    }
    const threads = Math.max(1, options.threads ?? 1);
    const key = `${request ? 'asked' : 'found'}|${blas.path}|${options.dtype}|${threads}|${options.shapes.map((s) => `${s.m}x${s.k}x${s.n}x${s.count}`).join(',')}`;
    let verdict = verdicts.get(key);
    if (!verdict) {
      verdict = judge(blas, options.dtype, request ? undefined : options.shapes, threads);
      verdicts.set(key, verdict);
    }
    if (verdict.blas) return verdict;
    refused.push(verdict.note);
  }
  if (refused.length === 0) return { note: 'no BLAS found' };
  return { note: refused.join('; ') };
}

/**
 * Checked, then timed: the library if it computes right and faster than ours. A library the
 * user named (no shapes) is only checked: it is used as asked, the same on every run.
 */
function judge(
  blas: NativeBlas,
  dtype: DType,
  shapes: readonly ProductShape[] | undefined,
  threads: number,
): BlasChoice {
  const wrong = checkBlas(blas, dtype);
  if (wrong) return { note: `${blas.library} (${blas.path}) refused: ${wrong}` };
  if (!shapes) return { blas, note: `${blas.library} (${blas.path}), as asked` };
  const timed = timeProducts(blas, dtype, shapes);
  const nativeMs = timed.nativeMs;
  const wasmMs = timed.wasmMs / threads;
  const ours = threads > 1 ? `WebAssembly on ${threads} threads` : 'WebAssembly';
  const figures = `${nativeMs.toFixed(1)} ms vs ${wasmMs.toFixed(1)} ms for ${ours} on this model's products`;
  if (nativeMs >= wasmMs) return { note: `${blas.library} (${blas.path}) not used: slower here, ${figures}` };
  return { blas, note: `${blas.library}: ${figures}` };
}

const CHECK_TOLERANCE: Record<DType, number> = { float32: 1e-5, float64: 1e-12 };

/**
 * undefined when the library's three product forms (A·B, Aᵀ·B, A·Bᵀ, with and without
 * accumulation) match the reference kernels on odd-sized operands; else what differed.
 */
export function checkBlas(blas: NativeBlas, dtype: DType): string | undefined {
  const memory = wasmMemory(dtype, blas);
  if (!memory) return 'WebAssembly kernels are not available to check it against';
  try {
    const [m, k, n] = [7, 13, 5];
    const fill = (a: FloatArray, seed: number) => {
      for (let i = 0; i < a.length; i++) a[i] = Math.sin(seed + i * 0.731) * 0.9;
    };
    const a = memory.alloc(m * k);
    const b = memory.alloc(k * n);
    const c = memory.alloc(k * n + 3);
    const expected = new (dtype === 'float32' ? Float32Array : Float64Array)(c.length);
    type Products = Pick<Kernels, 'gemm' | 'gemmTN' | 'gemmNT'>;
    const cases: [string, (out: FloatArray, kernels: Products) => void][] = [
      ['A·B', (out, kk) => kk.gemm(a, 0, b, 0, out, 3, m, k, n, false)],
      ['A·B accumulated', (out, kk) => kk.gemm(a, 0, b, 0, out, 3, m, k, n, true)],
      ['Aᵀ·B', (out, kk) => kk.gemmTN(a, 0, b, 0, out, 0, 7, 13, 5)], // A as (7×13) read as its (13×7)ᵀ
      ['A·Bᵀ', (out, kk) => kk.gemmNT(a, 0, b, 0, out, 1, 5, 13, 5, false)], // B as (5×13)
    ];
    fill(a, 1);
    fill(b, 2);
    for (const [name, product] of cases) {
      fill(c, 3);
      fill(expected, 3);
      product(expected, linalg);
      product(c, memory.kernels);
      let worst = 0;
      let scale = 0;
      for (let i = 0; i < c.length; i++) {
        worst = Math.max(worst, Math.abs(c[i] - expected[i]));
        scale = Math.max(scale, Math.abs(expected[i]));
      }
      if (!(worst <= CHECK_TOLERANCE[dtype] * Math.max(1, scale)))
        return `${name} differs from the reference kernel by ${worst.toExponential(2)}`;
    }
    return undefined;
  } catch (err) {
    return `its product failed: ${(err as Error).message}`;
  } finally {
    memory.dispose?.();
  }
}

/** Long dimensions beyond this are timed at this size: the ratio holds, start-up stays short. */
const MAX_TIMED_ROWS = 2048;
/** Each shape runs, alternating the two, up to this many times or until this long (ms). */
const SHAPE_RUNS = 5;
const SHAPE_BUDGET_MS = 40;

/**
 * Time per training step of the model's products, weighted by their counts: native, then
 * ours. The two alternate call by call and each keeps its fastest call, so that a machine
 * busy with other work slows both alike rather than whichever ran second.
 */
export function timeProducts(
  blas: NativeBlas,
  dtype: DType,
  shapes: readonly ProductShape[],
): { nativeMs: number; wasmMs: number } {
  const native = wasmMemory(dtype, blas);
  const ours = wasmMemory(dtype);
  if (!native || !ours) return { nativeMs: Infinity, wasmMs: Infinity };
  const totals = [0, 0];
  for (const s of shapes) {
    const m = Math.min(s.m, MAX_TIMED_ROWS);
    const k = Math.min(s.k, MAX_TIMED_ROWS);
    const calls = [native, ours].map((memory) => {
      const a = memory.alloc(m * k).fill(0.5);
      const b = memory.alloc(k * s.n).fill(0.25);
      const c = memory.alloc(m * s.n);
      const call = () => memory.kernels.gemm(a, 0, b, 0, c, 0, m, k, s.n, false);
      call(); // warm-up: page faults, packing buffers, the JIT
      return call;
    });
    const best = [Infinity, Infinity];
    const start = performance.now();
    for (let run = 0; run < SHAPE_RUNS && (run === 0 || performance.now() - start < SHAPE_BUDGET_MS); run++) {
      calls.forEach((call, i) => {
        const t = performance.now();
        call();
        best[i] = Math.min(best[i], performance.now() - t);
      });
    }
    best.forEach((ms, i) => (totals[i] += (ms * s.count * s.m * s.k) / (m * k)));
  }
  native.dispose?.();
  ours.dispose?.();
  return { nativeMs: totals[0], wasmMs: totals[1] };
}

/**
 * A search is skipped when the largest product is below this many multiply-adds: loading and
 * timing a library costs more than it could save (a call costs ~1 µs either way there).
 */
export const SMALL_PRODUCT_MACS = 1 << 18;

/** The BLAS for one training: chooseBlas on the products of its model at its batch size. */
export function chooseTrainingBlas(config: TrainerConfig, request: BlasRequest, threads = 1): BlasChoice {
  if (config.kernels === 'reference') return { note: 'reference kernels' };
  const { batchSize } = config.training;
  const B = Math.max(1, Math.min(batchSize === 'full' ? config.train.count : batchSize, config.train.count));
  const shapes = productShapes(config.model, B);
  if (!request && shapes.every((s) => s.m * s.k * s.n < SMALL_PRODUCT_MACS))
    return { note: 'products too small for a BLAS to pay' };
  return chooseBlas({ request, dtype: config.dtype, shapes, threads });
}
