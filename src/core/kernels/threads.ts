// Matrix products split across threads over the model's one shared WebAssembly memory. The
// model's thread and H helper threads each run their own instance of the kernels module on
// that memory; a product C (m×n) is cut into row slices, one per thread, so every element of C
// is still summed by one thread in the same order: results are identical for any thread count.
//
// Coordination is a small control block of Int32s on a SharedArrayBuffer, not messages (a
// per-step product of a medium model takes ~0.2 ms; a message round trip would cost as much):
//   [GENERATION] bumped by the model's thread for each product; helpers wait on it
//   [DONE]       bumped by a helper when it finished a slice; the model's thread waits on it
//   [STOP]       1 ends the helpers' loops
//   then one slot per helper: READY (set by the helper once running; cleared by the model's
//   thread if it gives up on it), JOB (the generation of its latest job), FINISHED (the
//   generation it last completed), the kernel and its 11 arguments.
// A helper that has not started yet gets no rows; one that stops answering (its thread died)
// is given up after HELPER_TIMEOUT_MS and its rows computed on the model's thread.
// Pure: Atomics and WebAssembly only. Starting the threads is the host's (src/threads/).

const GENERATION = 0;
const DONE = 1;
const STOP = 2;
const SLOTS = 4;
const READY = 0;
const JOB = 1;
const FINISHED = 2;
const KERNEL = 3;
const ARGS = 4;
const SLOT_INTS = ARGS + 11;
/** Spin this long (ms) for the next product before sleeping: products come back to back. */
const SPIN_MS = 0.2;
const HELPER_TIMEOUT_MS = 10_000;

/** Which kernel a helper's slot asks for. */
export const KernelId = { None: 0, Sgemm: 1, Dgemm: 2 } as const;
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

interface HelperExports {
  sgemm: GemmExport;
  dgemm: GemmExport;
  setPackArea: (area: number) => void;
}

/** A helper thread's whole life: wait for a product, compute its rows, report, until told to stop. */
export function runKernelHelper(setup: KernelHelperSetup): void {
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
  Atomics.store(control, slot + READY, 1);
  for (;;) {
    waitForChange(control, GENERATION, seen);
    seen = Atomics.load(control, GENERATION);
    if (Atomics.load(control, STOP) === 1) return;
    if (Atomics.load(control, slot + JOB) !== seen || Atomics.load(control, slot + READY) !== 1) continue;
    const gemm = control[slot + KERNEL] === KernelId.Sgemm ? kernels.sgemm : kernels.dgemm;
    const s = slot + ARGS;
    gemm(
      control[s],
      control[s + 1],
      control[s + 2],
      control[s + 3],
      control[s + 4],
      control[s + 5],
      control[s + 6],
      control[s + 7],
      control[s + 8],
      control[s + 9],
      control[s + 10],
    );
    Atomics.store(control, slot + FINISHED, seen);
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

/** The model thread's side: hands row slices of a product to the helpers and does its own. */
export class KernelTeam {
  private readonly control: Int32Array;
  readonly setups: KernelHelperSetup[];
  private stop: (() => void) | undefined;

  /** packAreas: one reserved area per helper in the shared memory. */
  constructor(module: WebAssembly.Module, memory: WebAssembly.Memory, packAreas: readonly number[]) {
    const control = new SharedArrayBuffer((SLOTS + packAreas.length * SLOT_INTS) * 4);
    this.control = new Int32Array(control);
    this.setups = packAreas.map((packArea, index) => ({ module, memory, control, index, packArea }));
  }

  get helpers(): number {
    return this.setups.length;
  }

  start(threads: ComputeThreads): void {
    this.stop = threads.start(this.setups);
  }

  /**
   * C (m×n) = or += A·B by the kernel `own` (the model thread's export), A's element (i, p) at
   * byte a + (i·ars + p·aks)·elementBytes: one row slice per ready helper, aligned to the
   * kernel's 4-row tiles, and the last slice on this thread. Blocks until every slice is written.
   */
  gemm(
    kernel: KernelId,
    own: GemmExport,
    elementBytes: number,
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
  ): void {
    const control = this.control;
    const ready = this.setups.filter((h) => Atomics.load(control, SLOTS + h.index * SLOT_INTS + READY) === 1);
    const rows = Math.ceil(m / (ready.length + 1) / 4) * 4;
    const slice = (r0: number, r1: number): Parameters<GemmExport> => [
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
    const generation = Atomics.load(control, GENERATION) + 1;
    const sent: { slot: number; r0: number; r1: number }[] = [];
    for (const [i, h] of ready.entries()) {
      const r0 = Math.min(m, i * rows);
      const r1 = Math.min(m, r0 + rows);
      if (r1 <= r0) break;
      const slot = SLOTS + h.index * SLOT_INTS;
      control[slot + KERNEL] = kernel;
      control.set(slice(r0, r1), slot + ARGS);
      Atomics.store(control, slot + JOB, generation);
      sent.push({ slot, r0, r1 });
    }
    Atomics.store(control, GENERATION, generation);
    Atomics.notify(control, GENERATION);
    const r0 = Math.min(m, ready.length * rows);
    if (r0 < m) own(...slice(r0, m));
    const started = performance.now();
    for (;;) {
      const done = Atomics.load(control, DONE);
      const pending = sent.filter((j) => Atomics.load(control, j.slot + FINISHED) !== generation);
      if (pending.length === 0) return;
      const waited = performance.now() - started;
      if (waited > HELPER_TIMEOUT_MS) {
        // Those helpers stopped answering: never use them again, and do their rows here.
        for (const j of pending) {
          Atomics.store(control, j.slot + READY, 0);
          own(...slice(j.r0, j.r1));
        }
        return;
      }
      if (waited > SPIN_MS) Atomics.wait(control, DONE, done, 50);
    }
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
