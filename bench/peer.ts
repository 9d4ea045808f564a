// One contender of the speed comparison at one size, in its own process (so that its peak RSS
// is its own): `node --import tsx bench/peer.ts PEER SIZE [CELL] [--threads N] [--quick]`.
// Prints one JSON line. Run by bench/speed.ts; asserts nothing.
//   PEER: ours-float32 | ours-float64 | ours-reference-float32 | tfjs-cpu | tfjs-wasm | sgemm-ours | sgemm-tfjs-wasm
//         | ours-blas-float32 | sgemm-ours-blas (our trainer / product with the machine's BLAS: src/blas/)
//         | ours-paired (our float32 rnn, lstm and gru interleaved in this one process: their GFLOP/s ratios)
//         | ours-scaling (our float32 cell on N threads and on one, interleaved: the ratio per round)
//   --threads N: our trainer's threads in all (default 1); tfjs runs with its threads off in Node
//   CELL: rnn (the Elman workload, default) | lstm | gru
//   --quick: one short repeat after a short warm-up (bench/speed.ts --quick: the bench still runs)

import * as path from 'node:path';
import { wasmMemory } from '../src/core/kernels/wasmMemory';
import type { NativeBlas } from '../src/core/memory';
import { batch, type Cell, cellFlopsPerStep, machineBlas, ourTrainer, SIZES, type Size } from './workload';

const quick = process.argv.includes('--quick');
const threadsAt = process.argv.indexOf('--threads');
const threads = threadsAt > 0 ? Number(process.argv[threadsAt + 1]) : 1;
const [peer, sizeName, cellName = 'rnn'] = process.argv
  .slice(2)
  .filter((a, i, all) => a !== '--quick' && a !== '--threads' && all[i - 1] !== '--threads');
const size = SIZES.find((s) => s.name === sizeName) ?? SIZES[0];
const cell = cellName as Cell;
/** A timed repeat runs whole steps for at least this long (at least one step). */
const REPEAT_MS = quick ? 50 : 400;
const REPEATS = quick ? 1 : 5;
/** A slow contender (TensorFlow.js cpu at medium: ~8 s a step) stops after 3 timed repeats past this. */
const TIMED_CAP_MS = 15_000;
/** Rounds of ours-paired: each round times every cell once, back to back. */
const PAIRED_ROUNDS = quick ? 1 : 9;

async function measure(step: () => unknown): Promise<{ stepsPerSecond: number; repeats: number[] }> {
  await repeat(step); // warm-up: compilation, tier-up, buffers for the shape
  const repeats: number[] = [];
  const t0 = performance.now();
  while (repeats.length < Math.min(REPEATS, 3) || (repeats.length < REPEATS && performance.now() - t0 < TIMED_CAP_MS)) {
    repeats.push(await repeat(step));
  }
  const sorted = repeats.slice().sort((a, b) => a - b);
  return { stepsPerSecond: sorted[Math.floor(sorted.length / 2)], repeats };
}

async function repeat(step: () => unknown): Promise<number> {
  const t0 = performance.now();
  let steps = 0;
  do {
    await step();
    steps++;
  } while (performance.now() - t0 < REPEAT_MS);
  return steps / ((performance.now() - t0) / 1000);
}

/** The tfjs layer doing our cell's computation: sigmoid gates (tfjs defaults to hardSigmoid), tanh. */
function tfjsRecurrentLayer(tf: typeof import('@tensorflow/tfjs'), s: Size) {
  const common = { units: s.H, inputShape: [s.T, s.I], returnSequences: false };
  switch (cell) {
    case 'rnn':
      return tf.layers.simpleRNN({ ...common, activation: 'tanh' });
    case 'lstm':
      return tf.layers.lstm({ ...common, activation: 'tanh', recurrentActivation: 'sigmoid' });
    case 'gru':
      // PyTorch (and our gru) apply the reset gate after h·Wh_n (Keras' resetAfter: true); tfjs
      // 4.22 has only resetAfter: false (r ⊙ h before the product; it throws on true): same FLOPs.
      return tf.layers.gru({ ...common, activation: 'tanh', recurrentActivation: 'sigmoid' });
    default:
      throw new Error(`unknown cell ${String(cell satisfies never)}`);
  }
}

async function tfjs(
  backend: 'cpu' | 'wasm',
  s: Size,
): Promise<{ step: () => Promise<unknown>; notes: string; dispose: () => void }> {
  const tf = await import('@tensorflow/tfjs');
  let notes: string;
  if (backend === 'wasm') {
    const wasm = await import('@tensorflow/tfjs-backend-wasm');
    // The .wasm files ship inside the package (dist/); no download.
    wasm.setWasmPaths(`${path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm'))}/`);
    await tf.setBackend('wasm');
    await tf.ready();
    const simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
    const threads = await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT');
    notes = `SIMD ${simd ? 'on' : 'off'}, threads ${threads ? `on (${wasm.getThreadsCount()})` : 'off'}`;
  } else {
    await tf.setBackend('cpu');
    await tf.ready();
    notes = 'pure JS';
  }
  const model = tf.sequential();
  model.add(tfjsRecurrentLayer(tf, s));
  model.add(tf.layers.dense({ units: 1 }));
  model.compile({ optimizer: tf.train.sgd(0.001), loss: 'meanSquaredError' });
  const { x, y } = batch(s);
  // Our batches are time-major (T, B, I); tfjs wants (B, T, I): same numbers, its layout.
  const xb = new Float32Array(s.B * s.T * s.I);
  for (let t = 0; t < s.T; t++)
    for (let b = 0; b < s.B; b++)
      for (let i = 0; i < s.I; i++) xb[(b * s.T + t) * s.I + i] = x[(t * s.B + b) * s.I + i];
  const xs = tf.tensor3d(xb, [s.B, s.T, s.I]);
  const ys = tf.tensor2d(Float32Array.from(y), [s.B, 1]);
  return { step: () => model.trainOnBatch(xs, ys), notes, dispose: () => tf.disposeVariables() };
}

/** GFLOP/s of the best single-thread sgemm each side has, at 512×512×512. */
async function sgemm(which: 'ours' | 'ours-blas' | 'tfjs-wasm'): Promise<number> {
  const N = 512;
  if (which !== 'tfjs-wasm') {
    const mem = wasmMemory('float32', which === 'ours-blas' ? nativeBlas() : undefined)!;
    const a = mem.alloc(N * N).map(() => Math.random() - 0.5);
    const b = mem.alloc(N * N).map(() => Math.random() - 0.5);
    const A = mem.alloc(N * N);
    A.set(a);
    const B = mem.alloc(N * N);
    B.set(b);
    const C = mem.alloc(N * N);
    const { stepsPerSecond } = await measure(() => mem.kernels.gemm(A, 0, B, 0, C, 0, N, N, N, false));
    return (2 * N ** 3 * stepsPerSecond) / 1e9;
  }
  const tf = await import('@tensorflow/tfjs');
  const wasm = await import('@tensorflow/tfjs-backend-wasm');
  wasm.setWasmPaths(`${path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm'))}/`);
  await tf.setBackend('wasm');
  await tf.ready();
  const a = tf.randomUniform([N, N]);
  const b = tf.randomUniform([N, N]);
  const { stepsPerSecond } = await measure(() => tf.tidy(() => tf.matMul(a, b)).dataSync());
  return (2 * N ** 3 * stepsPerSecond) / 1e9;
}

/**
 * Our gated cells' GFLOP/s ÷ our Elman's, per round, with the cells' repeats interleaved in one
 * process: on a shared machine, rows measured minutes apart in separate processes see different
 * loads (their ratio moved by 2× between runs here), back-to-back repeats see nearly the same.
 */
async function paired(): Promise<Partial<Record<Cell, number[]>>> {
  const cells: Cell[] = ['rnn', 'lstm', 'gru'];
  const trainers = cells.map((c) => ourTrainer(size, 'float32', 'wasm', c));
  const gflops = async (i: number) =>
    ((await repeat(() => trainers[i].trainBatch(0, size.B))) * cellFlopsPerStep(size, cells[i])) / 1e9;
  for (let i = 0; i < cells.length; i++) await gflops(i); // warm-up
  const lstm: number[] = [];
  const gru: number[] = [];
  for (let r = 0; r < PAIRED_ROUNDS; r++) {
    const elman = await gflops(0);
    lstm.push((await gflops(1)) / elman);
    gru.push((await gflops(2)) / elman);
  }
  return { lstm, gru };
}

/**
 * Our float32 step on `threads` threads ÷ on one, per round, the two trainers' repeats
 * interleaved in this process: the load of a shared machine moves both alike.
 */
async function scaling(): Promise<number[]> {
  const [one, many] = [1, threads].map((n) => ourTrainer(size, 'float32', 'wasm', cell, n));
  const rate = (t: typeof one) => repeat(() => t.trainBatch(0, size.B));
  await rate(one); // warm-up
  await rate(many);
  const ratios: number[] = [];
  for (let r = 0; r < PAIRED_ROUNDS; r++) ratios.push((await rate(many)) / (await rate(one)));
  many.dispose();
  return ratios;
}

/** The machine's BLAS for the native rows, or an error the row reports. */
function nativeBlas(): NativeBlas {
  const blas = machineBlas();
  if (typeof blas === 'string') throw new Error(blas);
  return blas;
}

async function main(): Promise<void> {
  let result: Record<string, unknown>;
  if (peer.startsWith('sgemm-')) {
    const which = peer === 'sgemm-ours' ? 'ours' : peer === 'sgemm-ours-blas' ? 'ours-blas' : 'tfjs-wasm';
    result = { gflops: await sgemm(which), ...(which === 'ours-blas' ? { notes: nativeBlas().library } : {}) };
  } else if (peer === 'ours-paired') {
    result = { ratios: await paired() };
  } else if (peer === 'ours-scaling') {
    result = { threads, scaling: await scaling() };
  } else if (peer.startsWith('ours-')) {
    const reference = peer.startsWith('ours-reference-');
    const dtype = peer.endsWith('float64') ? 'float64' : 'float32';
    const blas = peer.startsWith('ours-blas-') ? nativeBlas() : undefined;
    const trainer = ourTrainer(size, dtype, reference ? 'reference' : 'wasm', cell, threads, blas);
    const memory = trainer.model.memory;
    result = {
      threads,
      ...(await measure(() => trainer.trainBatch(0, size.B))),
      notes: memory.blas ? `${memory.blas} products, ${memory.kernelName} kernels` : memory.kernelName,
    };
    trainer.dispose();
  } else {
    const t = await tfjs(peer === 'tfjs-wasm' ? 'wasm' : 'cpu', size);
    result = { ...(await measure(t.step)), notes: t.notes };
    t.dispose();
  }
  const maxRssMB = process.resourceUsage().maxRSS / 1024;
  process.stdout.write(`${JSON.stringify({ peer, size: size.name, cell, ...result, maxRssMB })}\n`);
}

main().catch((err: unknown) => {
  process.stdout.write(
    `${JSON.stringify({ peer, size: size.name, cell, error: err instanceof Error ? err.message : String(err) })}\n`,
  );
});
