// Kernels split across threads over the model's one shared WebAssembly memory. The model's
// thread and H helper threads each run their own instance of the kernels module on that
// memory; a job is cut into slices, one per thread: the rows of a product C (m×n), so every
// element of C is still summed by one thread in the same order; the columns of a column sum;
// or the batch rows of a whole recurrence (wasm/sequence.as.ts), which never meet. Results are
// identical for any thread count.
//
// Coordination is a small control block of Int32s on a SharedArrayBuffer, not messages (a
// per-step product of a medium model takes ~0.2 ms; a message round trip would cost as much):
//   [GENERATION] bumped by the model's thread for each job; helpers wait on it
//   [DONE]       bumped by a helper when it finished a slice; the model's thread waits on it
//   [STOP]       1 ends the helpers' loops
//   then one slot per helper: READY (set by the helper once running; cleared by the model's
//   thread if it gives up on it), JOB (the generation of its latest job), STATE (POSTED by the
//   model's thread, claimed as RUNNING by the helper or REVOKED by the model's thread, by
//   compare-and-swap), FINISHED and FAILED (the generation it last completed, or threw on), the
//   kernel and its arguments (up to MAX_ARGS).
// A helper that has not started yet gets no rows. A slice still POSTED long after ours is done
// (HELPER_TIMEOUT_MS plus 20× our slice's time) is revoked and computed on the model's thread,
// and that helper is used no more. A RUNNING slice is waited for (it is being computed), up to
// RUNNING_TIMEOUT_MS plus 100× our slice's time; past that, or when a helper failed, the team
// revokes what is still POSTED and is broken: an error now and at every later job. The jobs
// write in place (z += h·Wh, dh carried between steps), so computing a slice twice, or from
// half-written buffers, would give wrong results silently.
// Pure: Atomics and WebAssembly only. Starting the threads is the host's (src/threads/).

import type { NativeGemm } from './contract';
import { runNativeRows } from './nativeRows';

const GENERATION = 0;
const DONE = 1;
const STOP = 2;
const SLOTS = 4;
const READY = 0;
const JOB = 1;
const STATE = 2;
const FINISHED = 3;
const FAILED = 4;
const KERNEL = 5;
const ARGS = 6;
/** The most arguments of a kernel a helper runs (ssequenceBackward's). */
const MAX_ARGS = 19;
const SLOT_INTS = ARGS + MAX_ARGS;
const POSTED = 1;
const RUNNING = 2;
const REVOKED = 3;
/** Spin this long (ms) for the next job before sleeping: jobs come back to back. */
const SPIN_MS = 0.2;
const HELPER_TIMEOUT_MS = 10_000;
/** A slice a helper claimed is computing: only a dead thread takes this long (then: an error). */
const RUNNING_TIMEOUT_MS = 600_000;

/** Which kernel a helper's slot asks for (the export of the same name in HelperExports). */
export const KernelId = {
  None: 0,
  Sgemm: 1,
  Dgemm: 2,
  SequenceForward: 3,
  SequenceBackward: 4,
  ScolumnSums: 5,
  DcolumnSums: 6,
  /** A slice of a product on the machine's BLAS (nativeRows.ts): the helper's own NativeGemm. */
  NativeRows: 7,
} as const;
export type KernelId = (typeof KernelId)[keyof typeof KernelId];

/** What a helper thread needs: all of it is structured-cloneable (postMessage, workerData). */
export interface KernelHelperSetup {
  readonly module: WebAssembly.Module;
  readonly memory: WebAssembly.Memory;
  readonly control: SharedArrayBuffer;
  /** 0-based helper index: its slot in the control block. */
  readonly index: number;
  /** Byte address of this helper's own pack area in the shared memory. */
  readonly packArea: number;
  /**
   * The machine's BLAS the model computes its products with (NativeBlas.path), if any: the
   * host's helper loads the same library and passes it to runKernelHelper.
   */
  readonly blas?: string;
}

/** The host's way to run helpers: one thread per setup, each calling runKernelHelper(setup). */
export interface ComputeThreads {
  /** Helper threads beside the model's own (0: single-threaded). */
  readonly helpers: number;
  /** Starts the helpers; returns a function that ends them. */
  start(setups: readonly KernelHelperSetup[]): () => void;
}

/** C (m×n) = or += A·B in one instance of the kernels (byte addresses, strides in elements). */
export type GemmExport = (
  a: number,
  ars: number,
  aks: number,
  b: number,
  ldb: number,
  c: number,
  ldc: number,
  m: number,
  k: number,
  n: number,
  acc: number,
) => void;

/** A kernel export as a helper calls it: its integer arguments, in order (extra ones are ignored). */
type HelperKernel = (...args: number[]) => void;

interface HelperExports {
  sgemm: HelperKernel;
  dgemm: HelperKernel;
  ssequenceForward: HelperKernel;
  ssequenceBackward: HelperKernel;
  scolumnSums: HelperKernel;
  dcolumnSums: HelperKernel;
  setPackArea: (area: number) => void;
}

function helperKernel(kernels: HelperExports, id: number, native: NativeGemm | undefined): HelperKernel {
  switch (id) {
    case KernelId.NativeRows:
      if (!native) throw new Error('no BLAS in this helper');
      return (...args) => runNativeRows(native, args);
    case KernelId.Sgemm:
      return kernels.sgemm;
    case KernelId.Dgemm:
      return kernels.dgemm;
    case KernelId.SequenceForward:
      return kernels.ssequenceForward;
    case KernelId.SequenceBackward:
      return kernels.ssequenceBackward;
    case KernelId.ScolumnSums:
      return kernels.scolumnSums;
    case KernelId.DcolumnSums:
      return kernels.dcolumnSums;
    default:
      throw new Error(`no helper kernel ${id}`);
  }
}

/** Tells the model's thread that this helper takes slices from now on. */
export function announceReady(setup: KernelHelperSetup): void {
  Atomics.store(new Int32Array(setup.control), SLOTS + setup.index * SLOT_INTS + READY, 1);
}

/**
 * A helper thread's whole life: wait for a job, claim and compute its slice, report, until told
 * to stop. `native`: the model's BLAS (setup.blas) as loaded in this thread; a helper that could
 * not load it ends at once without announcing itself, so it gets no slices.
 */
export function runKernelHelper(setup: KernelHelperSetup, native?: NativeGemm): void {
  if (setup.blas && !native) return; // never ready: the model's thread computes without it
  const instance = new WebAssembly.Instance(setup.module, {
    env: {
      memory: setup.memory,
      abort: () => {
        throw new Error('wasm kernel abort');
      },
    },
  });
  const kernels = instance.exports as unknown as HelperExports;
  kernels.setPackArea(setup.packArea);
  const control = new Int32Array(setup.control);
  const slot = SLOTS + setup.index * SLOT_INTS;
  let seen = Atomics.load(control, GENERATION);
  announceReady(setup);
  for (;;) {
    waitForChange(control, GENERATION, seen);
    seen = Atomics.load(control, GENERATION);
    if (Atomics.load(control, STOP) === 1) return;
    if (Atomics.load(control, slot + JOB) !== seen || Atomics.load(control, slot + READY) !== 1) continue;
    // Claim the slice, unless the model's thread revoked it (it computes it itself then).
    if (Atomics.compareExchange(control, slot + STATE, POSTED, RUNNING) !== POSTED) continue;
    let ok = true;
    try {
      helperKernel(kernels, control[slot + KERNEL], native)(...control.subarray(slot + ARGS, slot + ARGS + MAX_ARGS));
    } catch {
      ok = false;
    }
    Atomics.store(control, slot + (ok ? FINISHED : FAILED), seen);
    Atomics.add(control, DONE, 1);
    Atomics.notify(control, DONE);
  }
}

/** Spins briefly, then sleeps, until control[index] is no longer `value`. */
function waitForChange(control: Int32Array, index: number, value: number): void {
  const until = performance.now() + SPIN_MS;
  while (Atomics.load(control, index) === value) {
    if (performance.now() > until) Atomics.wait(control, index, value);
  }
}

/** The model thread's side: hands slices of a job to the helpers and does its own. */
export class KernelTeam {
  private readonly control: Int32Array;
  readonly setups: KernelHelperSetup[];
  private stop: (() => void) | undefined;
  /** Why the team stopped taking jobs, after a helper failed or stopped answering. */
  private broken: string | undefined;

  /** packAreas: one reserved area per helper in the shared memory; blas: the model's BLAS (its path). */
  constructor(module: WebAssembly.Module, memory: WebAssembly.Memory, packAreas: readonly number[], blas?: string) {
    const control = new SharedArrayBuffer((SLOTS + packAreas.length * SLOT_INTS) * 4);
    this.control = new Int32Array(control);
    this.setups = packAreas.map((packArea, index) => ({
      module,
      memory,
      control,
      index,
      packArea,
      ...(blas ? { blas } : {}),
    }));
  }

  get helpers(): number {
    return this.setups.length;
  }

  /** Helpers that have started and not been given up: the ones a job is split across. */
  readyHelpers(): number {
    return this.setups.filter((h) => Atomics.load(this.control, SLOTS + h.index * SLOT_INTS + READY) === 1).length;
  }

  start(threads: ComputeThreads): void {
    this.stop = threads.start(this.setups);
  }

  /**
   * C (m×n) = or += A·B by the kernel `own` (the model thread's export), A's element (i, p) at
   * byte a + (i·ars + p·aks)·elementBytes, in row slices. Blocks until every slice is written.
   */
  gemm(kernel: KernelId, own: GemmExport, elementBytes: number, ...product: Parameters<GemmExport>): void {
    const [a, ars, aks, b, ldb, c, ldc, m, k, n, acc] = product;
    const rowsFrom = (r0: number, r1: number): Parameters<GemmExport> => [
      a + r0 * ars * elementBytes,
      ars,
      aks,
      b,
      ldb,
      c + r0 * ldc * elementBytes,
      ldc,
      r1 - r0,
      k,
      n,
      acc,
    ];
    this.split(kernel, own, m, 4, rowsFrom);
  }

  /**
   * Runs `kernel` on rows (or columns) [0, rows): one slice per ready helper, slice bounds
   * multiples of `align` (a product's 4-row tiles), sizes as even as that allows, and the last
   * slice on this thread by `own`; argsFor gives a slice's arguments. Blocks until every slice
   * is done; throws if a helper failed or stopped answering mid-slice.
   */
  split(
    kernel: KernelId,
    own: HelperKernel,
    rows: number,
    align: number,
    argsFor: (r0: number, r1: number) => number[],
  ): void {
    if (this.broken) throw new Error(this.broken);
    const control = this.control;
    const ready = this.setups.filter((h) => Atomics.load(control, SLOTS + h.index * SLOT_INTS + READY) === 1);
    const parts = ready.length + 1;
    // Bounds at the multiple of align nearest to an even share: slices differ by at most align.
    const bound = (i: number) => (i >= parts ? rows : Math.min(rows, Math.round((i * rows) / parts / align) * align));
    const slices = ready
      .map((h, i) => ({ slot: SLOTS + h.index * SLOT_INTS, r0: bound(i), r1: bound(i + 1) }))
      .filter((j) => j.r1 > j.r0)
      .map((j) => ({ ...j, args: argsFor(j.r0, j.r1) }));
    for (const j of slices)
      if (j.args.length > MAX_ARGS)
        throw new Error(`kernel ${kernel}: ${j.args.length} arguments, at most ${MAX_ARGS}`);
    const generation = (Atomics.load(control, GENERATION) + 1) | 0; // an Int32, as stored: it wraps
    for (const j of slices) {
      control[j.slot + KERNEL] = kernel;
      control.set(j.args, j.slot + ARGS);
      Atomics.store(control, j.slot + STATE, POSTED);
      Atomics.store(control, j.slot + JOB, generation);
    }
    Atomics.store(control, GENERATION, generation);
    Atomics.notify(control, GENERATION);
    const began = performance.now();
    own(...argsFor(bound(parts - 1), rows));
    const started = performance.now();
    const ours = started - began;
    // A helper's slice takes about as long as ours: give up on it only far past that.
    const patience = HELPER_TIMEOUT_MS + 20 * ours;
    const runningPatience = RUNNING_TIMEOUT_MS + 100 * ours;
    let pending = slices;
    for (;;) {
      const done = Atomics.load(control, DONE);
      if (slices.some((j) => Atomics.load(control, j.slot + FAILED) === generation))
        this.fail(pending, `a compute thread failed in its slice of kernel ${kernel}`);
      pending = pending.filter((j) => Atomics.load(control, j.slot + FINISHED) !== generation);
      if (pending.length === 0) return;
      const waited = performance.now() - started;
      if (waited > patience) {
        pending = pending.filter((j) => {
          if (Atomics.compareExchange(control, j.slot + STATE, POSTED, REVOKED) !== POSTED) return true;
          // Never claimed (the helper's thread is gone or starved): ours now, and that helper is used no more.
          Atomics.store(control, j.slot + READY, 0);
          own(...j.args);
          return false;
        });
        if (pending.length > 0 && waited > runningPatience)
          this.fail(
            pending,
            `a compute thread stopped answering: its slice has run ${Math.round(waited)} ms past ours`,
          );
      }
      if (waited > SPIN_MS) Atomics.wait(control, DONE, done, 50);
    }
  }

  /** Revokes the slices not yet claimed, marks the team broken, and throws. */
  private fail(pending: readonly { slot: number }[], message: string): never {
    for (const j of pending) {
      if (Atomics.compareExchange(this.control, j.slot + STATE, POSTED, REVOKED) === POSTED)
        Atomics.store(this.control, j.slot + READY, 0);
    }
    this.broken = `${message} (the training cannot go on: its buffers may be half-written)`;
    throw new Error(this.broken);
  }

  /** Ends the helpers' loops (and their threads, through the host's stopper). */
  dispose(): void {
    Atomics.store(this.control, STOP, 1);
    Atomics.add(this.control, GENERATION, 1);
    Atomics.notify(this.control, GENERATION);
    this.stop?.();
    this.stop = undefined;
  }
}
