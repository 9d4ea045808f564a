// A machine's BLAS through koffi (an FFI with prebuilt binaries for every platform VS Code
// runs on): where to look for one, in the documented order (docs/speed.md "The machine's
// BLAS"), and how to load one as the core's NativeBlas. Nothing is compiled; a library that
// is missing, lacks cblas_sgemm/cblas_dgemm, or cannot be loaded is a reason, not an error.

import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import type { NativeBlas, NativeGemm } from '../core/kernels/contract';

/** One place to look: a file name the system's loader resolves, or a path. */
export interface BlasCandidate {
  /** Which library this is ("OpenBLAS", "Accelerate", "MKL", "BLAS"). */
  readonly family: string;
  readonly file: string;
}

const ACCELERATE = '/System/Library/Frameworks/Accelerate.framework/Accelerate';

/**
 * Where to look, in order, after an explicit path (RNN_LAB_BLAS, --blas, rnnLab.blas):
 * Accelerate (macOS), OpenBLAS, MKL, then the system's libblas.so.3 (Linux; used only if it
 * exports cblas_sgemm: the netlib reference BLAS often does not, and is slower than ours).
 */
export function blasCandidates(platform: NodeJS.Platform = process.platform): BlasCandidate[] {
  const of = (family: string, files: string[]) => files.map((file) => ({ family, file }));
  switch (platform) {
    case 'darwin':
      return [
        ...of('Accelerate', [ACCELERATE]),
        ...of('OpenBLAS', [
          'libopenblas.dylib',
          '/opt/homebrew/opt/openblas/lib/libopenblas.dylib',
          '/usr/local/opt/openblas/lib/libopenblas.dylib',
        ]),
        ...of('MKL', ['libmkl_rt.2.dylib', 'libmkl_rt.dylib']),
      ];
    case 'win32':
      return [...of('OpenBLAS', ['libopenblas.dll', 'openblas.dll']), ...of('MKL', ['mkl_rt.2.dll', 'mkl_rt.dll'])];
    default:
      return [
        ...of('OpenBLAS', ['libopenblas.so.0', 'libopenblas.so']),
        ...of('MKL', ['libmkl_rt.so.2', 'libmkl_rt.so']),
        ...of('BLAS', ['libblas.so.3']),
      ];
  }
}

/** The family an explicit path most likely belongs to (for the name shown). */
export function familyOf(file: string): string {
  const base = path.basename(file).toLowerCase();
  if (base.includes('openblas')) return 'OpenBLAS';
  if (base.includes('mkl')) return 'MKL';
  if (base.includes('accelerate')) return 'Accelerate';
  return 'BLAS';
}

/** koffi's module, or why it cannot run here (no binary for this platform in the package). */
type Koffi = typeof import('koffi');
let koffiModule: Koffi | string | undefined;

/**
 * The copy beside the bundle (dist/koffi/, with the binaries the .vsix carries:
 * scripts/koffi-binaries.mjs), else the package (tests and bench under tsx).
 */
function koffi(): Koffi | string {
  if (koffiModule === undefined) {
    const beside = path.join(__dirname, 'koffi', 'index.cjs');
    try {
      koffiModule = createRequire(__filename)(existsSync(beside) ? beside : 'koffi') as Koffi;
    } catch (err) {
      koffiModule = `the FFI module (koffi) cannot load here: ${(err as Error).message.split('\n')[0]}`;
    }
  }
  return koffiModule;
}

const ROW_MAJOR = 101;
const NO_TRANS = 111;
const TRANS = 112;

const GEMM_ARGS = 'int, int, int, int, int, int, ALPHA, uintptr_t, int, uintptr_t, int, ALPHA, uintptr_t, int';
const SGEMM = `void cblas_sgemm(${GEMM_ARGS.replaceAll('ALPHA', 'float')})`;
const DGEMM = `void cblas_dgemm(${GEMM_ARGS.replaceAll('ALPHA', 'double')})`;

const loaded = new Map<string, NativeBlas | string>();

/**
 * The library at `candidate.file` as a NativeBlas pinned to one thread, or why not. Loaded
 * once per process (a library cannot be unloaded safely anyway).
 */
export function loadBlas(candidate: BlasCandidate): NativeBlas | string {
  const known = loaded.get(candidate.file);
  if (known !== undefined) return known;
  const result = load(candidate);
  loaded.set(candidate.file, result);
  return result;
}

function load({ family, file }: BlasCandidate): NativeBlas | string {
  const ffi = koffi();
  if (typeof ffi === 'string') return ffi;
  // One BLAS thread per trainer thread: our threads split the work, the library's would fight them.
  // The variables count where the library reads them at load (a worker's env is its own copy).
  for (const name of ['OPENBLAS_NUM_THREADS', 'MKL_NUM_THREADS', 'VECLIB_MAXIMUM_THREADS']) process.env[name] = '1';
  let lib: ReturnType<Koffi['load']>;
  try {
    lib = ffi.load(file);
  } catch (err) {
    return `${file}: ${(err as Error).message.split('\n')[0]}`;
  }
  const optional = (signature: string) => {
    try {
      return lib.func(signature);
    } catch {
      return undefined;
    }
  };
  const sgemm = optional(SGEMM);
  const dgemm = optional(DGEMM);
  if (!sgemm || !dgemm) return `${file}: no cblas_sgemm/cblas_dgemm (not a CBLAS)`;
  optional('void openblas_set_num_threads(int)')?.(1);
  optional('void MKL_Set_Num_Threads(int)')?.(1);
  const config = optional('const char *openblas_get_config()')?.() as string | undefined;
  const version = config?.match(/^OpenBLAS (\S+)/)?.[1];
  const library = version ? `OpenBLAS ${version}` : family;
  return { library, path: file, bind: binder(ffi, sgemm, dgemm) };
}

/**
 * In a helper thread, the library the trainer's thread has loaded and checked (loadBlas): only
 * its two products are bound, and nothing is looked up that may be missing. A helper can be
 * terminated at any moment (the training ended first), and koffi aborts the whole process when
 * it throws into a thread being terminated — as a failed lookup of an optional symbol did.
 * The thread settings are the process's, made once by loadBlas.
 */
export function loadCheckedBlas(file: string): NativeGemmBinder | string {
  const ffi = koffi();
  if (typeof ffi === 'string') return ffi;
  let lib: ReturnType<Koffi['load']>;
  try {
    lib = ffi.load(file);
  } catch (err) {
    return `${file}: ${(err as Error).message.split('\n')[0]}`;
  }
  return binder(ffi, lib.func(SGEMM), lib.func(DGEMM));
}

/** What binds a loaded library's products to a WebAssembly memory. */
export type NativeGemmBinder = NativeBlas['bind'];

type KoffiFunction = ReturnType<ReturnType<Koffi['load']>['func']>;

function binder(ffi: Koffi, sgemm: KoffiFunction, dgemm: KoffiFunction): NativeGemmBinder {
  return (memory: ArrayBufferLike): NativeGemm => {
    // The memory's base address: fixed, since a shared WebAssembly memory is reserved whole.
    const base = Number(ffi.address(new Uint8Array(memory, 0, 1)));
    return (dtype, transA, transB, m, n, k, a, lda, b, ldb, beta, c, ldc) => {
      const call = dtype === 'float32' ? sgemm : dgemm;
      const ta = transA ? TRANS : NO_TRANS;
      const tb = transB ? TRANS : NO_TRANS;
      call(ROW_MAJOR, ta, tb, m, n, k, 1, base + a, lda, base + b, ldb, beta, base + c, ldc);
    };
  };
}
