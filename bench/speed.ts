// `npm run bench` (part): our trainer against TensorFlow.js (cpu and wasm backends) and
// PyTorch on the fixed workload of bench/workload.ts, every size, in one run; then the same
// workload with an LSTM or GRU layer in place of the Elman one (not at large), against tfjs wasm
// and PyTorch, and our three cells interleaved in one process for their GFLOP/s ratios.
// Each contender runs in its own process (bench/peer.ts, bench/torch_peer.py): warm-up, then the
// median of 5 timed repeats. Prints a table and writes bench/results.json. Asserts nothing: these
// machines are noisy, so compare the ratios of one run.
//   node --import tsx bench/speed.ts [--sizes tiny,small,medium,large] [--cells rnn,lstm,gru]
//   node --import tsx bench/speed.ts --quick   (tiny only, one short repeat each: it still runs)
//   node --import tsx bench/speed.ts --print   (the table of the last run, from bench/results.json)

import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import * as path from 'node:path';
import { type Cell, cellFlopsPerStep, GATES, SIZES, type Size } from './workload';

const ROOT = path.resolve(__dirname, '..');
const CLI = path.join(ROOT, 'dist', 'cli.js');
const CELLS = Object.keys(GATES) as Cell[];
const quick = process.argv.includes('--quick');
const option = (name: string): string[] | undefined => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1].split(',') : undefined;
};
const wantedSizes = quick ? ['tiny'] : option('--sizes') ?? SIZES.map((s) => s.name);
const sizes = SIZES.filter((s) => wantedSizes.includes(s.name));
const cells = CELLS.filter((c) => (option('--cells') ?? CELLS).includes(c));
const quickArgs = quick ? ['--quick'] : [];

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
  maxRssMB?: number;
  error?: string;
}

function node(peer: string, size = 'tiny', cell: Cell = 'rnn'): PeerResult {
  process.stderr.write(`  ${peer} ${size} ${cell}…\n`);
  const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(__dirname, 'peer.ts'), peer, size, cell, ...quickArgs], { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 24 });
  return lastJson(r.stdout) ?? { peer, size, cell, error: (r.stderr || 'no output').trim().split('\n').pop() };
}

/** Debian's python3-torch lives in /usr/bin/python3; a python3 earlier on PATH may lack it. */
function findTorchPython(): string | undefined {
  for (const py of ['python3', '/usr/bin/python3']) {
    if (spawnSync(py, ['-c', 'import torch'], { stdio: 'ignore' }).status === 0) return py;
  }
  return undefined;
}

/** One thread: torch.set_num_threads(1) in the peer, and BLAS / OpenMP pools of one from the start. */
const ONE_THREAD_ENV = { ...process.env, OPENBLAS_NUM_THREADS: '1', OMP_NUM_THREADS: '1', MKL_NUM_THREADS: '1' };

function torch(py: string, arg: string, cell: Cell = 'rnn'): PeerResult {
  process.stderr.write(`  torch ${arg} ${cell}…\n`);
  const r = spawnSync(py, [path.join(__dirname, 'torch_peer.py'), arg, cell, ...quickArgs], { encoding: 'utf8', env: ONE_THREAD_ENV });
  return lastJson(r.stdout) ?? { peer: 'torch', size: arg, cell, error: (r.stderr || 'no output').trim().split('\n').pop() };
}

function lastJson(text: string): PeerResult | undefined {
  const line = text.trim().split('\n').reverse().find((l) => l.startsWith('{'));
  return line ? (JSON.parse(line) as PeerResult) : undefined;
}

/** The tiny model through the whole `rnn-lab train` loop: statistics, events, metrics and run files. */
function cliTinyEpochsPerSecond(epochs: number): number {
  const dir = mkdtempSync(path.join(tmpdir(), 'rnn-lab-bench-'));
  const file = path.join(dir, 'tiny.rnn.json');
  writeFileSync(file, JSON.stringify({
    name: 'tiny', seed: 0, dtype: 'float32',
    data: { x: [[[1, 2, 3, 4], [3, 4, 5, 6], [4, 5, 6, 7]], [[3, 4, 1, 1], [4, 5, 1, 1], [5, 6, 1, 1]]], y: [[0], [1]] },
    model: { layers: [{ type: 'rnn', units: 8, activation: 'tanh' }, { type: 'dense', units: 1 }], output: 'last' },
    training: { epochs, loss: 'mse', optimizer: { type: 'sgd', learningRate: 0.001 } },
    trace: { shapes: 'off' },
  }));
  const t0 = performance.now();
  execFileSync(process.execPath, [CLI, 'train', file, '--quiet', '--out', path.join(dir, 'runs')]);
  const seconds = (performance.now() - t0) / 1000;
  rmSync(dir, { recursive: true, force: true });
  return epochs / seconds;
}

/** Whole numbers from 100 up, `digits` decimals below, two significant digits under 1. */
const fmt = (n: number | undefined, digits = 1) => (n === undefined ? '—' : n >= 100 ? Math.round(n).toLocaleString('en-US') : n >= 1 ? n.toFixed(digits) : n.toPrecision(2));

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
  torchSkipped: boolean;
  quick?: boolean;
  /** Our rnn, lstm and gru interleaved in one process at the largest size run (medium when run). */
  paired?: PeerResult;
}

function measureAll(): Results {
  const py = findTorchPython();
  process.stderr.write('sgemm peak…\n');
  const peaks = [node('sgemm-ours'), node('sgemm-tfjs-wasm'), ...(py ? [torch(py, 'sgemm')] : [])];
  const rows: Results['sizes'] = [];
  for (const size of sizes) {
    for (const cell of cells) {
      // tfjs wasm would take ~30 minutes for an LSTM and a GRU at large; their targets are at small and medium.
      if (cell !== 'rnn' && size.name === 'large') continue;
      process.stderr.write(`${size.name} ${cell}…\n`);
      const results = [node('ours-float32', size.name, cell)];
      if (cell === 'rnn') {
        results.push(node('ours-float64', size.name));
        if (size.name !== 'large') results.push(node('ours-reference-float32', size.name)); // the plain TS loops
        results.push(node('tfjs-cpu', size.name));
      }
      results.push(node('tfjs-wasm', size.name, cell));
      if (py) results.push(torch(py, size.name, cell));
      rows.push({ ...size, cell, flopsPerStep: cellFlopsPerStep(size, cell), results });
    }
  }
  const pairedSize = sizes.find((s) => s.name === 'medium') ?? sizes[sizes.length - 1];
  let paired: PeerResult | undefined;
  if (pairedSize && cells.includes('rnn') && cells.some((c) => c !== 'rnn')) {
    process.stderr.write(`our cells interleaved at ${pairedSize.name}…\n`);
    paired = node('ours-paired', pairedSize.name);
  }
  let cliTiny: number | undefined;
  if (existsSync(CLI)) {
    process.stderr.write('tiny through rnn-lab train…\n');
    cliTiny = cliTinyEpochsPerSecond(quick ? 2_000 : 100_000);
  }
  return {
    date: new Date().toISOString(), cpu: cpus()[0]?.model ?? 'unknown CPU', cores: cpus().length, node: process.versions.node,
    sgemmPeak: peaks, sizes: rows, cliTinyEpochsPerSecond: cliTiny, torchSkipped: !py, quick, paired,
  };
}

function render(r: Results): string[] {
  const lines: string[] = [];
  const say = (l = '') => lines.push(l);
  say(`RNN Lab speed — ${r.cpu}, ${r.cores} cores (one thread used), Node ${r.node}, ${r.date.slice(0, 10)}`);
  say(`one step = forward + backward + SGD update of one batch; float32 unless stated; ${r.quick ? 'QUICK: one 50 ms repeat after a short warm-up, not a measurement' : 'median of 5 timed repeats after a warm-up'}`);
  const best = r.sgemmPeak.filter((p) => p.gflops).sort((a, b) => b.gflops! - a.gflops!)[0];
  say(`single-core sgemm peak (512³): ${fmt(best?.gflops)} GFLOP/s by ${best?.peer.replace('sgemm-', '')} — ${r.sgemmPeak.map((p) => `${p.peer.replace('sgemm-', '')} ${fmt(p.gflops)}`).join(', ')}`);
  for (const p of r.sgemmPeak) if (p.notes && p.peer === 'sgemm-torch') say(`PyTorch BLAS: ${p.notes}`);
  if (r.torchSkipped) say('PyTorch: skipped (python3 -c "import torch" fails; Debian package python3-torch)');
  const tfjsWasmNotes = r.sizes.flatMap((s) => s.results).find((x) => x.peer === 'tfjs-wasm' && x.notes)?.notes;
  if (tfjsWasmNotes) say(`TensorFlow.js wasm backend: ${tfjsWasmNotes}`);
  say();
  const header = ['size', 'cell', 'contender', 'steps/s', 'GFLOP/s', '% of peak', 'ours f32 ÷ it'];
  const table: string[][] = [header];
  for (const size of r.sizes) {
    const ours = size.results.find((x) => x.peer === 'ours-float32')?.stepsPerSecond;
    for (const x of size.results) {
      const g = gflops(size, x);
      table.push([
        `${size.name} B${size.B} T${size.T} I${size.I} H${size.H}`, size.cell ?? 'rnn', label(x.peer),
        x.error ? `error: ${x.error.slice(0, 40)}` : fmt(x.stepsPerSecond), fmt(g, 2),
        g && best?.gflops ? `${Math.round((100 * g) / best.gflops)} %` : '—',
        x.peer === 'ours-float32' || !ours || !x.stepsPerSecond ? '' : `${fmt(ours / x.stepsPerSecond)}×`,
      ]);
    }
  }
  const widths = header.map((_, c) => Math.max(...table.map((row) => row[c].length)));
  for (const row of table) say(row.map((cell, c) => (c >= 3 ? cell.padStart(widths[c]) : cell.padEnd(widths[c]))).join('  ').trimEnd());
  say();
  const medium = r.sizes.find((s) => s.name === 'medium' && (s.cell ?? 'rnn') === 'rnn');
  if (medium) say(`peak RSS at medium: ${medium.results.map((x) => `${label(x.peer)} ${fmt(x.maxRssMB, 0)} MB`).join(', ')}`);
  const cliTiny = r.cliTinyEpochsPerSecond === undefined ? 'skipped (no dist/cli.js: npm run build)' : `${fmt(r.cliTinyEpochsPerSecond)} epochs/s`;
  say(`tiny through the whole rnn-lab train loop (statistics, events, metrics.ndjson, run.json; process start included): ${cliTiny}`);
  for (const cell of ['lstm', 'gru'] as const) lines.push(...gatedTargets(r, cell));
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
  const ours = (s: Results['sizes'][number]) => gflops(s, s.results.find((x) => x.peer === 'ours-float32'));
  const at = r.paired?.size ?? rows[rows.length - 1].name;
  const gated = rows.find((s) => s.name === at);
  const elman = r.sizes.find((s) => s.name === at && (s.cell ?? 'rnn') === 'rnn');
  const [g, e] = [gated && ours(gated), elman && ours(elman)];
  const fromRows = g && e ? g / e : undefined;
  const rounds = r.paired?.ratios?.[cell] ?? [];
  const sorted = rounds.slice().sort((a, b) => a - b);
  const interleaved = sorted.length
    ? `${sorted[sorted.length >> 1].toFixed(2)} interleaved in one process (median of ${sorted.length} round${sorted.length === 1 ? '' : 's'}, ${sorted[0].toFixed(2)}–${sorted[sorted.length - 1].toFixed(2)}); `
    : r.paired?.error ? `interleaved: error: ${r.paired.error.slice(0, 60)}; ` : '';
  const vsTfjs = rows.map((s) => {
    const [mine, tf] = [ours(s), gflops(s, s.results.find((x) => x.peer === 'tfjs-wasm'))];
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
  return ({
    'ours-float32': 'RNN Lab float32 (wasm SIMD)', 'ours-float64': 'RNN Lab float64 (wasm SIMD)', 'ours-reference-float32': 'RNN Lab float32, plain TS loops',
    'tfjs-cpu': 'TensorFlow.js cpu', 'tfjs-wasm': 'TensorFlow.js wasm', torch: 'PyTorch (1 thread)',
  } as Record<string, string>)[peer] ?? peer;
}

main();
