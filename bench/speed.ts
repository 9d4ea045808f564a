// `npm run bench` (part): our trainer against TensorFlow.js (cpu and wasm backends) and
// PyTorch on the fixed workload of bench/workload.ts, every size, in one run. Each contender
// runs in its own process (bench/peer.ts, bench/torch_peer.py): warm-up, then the median of 5
// timed repeats. Prints a table and writes bench/results.json. Asserts nothing: these machines
// are noisy, so compare the ratios of one run.
//   node --import tsx bench/speed.ts [--sizes tiny,small,medium,large]
//   node --import tsx bench/speed.ts --print   (the table of the last run, from bench/results.json)

import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import * as path from 'node:path';
import { flopsPerStep, SIZES, type Size } from './workload';

const ROOT = path.resolve(__dirname, '..');
const sizesArg = process.argv.indexOf('--sizes');
const wanted = sizesArg > 0 ? process.argv[sizesArg + 1].split(',') : SIZES.map((s) => s.name);
const sizes = SIZES.filter((s) => wanted.includes(s.name));

interface PeerResult {
  peer: string;
  size?: string;
  stepsPerSecond?: number;
  repeats?: number[];
  gflops?: number;
  notes?: string;
  maxRssMB?: number;
  error?: string;
}

function node(peer: string, size = 'tiny'): PeerResult {
  process.stderr.write(`  ${peer} ${size}…\n`);
  const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(__dirname, 'peer.ts'), peer, size], { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 24 });
  return lastJson(r.stdout) ?? { peer, size, error: (r.stderr || 'no output').trim().split('\n').pop() };
}

/** Debian's python3-torch lives in /usr/bin/python3; a python3 earlier on PATH may lack it. */
function findTorchPython(): string | undefined {
  for (const py of ['python3', '/usr/bin/python3']) {
    if (spawnSync(py, ['-c', 'import torch'], { stdio: 'ignore' }).status === 0) return py;
  }
  return undefined;
}

function torch(py: string, arg: string): PeerResult {
  process.stderr.write(`  torch ${arg}…\n`);
  const r = spawnSync(py, [path.join(__dirname, 'torch_peer.py'), arg], { encoding: 'utf8' });
  return lastJson(r.stdout) ?? { peer: 'torch', size: arg, error: (r.stderr || 'no output').trim().split('\n').pop() };
}

function lastJson(text: string): PeerResult | undefined {
  const line = text.trim().split('\n').reverse().find((l) => l.startsWith('{'));
  return line ? JSON.parse(line) : undefined;
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
  execFileSync(process.execPath, [path.join(ROOT, 'dist', 'cli.js'), 'train', file, '--quiet', '--out', path.join(dir, 'runs')]);
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
  sizes: (Size & { flopsPerStep: number; results: PeerResult[] })[];
  cliTinyEpochsPerSecond: number;
  torchSkipped: boolean;
}

function measureAll(): Results {
  const py = findTorchPython();
  process.stderr.write('sgemm peak…\n');
  const peaks = [node('sgemm-ours'), node('sgemm-tfjs-wasm'), ...(py ? [torch(py, 'sgemm')] : [])];
  const rows: Results['sizes'] = [];
  for (const size of sizes) {
    process.stderr.write(`${size.name}…\n`);
    const results = [node('ours-float32', size.name), node('ours-float64', size.name)];
    if (size.name !== 'large') results.push(node('ours-reference-float32', size.name)); // the plain TS loops
    results.push(node('tfjs-cpu', size.name), node('tfjs-wasm', size.name));
    if (py) results.push(torch(py, size.name));
    rows.push({ ...size, flopsPerStep: flopsPerStep(size), results });
  }
  process.stderr.write('tiny through rnn-lab train…\n');
  const cliTinyEpochsPerSecond = cliTinyEpochsPerSecond(100_000);
  return {
    date: new Date().toISOString(), cpu: cpus()[0]?.model ?? 'unknown CPU', cores: cpus().length, node: process.versions.node,
    sgemmPeak: peaks, sizes: rows, cliTinyEpochsPerSecond, torchSkipped: !py,
  };
}

function render(r: Results): string[] {
  const lines: string[] = [];
  const say = (l = '') => lines.push(l);
  say(`RNN Lab speed — ${r.cpu}, ${r.cores} cores (one thread used), Node ${r.node}, ${r.date.slice(0, 10)}`);
  say('one step = forward + backward + SGD update of one batch; float32 unless stated; median of 5 timed repeats after a warm-up');
  const best = r.sgemmPeak.filter((p) => p.gflops).sort((a, b) => b.gflops! - a.gflops!)[0];
  say(`single-core sgemm peak (512³): ${fmt(best?.gflops)} GFLOP/s by ${best?.peer.replace('sgemm-', '')} — ${r.sgemmPeak.map((p) => `${p.peer.replace('sgemm-', '')} ${fmt(p.gflops)}`).join(', ')}`);
  for (const p of r.sgemmPeak) if (p.notes && p.peer === 'sgemm-torch') say(`PyTorch BLAS: ${p.notes}`);
  if (r.torchSkipped) say('PyTorch: skipped (python3 -c "import torch" fails; Debian package python3-torch)');
  const tfjsWasmNotes = r.sizes.flatMap((s) => s.results).find((x) => x.peer === 'tfjs-wasm' && x.notes)?.notes;
  if (tfjsWasmNotes) say(`TensorFlow.js wasm backend: ${tfjsWasmNotes}`);
  say();
  const header = ['size', 'contender', 'steps/s', 'GFLOP/s', '% of peak', 'ours f32 ÷ it'];
  const table: string[][] = [header];
  for (const size of r.sizes) {
    const ours = size.results.find((x) => x.peer === 'ours-float32')?.stepsPerSecond;
    for (const x of size.results) {
      const g = x.stepsPerSecond ? (x.stepsPerSecond * size.flopsPerStep) / 1e9 : undefined;
      table.push([
        `${size.name} B${size.B} T${size.T} I${size.I} H${size.H}`, label(x.peer),
        x.error ? `error: ${x.error.slice(0, 40)}` : fmt(x.stepsPerSecond), fmt(g, 2),
        g && best?.gflops ? `${Math.round((100 * g) / best.gflops)} %` : '—',
        x.peer === 'ours-float32' || !ours || !x.stepsPerSecond ? '' : `${fmt(ours / x.stepsPerSecond)}×`,
      ]);
    }
  }
  const widths = header.map((_, c) => Math.max(...table.map((row) => row[c].length)));
  for (const row of table) say(row.map((cell, c) => (c >= 2 ? cell.padStart(widths[c]) : cell.padEnd(widths[c]))).join('  ').trimEnd());
  say();
  const medium = r.sizes.find((s) => s.name === 'medium');
  if (medium) say(`peak RSS at medium: ${medium.results.map((x) => `${label(x.peer)} ${fmt(x.maxRssMB, 0)} MB`).join(', ')}`);
  say(`tiny through the whole rnn-lab train loop (statistics, events, metrics.ndjson, run.json; process start included): ${fmt(r.cliTinyEpochsPerSecond)} epochs/s`);
  return lines;
}

function main(): void {
  const file = path.join(__dirname, 'results.json');
  if (process.argv.includes('--print')) {
    console.log(render(JSON.parse(readFileSync(file, 'utf8'))).join('\n'));
    return;
  }
  const results = measureAll();
  const lines = render(results);
  console.log(lines.join('\n'));
  writeFileSync(file, `${JSON.stringify({ ...results, table: lines }, null, 2)}\n`);
}

function label(peer: string): string {
  return ({
    'ours-float32': 'RNN Lab float32 (wasm SIMD)', 'ours-float64': 'RNN Lab float64 (wasm SIMD)', 'ours-reference-float32': 'RNN Lab float32, plain TS loops',
    'tfjs-cpu': 'TensorFlow.js cpu', 'tfjs-wasm': 'TensorFlow.js wasm', torch: 'PyTorch (1 thread)',
  } as Record<string, string>)[peer] ?? peer;
}

main();
