// `npm run bench` (part): our trainer against TensorFlow.js (cpu and wasm backends) and
// PyTorch on the fixed workload of bench/workload.ts, every size, in one run; then the same
// workload with an LSTM or GRU layer in place of the Elman one (not at large), against tfjs wasm
// and PyTorch, and our three cells interleaved in one process for their GFLOP/s ratios.
// Anchors: numpy on Debian's OpenBLAS (sgemm 512³ one thread: the native peak; and the same
// Elman BPTT), with OpenBLAS installed first when missing (as root). RNN Lab, PyTorch and numpy
// run at every thread count of --threads (default 1 and all cores; BLAS pools pinned to it);
// TensorFlow.js in Node has no threads. Each contender runs in its own process (bench/peer.ts,
// bench/torch_peer.py, bench/numpy_peer.py): warm-up, then the median of 5 timed repeats.
// Where a ratio is a target, the contenders alternate, process after process, for 3 rounds.
// Prints a table and writes bench/results.json. Asserts nothing: these machines are noisy, so
// compare the ratios of one run.
//   node --import tsx bench/speed.ts [--sizes tiny,small,medium,large] [--cells rnn,lstm,gru] [--threads 1,2]
//   (default: tiny, small and medium; large is opt-in: TensorFlow.js takes minutes a step there)
//   node --import tsx bench/speed.ts --quick   (tiny only, one short repeat each: it still runs)
//   node --import tsx bench/speed.ts --print   (the table of the last run, from bench/results.json)

import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, tmpdir } from 'node:os';
import * as path from 'node:path';
import { batch, type Cell, cellFlopsPerStep, GATES, machineBlas, SIZES, type Size } from './workload';

const ROOT = path.resolve(__dirname, '..');
const CLI = path.join(ROOT, 'dist', 'cli.js');
const CELLS = Object.keys(GATES) as Cell[];
const quick = process.argv.includes('--quick');
const option = (name: string): string[] | undefined => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1].split(',') : undefined;
};
const wantedSizes = quick ? ['tiny'] : (option('--sizes') ?? ['tiny', 'small', 'medium']);
const sizes = SIZES.filter((s) => wantedSizes.includes(s.name));
const cells = CELLS.filter((c) => (option('--cells') ?? CELLS).includes(c));
const threadCounts = [...new Set((option('--threads') ?? ['1', String(availableParallelism())]).map(Number))]
  .filter((n) => Number.isInteger(n) && n >= 1)
  .sort((a, b) => a - b);
const quickArgs = quick ? ['--quick'] : [];
/** Node 20 runs the relaxed-SIMD (FMA) kernels behind a flag; Node 22+ and VS Code's Electron by default. */
const NODE_FLAGS = Number(process.versions.node.split('.')[0]) < 22 ? ['--experimental-wasm-relaxed-simd'] : [];
/** Contenders that alternate, process after process, where their ratio is a target. */
const ROUNDS = quick ? 1 : 3;

interface PeerResult {
  peer: string;
  size?: string;
  cell?: Cell;
  stepsPerSecond?: number;
  repeats?: number[];
  gflops?: number;
  /** ours-paired: per round, our float32 gated cell's GFLOP/s ÷ our Elman's. */
  ratios?: Partial<Record<Cell, number[]>>;
  notes?: string;
  /** Threads in all (ours: trainer + helpers; PyTorch: set_num_threads and its BLAS pool; numpy: its BLAS pool). */
  threads?: number;
  /** Each alternating round's steps/s, when the contender ran in several (stepsPerSecond: their median). */
  rounds?: number[];
  /** ours-scaling: per round, our steps/s on `threads` threads ÷ on one, interleaved in one process. */
  scaling?: number[];
  maxRssMB?: number;
  error?: string;
}

function node(peer: string, size = 'tiny', cell: Cell = 'rnn', threads = 1): PeerResult {
  process.stderr.write(`  ${peer} ${size} ${cell} ×${threads}…\n`);
  const args = [
    ...NODE_FLAGS,
    '--import',
    'tsx',
    path.join(__dirname, 'peer.ts'),
    peer,
    size,
    cell,
    '--threads',
    String(threads),
    ...quickArgs,
  ];
  const r = spawnSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 24 });
  return lastJson(r.stdout) ?? { peer, size, cell, threads, error: (r.stderr || 'no output').trim().split('\n').pop() };
}

/** Debian's python3-torch (and its numpy) live in /usr/bin/python3; a python3 earlier on PATH may lack them. */
function findPython(module: string): string | undefined {
  for (const py of ['python3', '/usr/bin/python3']) {
    if (spawnSync(py, ['-c', `import ${module}`], { stdio: 'ignore' }).status === 0) return py;
  }
  return undefined;
}

/** A Python peer on `threads` threads: its BLAS and OpenMP pools pinned from the start (the peer pins torch's). */
function python(py: string, script: string, peer: string, args: string[], threads: number): PeerResult {
  process.stderr.write(`  ${peer} ${args.join(' ')} ×${threads}…\n`);
  const n = String(threads);
  const env = { ...process.env, OPENBLAS_NUM_THREADS: n, OMP_NUM_THREADS: n, MKL_NUM_THREADS: n };
  const r = spawnSync(py, [path.join(__dirname, script), ...args, '--threads', n, ...quickArgs], {
    encoding: 'utf8',
    env,
  });
  return (
    lastJson(r.stdout) ?? { peer, size: args[0], threads, error: (r.stderr || 'no output').trim().split('\n').pop() }
  );
}

const torch = (py: string, arg: string, cell: Cell = 'rnn', threads = 1) => ({
  threads,
  ...python(py, 'torch_peer.py', 'torch', [arg, cell], threads),
});
/** PyTorch with its own pool at one thread and OpenBLAS's at `threads`: its best setting on few cores. */
const torchBlasOnly = (py: string, arg: string, cell: Cell, threads: number) => ({
  threads,
  ...python(py, 'torch_peer.py', 'torch-blas', [arg, cell, '--intra-op', '1'], threads),
});
const numpy = (py: string, arg: string, threads = 1) => ({
  threads,
  ...python(py, 'numpy_peer.py', 'numpy', [arg], threads),
});

/**
 * Debian's OpenBLAS for PyTorch and numpy (it becomes the libblas.so.3 alternative they load):
 * installed when missing and we are root; nothing when present. The returned note says what happened.
 */
function ensureOpenBlas(): string | undefined {
  const dpkg = spawnSync('dpkg-query', ['-W', '-f=${Status}', 'libopenblas0-pthread'], { encoding: 'utf8' });
  if (dpkg.error) return 'OpenBLAS setup: skipped (no dpkg-query: not Debian)';
  if (dpkg.stdout.includes('install ok installed')) return undefined;
  if (quick)
    return 'OpenBLAS setup: libopenblas0-pthread missing; a quick run installs nothing (npm run bench does, as root)';
  if (process.getuid?.() !== 0)
    return 'OpenBLAS setup: skipped, not root (apt-get install libopenblas0-pthread); PyTorch and numpy may be on the reference BLAS';
  process.stderr.write('installing libopenblas0-pthread (Debian)…\n');
  const install = () =>
    spawnSync('apt-get', ['install', '-y', '--no-install-recommends', 'libopenblas0-pthread'], {
      stdio: ['ignore', 2, 2],
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    }).status === 0;
  const ok = install() || (spawnSync('apt-get', ['update'], { stdio: ['ignore', 2, 2] }).status === 0 && install());
  return ok
    ? 'OpenBLAS setup: installed libopenblas0-pthread (Debian)'
    : 'OpenBLAS setup: apt-get install libopenblas0-pthread failed';
}

function lastJson(text: string): PeerResult | undefined {
  const line = text
    .trim()
    .split('\n')
    .reverse()
    .find((l) => l.startsWith('{'));
  return line ? (JSON.parse(line) as PeerResult) : undefined;
}

/** The tiny model through the whole `rnn-lab train` loop: statistics, events, metrics and run files. */
function cliTinyEpochsPerSecond(epochs: number): number {
  const dir = mkdtempSync(path.join(tmpdir(), 'rnn-lab-bench-'));
  const file = path.join(dir, 'tiny.rnn.json');
  writeFileSync(
    file,
    JSON.stringify({
      name: 'tiny',
      seed: 0,
      dtype: 'float32',
      data: {
        x: [
          [
            [1, 2, 3, 4],
            [3, 4, 5, 6],
            [4, 5, 6, 7],
          ],
          [
            [3, 4, 1, 1],
            [4, 5, 1, 1],
            [5, 6, 1, 1],
          ],
        ],
        y: [[0], [1]],
      },
      model: {
        layers: [
          { type: 'rnn', units: 8, activation: 'tanh' },
          { type: 'dense', units: 1 },
        ],
        output: 'last',
      },
      training: { epochs, loss: 'mse', optimizer: { type: 'sgd', learningRate: 0.001 } },
      trace: { shapes: 'off' },
    }),
  );
  const t0 = performance.now();
  execFileSync(process.execPath, [CLI, 'train', file, '--quiet', '--out', path.join(dir, 'runs')]);
  const seconds = (performance.now() - t0) / 1000;
  rmSync(dir, { recursive: true, force: true });
  return epochs / seconds;
}

interface CliEpochRate {
  size: string;
  epochs: number;
  /** Epochs ÷ the whole process's wall time (start-up, loading, the run files included). */
  wholeProcess: number;
  /** Epochs ÷ the sum of the epochs' own `ms` (the --json events): statistics, events and files included. */
  trained: number;
}

/**
 * The fixed Elman workload at `size` through `rnn-lab train --json` (one batch of B per epoch,
 * default settings but one thread and WebAssembly, to compare with the one-thread step rate).
 */
function cliEpochRate(size: Size, epochs: number): CliEpochRate {
  const { x, y } = batch(size);
  const round = (v: number) => Math.round(v * 1000) / 1000;
  const dir = mkdtempSync(path.join(tmpdir(), 'rnn-lab-bench-'));
  const file = path.join(dir, `${size.name}.rnn.json`);
  writeFileSync(
    file,
    JSON.stringify({
      name: size.name,
      seed: 0,
      dtype: 'float32',
      data: {
        x: Array.from({ length: size.B }, (_, b) =>
          Array.from({ length: size.T }, (_, t) =>
            Array.from({ length: size.I }, (_, i) => round(x[(b * size.T + t) * size.I + i])),
          ),
        ),
        y: Array.from(y, (v) => [round(v)]),
      },
      model: {
        layers: [
          { type: 'rnn', units: size.H, activation: 'tanh' },
          { type: 'dense', units: 1 },
        ],
        output: 'last',
      },
      training: { epochs, batchSize: size.B, loss: 'mse', optimizer: { type: 'sgd', learningRate: 0.001 } },
      trace: { shapes: 'off' },
    }),
  );
  const t0 = performance.now();
  const out = execFileSync(
    process.execPath,
    [...NODE_FLAGS, CLI, 'train', file, '--json', '--threads', '1', '--blas', 'off', '--out', path.join(dir, 'runs')],
    { encoding: 'utf8', maxBuffer: 1 << 28 },
  );
  const seconds = (performance.now() - t0) / 1000;
  rmSync(dir, { recursive: true, force: true });
  const ms = out
    .split('\n')
    .filter((l) => l.startsWith('{"type":"epoch"'))
    .reduce((sum, l) => sum + (JSON.parse(l) as { ms: number }).ms, 0);
  return { size: size.name, epochs, wholeProcess: epochs / seconds, trained: (epochs * 1000) / ms };
}

/** Whole numbers from 100 up, `digits` decimals below, two significant digits under 1. */
const fmt = (n: number | undefined, digits = 1) =>
  n === undefined
    ? '—'
    : n >= 100
      ? Math.round(n).toLocaleString('en-US')
      : n >= 1
        ? n.toFixed(digits)
        : n.toPrecision(2);

interface Results {
  date: string;
  cpu: string;
  cores: number;
  node: string;
  sgemmPeak: PeerResult[];
  /** One entry per size and cell; `cell` is absent in results.json files from before LSTM / GRU. */
  sizes: (Size & { cell?: Cell; flopsPerStep: number; results: PeerResult[] })[];
  /** Absent when dist/cli.js is missing (no `npm run build` yet). */
  cliTinyEpochsPerSecond?: number;
  /** The Elman workload through `rnn-lab train` (one thread, WebAssembly) at small and medium. */
  cliEpochs?: CliEpochRate[];
  /** Why the native rows were skipped (no BLAS on this machine). */
  blasSkipped?: string;
  torchSkipped: boolean;
  numpySkipped?: boolean;
  /** Thread counts of the run (absent before --threads: one thread). */
  threads?: number[];
  /** What the OpenBLAS setup did, when it did or could not do anything. */
  setup?: string;
  /** Our float32 Elman on the most threads ÷ on one, interleaved, at medium (and large when run). */
  scaling?: PeerResult[];
  quick?: boolean;
  /** Our rnn, lstm and gru interleaved in one process at the largest size run (medium when run). */
  paired?: PeerResult;
}

/** Whether the machine has a BLAS for the native rows (else they are skipped, and the table says so). */
let hasBlas = false;

function measureAll(): Results {
  const setup = ensureOpenBlas();
  const blas = machineBlas();
  hasBlas = typeof blas !== 'string';
  const py = findPython('torch');
  // numpy beside Debian's torch (on Debian's OpenBLAS), rather than a pip numpy with its own bundled BLAS.
  const npy = py && spawnSync(py, ['-c', 'import numpy'], { stdio: 'ignore' }).status === 0 ? py : findPython('numpy');
  process.stderr.write('sgemm peak…\n');
  const peaks = [
    ...(npy ? [numpy(npy, 'sgemm')] : []),
    ...(py ? [torch(py, 'sgemm')] : []),
    node('sgemm-ours'),
    ...(hasBlas ? [node('sgemm-ours-blas')] : []),
    node('sgemm-tfjs-wasm'),
  ];
  const rows: Results['sizes'] = [];
  for (const size of sizes) {
    for (const cell of cells) {
      // tfjs wasm would take ~30 minutes for an LSTM and a GRU at large; their targets are at small and medium.
      if (cell !== 'rnn' && size.name === 'large') continue;
      process.stderr.write(`${size.name} ${cell}…\n`);
      // Ours, PyTorch and numpy back to back at each thread count; rounds where their ratio is a target.
      const rounds = cell === 'rnn' && (size.name === 'small' || size.name === 'medium') ? ROUNDS : 1;
      const alternating: PeerResult[] = [];
      for (let round = 0; round < rounds; round++) {
        for (const t of threadCounts) {
          alternating.push(node('ours-float32', size.name, cell, t));
          if (hasBlas) alternating.push(node('ours-blas-float32', size.name, cell, t));
          if (py) alternating.push(torch(py, size.name, cell, t));
          if (py && t > 1) alternating.push(torchBlasOnly(py, size.name, cell, t));
          if (npy && cell === 'rnn') alternating.push(numpy(npy, size.name, t));
        }
      }
      const results = mergeRounds(alternating);
      if (cell === 'rnn') {
        results.push(node('ours-float64', size.name));
        if (size.name !== 'large') results.push(node('ours-reference-float32', size.name)); // the plain TS loops
        results.push(node('tfjs-cpu', size.name));
      }
      results.push(node('tfjs-wasm', size.name, cell));
      rows.push({ ...size, cell, flopsPerStep: cellFlopsPerStep(size, cell), results });
    }
  }
  const most = threadCounts[threadCounts.length - 1];
  // Scaling at medium and large when the run has either (ours only, so large costs seconds here).
  const big = sizes.some((s) => s.name === 'medium' || s.name === 'large');
  const scaling =
    most > 1 && cells.includes('rnn')
      ? SIZES.filter((s) => (quick ? s.name === 'tiny' : big && (s.name === 'medium' || s.name === 'large')))
      : [];
  const scaled = scaling.map((s) => {
    process.stderr.write(`our ${most} threads and one interleaved at ${s.name}…\n`);
    return node('ours-scaling', s.name, 'rnn', most);
  });
  const pairedSize = sizes.find((s) => s.name === 'medium') ?? sizes[sizes.length - 1];
  let paired: PeerResult | undefined;
  if (pairedSize && cells.includes('rnn') && cells.some((c) => c !== 'rnn')) {
    process.stderr.write(`our cells interleaved at ${pairedSize.name}…\n`);
    paired = node('ours-paired', pairedSize.name);
  }
  let cliTiny: number | undefined;
  const cliEpochs: CliEpochRate[] = [];
  if (existsSync(CLI)) {
    process.stderr.write('tiny through rnn-lab train…\n');
    cliTiny = cliTinyEpochsPerSecond(quick ? 2_000 : 100_000);
    for (const size of sizes.filter((s) => s.name === 'small' || s.name === 'medium' || (quick && s.name === 'tiny'))) {
      process.stderr.write(`${size.name} through rnn-lab train…\n`);
      cliEpochs.push(cliEpochRate(size, quick ? 3 : size.name === 'medium' ? 30 : 300));
    }
  }
  return {
    date: new Date().toISOString(),
    cpu: cpus()[0]?.model ?? 'unknown CPU',
    cores: cpus().length,
    node: process.versions.node,
    sgemmPeak: peaks,
    sizes: rows,
    cliTinyEpochsPerSecond: cliTiny,
    cliEpochs,
    ...(typeof blas === 'string' ? { blasSkipped: blas } : {}),
    torchSkipped: !py,
    numpySkipped: !npy,
    threads: threadCounts,
    setup,
    scaling: scaled,
    quick,
    paired,
  };
}

/** One row per contender and thread count: the median round's steps/s, every round's kept. */
function mergeRounds(runs: PeerResult[]): PeerResult[] {
  const merged = new Map<string, PeerResult[]>();
  for (const x of runs)
    merged.set(`${x.peer} ${x.threads ?? 1}`, [...(merged.get(`${x.peer} ${x.threads ?? 1}`) ?? []), x]);
  return [...merged.values()].map((all) => {
    const ok = all.filter((x) => x.stepsPerSecond);
    if (ok.length === 0) return all[0];
    const sorted = ok.slice().sort((a, b) => a.stepsPerSecond! - b.stepsPerSecond!);
    return {
      ...sorted[sorted.length >> 1],
      rounds: all.length > 1 ? all.map((x) => x.stepsPerSecond ?? NaN) : undefined,
    };
  });
}

function render(r: Results): string[] {
  const lines: string[] = [];
  const say = (l = '') => lines.push(l);
  const threads = r.threads ?? [1];
  say(
    `RNN Lab speed — ${r.cpu}, ${r.cores} cores (${threads.join(' and ')} thread${threads.length > 1 ? 's' : ''} used), Node ${r.node}, ${r.date.slice(0, 10)}`,
  );
  say(
    `one step = forward + backward + SGD update of one batch; float32 unless stated; ${r.quick ? 'QUICK: one 50 ms repeat after a short warm-up, not a measurement' : 'median of 5 timed repeats after a warm-up (3 for a contender past 15 s)'}`,
  );
  if (r.setup) say(r.setup);
  const native = r.sgemmPeak.find((p) => p.peer === 'sgemm-numpy' && p.gflops);
  const best = native ?? r.sgemmPeak.filter((p) => p.gflops).sort((a, b) => b.gflops! - a.gflops!)[0];
  const name = (p: PeerResult) => p.peer.replace('sgemm-', '').replace('numpy', 'numpy/OpenBLAS');
  say(
    `sgemm 512³ on one thread, GFLOP/s: ${r.sgemmPeak.map((p) => `${name(p)} ${fmt(p.gflops)}`).join(', ')}; "% of peak" is of ${best ? `${name(best)}'s ${fmt(best.gflops)}` : '—'} (one thread)`,
  );
  const rowsOf = (peer: string) => r.sizes.flatMap((s) => s.results).filter((x) => x.peer === peer && x.notes);
  const ours = rowsOf('ours-float32')[0]?.notes;
  const nativeNotes = rowsOf('ours-blas-float32')[0]?.notes;
  if (r.blasSkipped) say(`RNN Lab on the machine's BLAS: skipped (${r.blasSkipped})`);
  if (nativeNotes)
    say(
      `RNN Lab on the machine's BLAS: ${nativeNotes}; products in row blocks fixed by their shape, whole blocks per thread (docs/speed.md)`,
    );
  if (ours)
    say(
      `RNN Lab: ${ours} kernels${NODE_FLAGS.length ? ' (Node 20: --experimental-wasm-relaxed-simd)' : ''}; N threads = the trainer + N − 1 helper threads on its shared memory`,
    );
  for (const x of [
    rowsOf('torch').find((x) => (x.threads ?? 1) === 1),
    rowsOf('torch').find((x) => (x.threads ?? 1) > 1),
  ])
    if (x) say(`PyTorch, ${x.threads ?? 1} thread(s): ${x.notes}`);
  for (const x of [
    rowsOf('numpy').find((x) => (x.threads ?? 1) === 1),
    rowsOf('numpy').find((x) => (x.threads ?? 1) > 1),
  ])
    if (x) say(`numpy, ${x.threads ?? 1} thread(s): ${x.notes}`);
  if (!rowsOf('torch').length)
    for (const p of r.sgemmPeak) if (p.notes && p.peer === 'sgemm-torch') say(`PyTorch BLAS: ${p.notes}`);
  if (r.torchSkipped) say('PyTorch: skipped (python3 -c "import torch" fails; Debian package python3-torch)');
  if (r.numpySkipped) say('numpy: skipped (python3 -c "import numpy" fails; Debian package python3-numpy)');
  const tfjsWasmNotes = rowsOf('tfjs-wasm')[0]?.notes;
  if (tfjsWasmNotes)
    say(`TensorFlow.js wasm backend: ${tfjsWasmNotes} (Node has no threaded tfjs-wasm: its rows are one thread)`);
  say();
  const header = ['size', 'cell', 'contender', 'threads', 'steps/s', 'GFLOP/s', '% of peak', 'ours f32 ÷ it'];
  const table: string[][] = [header];
  for (const size of r.sizes) {
    for (const x of size.results) {
      const g = gflops(size, x);
      const ours = oursAt(size, x.threads ?? 1)?.stepsPerSecond;
      table.push([
        `${size.name} B${size.B} T${size.T} I${size.I} H${size.H}`,
        size.cell ?? 'rnn',
        label(x.peer),
        String(x.threads ?? 1),
        x.error ? `error: ${x.error.slice(0, 40)}` : fmt(x.stepsPerSecond),
        fmt(g, 2),
        g && best?.gflops ? `${Math.round((100 * g) / best.gflops)} %` : '—',
        x.peer === 'ours-float32' || !ours || !x.stepsPerSecond ? '' : `${fmt(ours / x.stepsPerSecond)}×`,
      ]);
    }
  }
  const widths = header.map((_, c) => Math.max(...table.map((row) => row[c].length)));
  for (const row of table)
    say(
      row
        .map((cell, c) => (c >= 3 ? cell.padStart(widths[c]) : cell.padEnd(widths[c])))
        .join('  ')
        .trimEnd(),
    );
  say();
  const medium = r.sizes.find((s) => s.name === 'medium' && (s.cell ?? 'rnn') === 'rnn');
  if (medium)
    say(
      `peak RSS at medium: ${medium.results.map((x) => `${label(x.peer)} ×${x.threads ?? 1} ${fmt(x.maxRssMB, 0)} MB`).join(', ')}`,
    );
  const cliTiny =
    r.cliTinyEpochsPerSecond === undefined
      ? 'skipped (no dist/cli.js: npm run build)'
      : `${fmt(r.cliTinyEpochsPerSecond)} epochs/s`;
  say(
    `tiny through the whole rnn-lab train loop (statistics, events, metrics.ndjson, run.json; process start included): ${cliTiny}`,
  );
  lines.push(...speedTargets(r));
  for (const cell of ['lstm', 'gru'] as const) lines.push(...gatedTargets(r, cell));
  lines.push(...nativeTargets(r));
  return lines;
}

/** Our float32 row at a size on `threads` threads. */
function oursAt(size: Results['sizes'][number], threads: number): PeerResult | undefined {
  return size.results.find((x) => x.peer === 'ours-float32' && (x.threads ?? 1) === threads);
}

/** "1.23× (median of 3 rounds, 1.1–1.4)" from per-round ratios, or from the two rows' medians. */
function ratioText(ratios: number[]): string {
  const sorted = ratios.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (sorted.length === 0) return '—';
  const median = `${sorted[sorted.length >> 1].toFixed(2)}×`;
  return sorted.length === 1
    ? median
    : `${median} (median of ${sorted.length} rounds, ${sorted[0].toFixed(2)}–${sorted[sorted.length - 1].toFixed(2)})`;
}

/** Ours ÷ another contender at one size and thread count, round by round when they alternated. */
function versus(
  r: Results,
  sizeName: string,
  peer: string,
  threads: number,
  oursPeer = 'ours-float32',
  cell: Cell = 'rnn',
): string | undefined {
  const size = r.sizes.find((s) => s.name === sizeName && (s.cell ?? 'rnn') === cell);
  const [ours, it] = [
    size?.results.find((x) => x.peer === oursPeer && (x.threads ?? 1) === threads),
    size?.results.find((x) => x.peer === peer && (x.threads ?? 1) === threads),
  ];
  if (!ours?.stepsPerSecond || !it?.stepsPerSecond) return undefined;
  if (ours.rounds && it.rounds) return `${ratioText(ours.rounds.map((o, i) => o / it.rounds![i]))} alternating`;
  return ratioText([ours.stepsPerSecond / it.stepsPerSecond]);
}

/** The speed targets of one run: scaling, and ours against numpy and PyTorch on the same thread count. */
function speedTargets(r: Results): string[] {
  const lines: string[] = [];
  const threads = r.threads ?? [1];
  const most = threads[threads.length - 1];
  for (const s of r.scaling ?? []) {
    const size = r.sizes.find((x) => x.name === s.size && (x.cell ?? 'rnn') === 'rnn');
    const [one, many] = [size && oursAt(size, 1)?.stepsPerSecond, size && oursAt(size, most)?.stepsPerSecond];
    const rows = one && many ? `; ${(many / one).toFixed(2)}× from the table's rows, measured apart` : '';
    const measured = s.scaling
      ? `${ratioText(s.scaling)} interleaved in one process`
      : `error: ${s.error?.slice(0, 60)}`;
    lines.push(`RNN Lab ${most} threads ÷ 1 thread at ${s.size} (target ≥ 1.7×): ${measured}${rows}`);
  }
  const medium = r.sizes.find((s) => s.name === 'medium' && (s.cell ?? 'rnn') === 'rnn');
  const numpyBptt = versus(r, 'medium', 'numpy', 1);
  const numpyPeak = r.sgemmPeak.find((p) => p.peer === 'sgemm-numpy')?.gflops;
  const ours1 = medium && gflops(medium, oursAt(medium, 1));
  if (numpyBptt || (ours1 && numpyPeak)) {
    const proxy =
      ours1 && numpyPeak ? `; our GFLOP/s ÷ numpy's sgemm 512³ (the proxy): ${(ours1 / numpyPeak).toFixed(2)}×` : '';
    lines.push(
      `medium float32, 1 thread, RNN Lab ÷ numpy/OpenBLAS on the same BPTT (target ≥ 0.6×): ${numpyBptt ?? '—'}${proxy}`,
    );
  }
  for (const t of threads) {
    const v = versus(r, 'medium', 'torch', t);
    const blasOnly = t > 1 ? versus(r, 'medium', 'torch-blas', t) : undefined;
    if (v)
      lines.push(
        `medium float32, ${t} thread${t > 1 ? 's' : ''}, RNN Lab ÷ PyTorch/OpenBLAS on as many (target ≥ 1.0× on all cores): ${v}${blasOnly ? `; ÷ PyTorch with intra-op 1 and OpenBLAS on ${t} (its best here): ${blasOnly}` : ''}`,
      );
  }
  const small = threads.map((t) => [t, versus(r, 'small', 'torch', t)] as const).filter(([, v]) => v);
  const smallBlas = threads.map((t) => [t, t > 1 ? versus(r, 'small', 'torch-blas', t) : undefined] as const);
  if (small.length)
    lines.push(
      `small float32, RNN Lab ÷ PyTorch on as many threads (target ≥ 1.5×): ${small.map(([t, v]) => `${t} thread${t > 1 ? 's' : ''} ${v}`).join('; ')}${smallBlas
        .filter(([, v]) => v)
        .map(([t, v]) => `; ${t} threads ÷ PyTorch intra-op 1, OpenBLAS ${t}: ${v}`)
        .join('')}`,
    );
  return lines;
}

/**
 * The targets of the native path and of whole-process epochs (issue "Speed III"), as ratios of
 * this run: the native rows against numpy and PyTorch, our best path against PyTorch's best
 * setting, the gated cells against torch's, and `rnn-lab train`'s epoch rate against the step rate.
 */
function nativeTargets(r: Results): string[] {
  const lines: string[] = [];
  const threads = r.threads ?? [1];
  const most = threads[threads.length - 1];
  const row = (sizeName: string, peer: string, t: number, cell: Cell = 'rnn') =>
    r.sizes
      .find((s) => s.name === sizeName && (s.cell ?? 'rnn') === cell)
      ?.results.find((x) => x.peer === peer && (x.threads ?? 1) === t)?.stepsPerSecond;
  const ratio = (a: number | undefined, b: number | undefined) => (a && b ? `${(a / b).toFixed(2)}×` : '—');
  const best = (...rates: (number | undefined)[]) =>
    Math.max(0, ...rates.filter((x): x is number => x !== undefined)) || undefined;
  const native = r.sizes.flatMap((s) => s.results).find((x) => x.peer === 'ours-blas-float32');
  if (native?.error) lines.push(`native path: ${native.error}`);
  lines.push(
    `medium float32, 1 thread, RNN Lab on the machine's BLAS ÷ numpy on the same BLAS and 1 thread (target ≥ 0.9×): ${versus(r, 'medium', 'numpy', 1, 'ours-blas-float32') ?? '—'}`,
  );
  if (most > 1) {
    const ours = best(row('medium', 'ours-float32', most), row('medium', 'ours-blas-float32', most));
    const torch = best(row('medium', 'torch', most), row('medium', 'torch-blas', most));
    lines.push(
      `medium float32, ${most} threads, RNN Lab's faster path ÷ PyTorch at its best setting on as many (target ≥ 1.3×): ${ratio(ours, torch)}`,
    );
  }
  const smallOurs = best(row('small', 'ours-float32', 1), row('small', 'ours-blas-float32', 1));
  lines.push(
    `small float32, 1 thread each, RNN Lab's faster path ÷ PyTorch (target ≥ 2×): ${ratio(smallOurs, row('small', 'torch', 1))}`,
  );
  for (const cell of ['lstm', 'gru'] as const) {
    const ours = best(row('medium', 'ours-float32', 1, cell), row('medium', 'ours-blas-float32', 1, cell));
    lines.push(
      `medium ${cell}, 1 thread each, RNN Lab's faster path ÷ PyTorch nn.${cell.toUpperCase()} (target ≥ 1.0×): ${ratio(ours, row('medium', 'torch', 1, cell))}`,
    );
  }
  lines.push(
    `tiny through rnn-lab train, whole process (target ≥ 100,000 epochs/s): ${fmt(r.cliTinyEpochsPerSecond)} epochs/s`,
  );
  for (const e of r.cliEpochs ?? []) {
    const step = row(e.size, 'ours-float32', 1);
    lines.push(
      `${e.size} through rnn-lab train (1 thread, WebAssembly, ${e.epochs} epochs of one batch) ÷ the step rate (target ≥ 0.9×): ` +
        `whole process ${ratio(e.wholeProcess, step)} (${fmt(e.wholeProcess)} epochs/s, start-up included), epochs alone ${ratio(e.trained, step)} (${fmt(e.trained)} epochs/s) vs ${fmt(step)} steps/s`,
    );
  }
  return lines;
}

/** GFLOP/s of one contender at one size and cell, from its steps/s. */
function gflops(size: Results['sizes'][number], x: PeerResult | undefined): number | undefined {
  return x?.stepsPerSecond ? (x.stepsPerSecond * size.flopsPerStep) / 1e9 : undefined;
}

/**
 * The LSTM / GRU targets from one run: our gated cell keeps ≥ 0.8 of our Elman GFLOP/s at
 * medium, and is ≥ 10× TensorFlow.js wasm's same layer at small and medium. At the sizes run.
 */
function gatedTargets(r: Results, cell: 'lstm' | 'gru'): string[] {
  const rows = r.sizes.filter((s) => s.cell === cell);
  if (rows.length === 0) return [];
  const ours = (s: Results['sizes'][number]) => gflops(s, oursAt(s, 1));
  const at = r.paired?.size ?? rows[rows.length - 1].name;
  const gated = rows.find((s) => s.name === at);
  const elman = r.sizes.find((s) => s.name === at && (s.cell ?? 'rnn') === 'rnn');
  const [g, e] = [gated && ours(gated), elman && ours(elman)];
  const fromRows = g && e ? g / e : undefined;
  const rounds = r.paired?.ratios?.[cell] ?? [];
  const sorted = rounds.slice().sort((a, b) => a - b);
  const interleaved = sorted.length
    ? `${sorted[sorted.length >> 1].toFixed(2)} interleaved in one process (median of ${sorted.length} round${sorted.length === 1 ? '' : 's'}, ${sorted[0].toFixed(2)}–${sorted[sorted.length - 1].toFixed(2)}); `
    : r.paired?.error
      ? `interleaved: error: ${r.paired.error.slice(0, 60)}; `
      : '';
  const vsTfjs = rows.map((s) => {
    const [mine, tf] = [
      ours(s),
      gflops(
        s,
        s.results.find((x) => x.peer === 'tfjs-wasm'),
      ),
    ];
    return `${s.name} ${mine && tf ? `${fmt(mine / tf)}×` : '—'}`;
  });
  return [
    `our ${cell} ÷ our Elman, GFLOP/s at ${at} (target ≥ 0.8 at medium): ${interleaved}${fromRows ? fromRows.toFixed(2) : '—'} from the table's rows, measured apart`,
    `our ${cell} ÷ TensorFlow.js wasm ${cell} (target ≥ 10× at small and medium): ${vsTfjs.join(', ')}`,
  ];
}

function main(): void {
  const file = path.join(__dirname, 'results.json');
  if (process.argv.includes('--print')) {
    console.log(render(JSON.parse(readFileSync(file, 'utf8')) as Results).join('\n'));
    return;
  }
  const results = measureAll();
  const lines = render(results);
  console.log(lines.join('\n'));
  // A quick run measures nothing worth keeping: it leaves the last real run's results alone,
  // and fails when a contender did (it is how test/bench knows the bench still runs).
  if (!quick) writeFileSync(file, `${JSON.stringify({ ...results, table: lines }, null, 2)}\n`);
  const failed = [...results.sgemmPeak, ...results.sizes.flatMap((s) => s.results)].filter((x) => x.error);
  if (quick && failed.length > 0) {
    for (const x of failed) console.error(`${x.peer} ${x.size ?? ''} ${x.cell ?? ''}: ${x.error}`);
    process.exitCode = 1;
  }
}

function label(peer: string): string {
  return (
    (
      {
        'ours-float32': 'RNN Lab float32 (wasm SIMD)',
        'ours-blas-float32': "RNN Lab float32 (machine's BLAS)",
        'ours-float64': 'RNN Lab float64 (wasm SIMD)',
        'ours-reference-float32': 'RNN Lab float32, plain TS loops',
        'tfjs-cpu': 'TensorFlow.js cpu',
        'tfjs-wasm': 'TensorFlow.js wasm',
        torch: 'PyTorch',
        'torch-blas': 'PyTorch, intra-op 1, BLAS N',
        numpy: 'numpy/OpenBLAS, same BPTT',
      } as Record<string, string>
    )[peer] ?? peer
  );
}

main();
