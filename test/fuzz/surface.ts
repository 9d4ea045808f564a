// The fuzzer of the newer surface (README "Limits"): predict, inspect, sample, import-weights,
// sweep and export on mutated run directories, --input files, state_dicts, sweep sections and
// hostile names. Each case runs the command's own function in process (its output captured);
// a sample also runs through dist/cli.js with a kill timer and an RSS watchdog. Every outcome
// must be: exit 0 or 2, no stack trace, every error line `PATH: error: …` or
// `FILE:LINE:COL: error: …`, no file of a saved run changed, and every generated .py parses
// (ast.parse, batched in one python3 at the end).

import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import * as path from 'node:path';
import { inspectCommand } from '../../src/cli/inspectCommand';
import {
  MAX_COUNT,
  positiveCount,
  sampleLength,
  seedNumber,
  temperature,
  wholeNumber,
} from '../../src/cli/numberOptions';
import { predictCommand } from '../../src/cli/predictCommand';
import { sampleCommand } from '../../src/cli/sampleCommand';
import { Rng } from '../../src/core/rng';
import { Trainer } from '../../src/core/trainer';
import { loadExperiment, trainerConfig } from '../../src/experiment/load';
import { exportCommand } from '../../src/export/commands';
import { importWeightsCommand } from '../../src/export/importWeights';
import { recordedRun } from '../../src/runs/recordedRun';
import { loadSweep } from '../../src/sweeps/loadSweep';
import { previousTrials } from '../../src/sweeps/previousTrials';
import { claimsDirectory, trialClaims } from '../../src/sweeps/trialClaims';
import { HOSTILE_STRINGS } from '../export/hostileStrings';
import { diagnosticProblems, rnnLab } from './check';
import { damageJson, EXTREME_NUMBERS } from './mutate';

const pick = <T>(rng: Rng, items: readonly T[]): T => items[rng.int(items.length)];
const STACK_TRACE = /^\s+at .+(:\d+:\d+\)?|\(native\)|\(<anonymous>\))$/m;
/** `PATH: error: …` or `FILE:LINE:COL: error: …`, or a usage error. */
const ERROR_LINE = /^(.+?(:\d+:\d+)?: error: \S|rnn-lab: error: \S)/;

const TEXT = 'the cat sat on the mat. the dog sat on the log.\n'.repeat(3);

export interface SurfaceSeeds {
  readonly root: string;
  /** Run directories: a character model (gru, softmax, sequence output) and a regression (lstm). */
  readonly chars: string;
  readonly regression: string;
  /** The regression's experiment file, its state_dict as JSON, a JSON --input of its shape. */
  readonly regressionFile: string;
  readonly stateDict: string;
  readonly input: string;
  /** An experiment with a sweep section. */
  readonly sweep: string;
}

type Matrix = number[][];
const T = (m: Matrix): Matrix => m[0].map((_, c) => m.map((row) => row[c]));

/** Trains the two small runs every case starts from (a second or two). */
export async function surfaceSeeds(root: string): Promise<SurfaceSeeds> {
  mkdirSync(root, { recursive: true });
  const write = (name: string, value: unknown) =>
    writeFileSync(path.join(root, name), typeof value === 'string' ? value : JSON.stringify(value, null, 2));
  write('text.txt', TEXT);
  write('chars.rnn.json', {
    name: 'chars',
    seed: 1,
    data: { text: 'text.txt', seqLength: 6, validationSplit: 0.2 },
    model: {
      layers: [
        { type: 'gru', units: 5 },
        { type: 'dense', units: new Set(TEXT).size, activation: 'softmax' },
      ],
      output: 'sequence',
    },
    training: { epochs: 2, batchSize: 8, loss: 'crossEntropy', optimizer: { type: 'adam', learningRate: 0.02 } },
  });
  const regression = {
    name: 'regression',
    seed: 2,
    data: {
      x: [
        [
          [1, 2],
          [3, 4],
        ],
        [
          [0, 1],
          [1, 0],
        ],
        [
          [2, 2],
          [0, 3],
        ],
      ],
      y: [[0], [1], [0.5]],
    },
    model: {
      layers: [
        { type: 'lstm', units: 3 },
        { type: 'dense', units: 1 },
      ],
    },
    training: { epochs: 2, loss: 'mse', optimizer: { type: 'sgd', learningRate: 0.1 } },
  };
  write('reg.rnn.json', regression);
  write('sweep.rnn.json', {
    ...regression,
    name: 'sweep',
    sweep: {
      parameters: {
        'model.layers[0].units': { values: [2, 3] },
        'training.optimizer.learningRate': { values: [0.01, 0.1] },
      },
      metric: { name: 'loss' },
    },
  });
  const train = async (file: string) => {
    const { loaded, diagnostics } = await loadExperiment(path.join(root, file));
    if (!loaded) throw new Error(diagnostics.map((d) => d.message).join('; '));
    const outcome = await recordedRun(loaded, { runsDir: path.join(root, 'runs'), toolVersion: 'fuzz' });
    if (outcome.status !== 'completed') throw new Error(`${file}: ${outcome.message}`);
    return outcome.runDir;
  };
  const { loaded } = await loadExperiment(path.join(root, 'reg.rnn.json'));
  const w = new Trainer(trainerConfig(loaded!)).weights() as { layers: Record<string, Matrix & number[]>[] };
  const [lstm, dense] = w.layers;
  const stateDict = JSON.stringify(
    {
      'layers.0.weight_ih_l0': T(lstm.Wx),
      'layers.0.weight_hh_l0': T(lstm.Wh),
      'layers.0.bias_ih_l0': lstm.bx,
      'layers.0.bias_hh_l0': lstm.bh,
      'layers.1.weight': T(dense.W),
      'layers.1.bias': dense.b,
    },
    null,
    1,
  );
  return {
    root,
    chars: await train('chars.rnn.json'),
    regression: await train('reg.rnn.json'),
    regressionFile: path.join(root, 'reg.rnn.json'),
    stateDict,
    input: JSON.stringify({ x: regression.data.x, y: regression.data.y }, null, 1),
    sweep: readFileSync(path.join(root, 'sweep.rnn.json'), 'utf8'),
  };
}

export interface SurfaceCase {
  readonly kind: string;
  readonly mutations: string[];
  readonly problems: string[];
  /** Generated Python files to parse (export cases), checked in one batch. */
  readonly python: string[];
  /** The command line to try through dist/cli.js, when this case is sampled for it. */
  readonly cli?: { args: string[]; cwd: string };
}

/** Output written by the command while it ran, and its exit code. */
async function captured(
  run: () => Promise<number>,
): Promise<{ code: number; stdout: string; stderr: string; threw?: unknown }> {
  const out = { stdout: '', stderr: '' };
  const stdout = Object.getOwnPropertyDescriptor(process.stdout, 'write');
  const stderr = Object.getOwnPropertyDescriptor(process.stderr, 'write');
  const collect = (into: 'stdout' | 'stderr') => (s: string | Uint8Array) => {
    if (out[into].length < 1 << 16) out[into] += typeof s === 'string' ? s : Buffer.from(s).toString('utf8');
    return true;
  };
  Object.defineProperty(process.stdout, 'write', { value: collect('stdout'), configurable: true, writable: true });
  Object.defineProperty(process.stderr, 'write', { value: collect('stderr'), configurable: true, writable: true });
  try {
    return { code: await run(), ...out };
  } catch (err) {
    return { code: -1, ...out, threw: err };
  } finally {
    // own properties gone: the streams' write methods again
    if (stdout) Object.defineProperty(process.stdout, 'write', stdout);
    else delete (process.stdout as { write?: unknown }).write;
    if (stderr) Object.defineProperty(process.stderr, 'write', stderr);
    else delete (process.stderr as { write?: unknown }).write;
  }
}

function outcomeProblems(what: string, r: Awaited<ReturnType<typeof captured>>): string[] {
  if (r.threw) {
    const err = r.threw instanceof Error ? r.threw : new Error(JSON.stringify(r.threw));
    return [`${what}: threw: ${(err.stack ?? err.message).slice(0, 1200)}`];
  }
  const problems: string[] = [];
  if (r.code !== 0 && r.code !== 2) problems.push(`${what}: exit ${r.code}: ${r.stderr.slice(-600)}`);
  if (STACK_TRACE.test(r.stderr)) problems.push(`${what}: a stack trace: ${r.stderr.slice(-600)}`);
  if (/internal error/.test(r.stderr)) problems.push(`${what}: an internal error: ${r.stderr.slice(-600)}`);
  if (r.code === 2) {
    const lines = r.stderr.trimEnd().split('\n');
    const bad = lines.filter((l) => !ERROR_LINE.test(l));
    if (!r.stderr.trim() || bad.length)
      problems.push(`${what}: exit 2 without an error line: ${JSON.stringify(bad.slice(0, 3)).slice(0, 600)}`);
    if (lines.some((l) => l.length > 4000))
      problems.push(`${what}: an error line of ${Math.max(...lines.map((l) => l.length))} characters`);
  }
  return problems;
}

/** Every file under `dir` with its content hash (a FIFO or a device: its kind). */
function snapshot(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile()) out.set(p, createHash('sha1').update(readFileSync(p)).digest('hex'));
      else out.set(p, e.isSymbolicLink() ? 'link' : 'special');
    }
  };
  walk(dir);
  return out;
}

function changedFiles(before: Map<string, string>, after: Map<string, string>): string[] {
  const keys = new Set([...before.keys(), ...after.keys()]);
  return [...keys].filter((k) => before.get(k) !== after.get(k));
}

/** Replaces a file of the case with something hostile: damaged JSON, a FIFO, a folder, a link to /dev/zero, nothing. */
function damageFile(rng: Rng, file: string, mutations: string[]): void {
  const name = path.basename(file);
  const r = rng.int(12);
  if (r < 8 && existsSync(file) && statSync(file).isFile()) {
    const { name: how, out } = damageJson(rng, readFileSync(file, 'utf8'));
    writeFileSync(file, out);
    mutations.push(`${how}(${name})`);
    return;
  }
  rmSync(file, { recursive: true, force: true });
  const kind = pick(rng, ['fifo', 'folder', 'zero', 'missing']);
  if (kind === 'fifo') execFileSync('mkfifo', [file]);
  else if (kind === 'folder') mkdirSync(file);
  else if (kind === 'zero') symlinkSync('/dev/zero', file);
  mutations.push(`${kind}(${name})`);
}

const OUTPUTS = [
  'out.txt',
  'fifo',
  'folder',
  '/dev/null',
  'missing/out.txt',
  'RUN/weights.json',
  'RUN/run.json',
  'RUN/x.txt',
];

/** A value for a numeric flag: ordinary, at an edge, or out of range. */
function numberArg(rng: Rng, ordinary: string[]): string {
  return rng.int(3) === 0
    ? pick(rng, [...EXTREME_NUMBERS, '4294967296', '9007199254740993', '1e30', '-0', ''])
    : pick(rng, ordinary);
}

export async function surfaceCase(
  seeds: SurfaceSeeds,
  rng: Rng,
  dir: string,
  cliSample: boolean,
): Promise<SurfaceCase> {
  mkdirSync(dir, { recursive: true });
  execFileSync('mkfifo', [path.join(dir, 'fifo')]);
  mkdirSync(path.join(dir, 'folder'));
  const kinds = ['run', 'input', 'stateDict', 'sweep', 'export'] as const;
  const kind = pick(rng, kinds);
  const mutations: string[] = [];
  const problems: string[] = [];
  const python: string[] = [];
  let cli: SurfaceCase['cli'];

  if (kind === 'run' || kind === 'input') {
    const seedRun = rng.int(2) === 0 ? seeds.chars : seeds.regression;
    const runDir = path.join(dir, 'runs', path.basename(seedRun));
    cpSync(seedRun, runDir, { recursive: true });
    if (kind === 'run') {
      const files = ['run.json', 'experiment.json', 'weights.json', 'metrics.ndjson', 'checkpoints/epoch-1.json', '.'];
      for (let k = 1 + rng.int(2); k > 0; k--)
        damageFile(rng, path.join(runDir, pick(rng, files.slice(0, 5))), mutations);
    }
    const args: string[] = [];
    const command = pick(rng, ['predict', 'inspect', 'sample'] as const);
    if (kind === 'input' && command !== 'sample') {
      const input = path.join(dir, 'input');
      const base = seedRun === seeds.chars ? TEXT : seeds.input;
      const damaged = rng.int(4) === 0 ? { name: 'none', out: base } : damageJson(rng, base);
      writeFileSync(input, damaged.out);
      mutations.push(`${damaged.name}(input)`);
      args.push('--input', rng.int(8) === 0 ? pick(rng, ['fifo', 'folder', '/dev/zero', 'missing']) : 'input');
    }
    if (rng.int(3) === 0) args.push('--epoch', numberArg(rng, ['1', '2', '3']));
    if (command === 'inspect' && !args.includes('--input') && rng.int(2) === 0) {
      if (rng.int(2) === 0) args.push('--sample', numberArg(rng, ['0', '1', '5']));
      else
        args.push(
          '--text',
          pick(rng, ['the cat', 'x', '', 'the '.repeat(3000), HOSTILE_STRINGS[rng.int(HOSTILE_STRINGS.length)]]),
        );
    }
    if (command === 'sample') {
      if (rng.int(2) === 0) args.push('--length', numberArg(rng, ['1', '20', '100000']));
      if (rng.int(2) === 0) args.push('--temperature', numberArg(rng, ['0', '0.5', '1', '2']));
      if (rng.int(2) === 0) args.push('--seed', numberArg(rng, ['0', '7', '4294967295']));
      if (rng.int(3) === 0) args.push('--prime', pick(rng, ['the', 'Q', '', 'the '.repeat(3000)]));
    }
    if (rng.int(2) === 0) args.push('--json');
    if (rng.int(3) === 0) args.push('-o', pick(rng, OUTPUTS).replace('RUN', runDir));
    mutations.push(`${command} ${args.map((a) => (a.length > 40 ? `${a.slice(0, 20)}…(${a.length})` : a)).join(' ')}`);
    const before = snapshot(runDir);
    const r = await captured(() => runCommand(command, runDir, args, dir));
    problems.push(...outcomeProblems(command, r));
    const touched = changedFiles(before, snapshot(runDir)).filter((f) => !f.endsWith('x.txt'));
    if (touched.length) problems.push(`${command} changed the saved run: ${touched.join(', ')}`);
    if (cliSample) cli = { args: [command, runDir, ...args], cwd: dir };
  } else if (kind === 'stateDict') {
    const file = path.join(dir, 'state.json');
    const damaged = rng.int(5) === 0 ? moduleDuplicate(rng, seeds.stateDict) : damageJson(rng, seeds.stateDict);
    writeFileSync(file, damaged.out);
    mutations.push(`${damaged.name}(state.json)`);
    const input = rng.int(10) === 0 ? pick(rng, ['fifo', 'folder', '/dev/zero', 'missing.json']) : 'state.json';
    const output = rng.int(4) === 0 ? pick(rng, OUTPUTS).replace('RUN', path.join(dir, 'folder')) : undefined;
    mutations.push(`import-weights ${input}${output ? ` -o ${output}` : ''}`);
    const r = await captured(() =>
      inDir(dir, () =>
        importWeightsCommand(input, { experiment: seeds.regressionFile, ...(output ? { output } : {}) }),
      ),
    );
    problems.push(...outcomeProblems('import-weights', r));
    if (cliSample)
      cli = {
        args: ['import-weights', input, '--experiment', seeds.regressionFile, ...(output ? ['-o', output] : [])],
        cwd: dir,
      };
  } else if (kind === 'sweep') {
    const file = path.join(dir, 'sweep.rnn.json');
    const damaged = damageJson(rng, seeds.sweep);
    writeFileSync(file, damaged.out);
    mutations.push(`${damaged.name}(sweep.rnn.json)`);
    try {
      const { sweep, diagnostics } = await loadSweep(file);
      if (!sweep) problems.push(...diagnosticProblems(diagnostics));
      else {
        const runsDir = hostileRunsDir(rng, dir, sweep.id, mutations);
        const { done } = await previousTrials(runsDir, sweep);
        if (done.some((d) => !sweep.trials.some((t) => t.trial === d.trial)))
          problems.push('resume counted a run outside the sweep');
        const claims = trialClaims(runsDir, { id: sweep.id, metric: sweep.spec.metric }, 'fuzz');
        for (const t of sweep.trials.slice(0, 3))
          if ((await claims.claim(t.trial)).kind === 'ours') claims.release(t.trial);
      }
    } catch (err) {
      problems.push(`sweep: threw: ${((err as Error).stack ?? String(err)).slice(0, 1200)}`);
    }
    if (cliSample) cli = { args: ['validate', file], cwd: dir };
  } else {
    // export: a hostile name or description, or a damaged experiment, from a file or a run directory
    const fromRun = rng.int(3) === 0;
    let target: string;
    let before: Map<string, string> | undefined;
    if (fromRun) {
      target = path.join(dir, 'runs', 'r');
      cpSync(seeds.regression, target, { recursive: true });
      const e = JSON.parse(readFileSync(path.join(target, 'experiment.json'), 'utf8')) as Record<string, unknown>;
      e.name = pick(rng, HOSTILE_STRINGS);
      writeFileSync(path.join(target, 'experiment.json'), JSON.stringify(e));
      mutations.push(`name of run`);
      before = snapshot(target);
    } else {
      target = path.join(dir, 'e.rnn.json');
      const e = JSON.parse(readFileSync(seeds.regressionFile, 'utf8')) as Record<string, unknown>;
      e.name = pick(rng, HOSTILE_STRINGS);
      if (rng.int(2) === 0) e.description = pick(rng, HOSTILE_STRINGS);
      let text = JSON.stringify(e, null, 1);
      if (rng.int(3) === 0) {
        const damaged = damageJson(rng, text);
        text = String(damaged.out);
        mutations.push(damaged.name);
      }
      writeFileSync(target, text);
      mutations.push(`hostile name${e.description ? ' and description' : ''}`);
    }
    const out = path.join(dir, 'project');
    const r = await captured(() => exportCommand(target, { to: 'pytorch', out }, 'fuzz'));
    problems.push(...outcomeProblems('export', r));
    if (before) {
      const touched = changedFiles(before, snapshot(target));
      if (touched.length) problems.push(`export changed the saved run: ${touched.join(', ')}`);
    }
    if (r.code === 0 && existsSync(out))
      python.push(
        ...readdirSync(out)
          .filter((f) => f.endsWith('.py'))
          .map((f) => path.join(out, f)),
      );
    if (cliSample)
      cli = { args: ['export', target, '--to', 'pytorch', '--out', path.join(dir, 'project-cli')], cwd: dir };
  }
  return { kind, mutations, problems, python, ...(cli ? { cli } : {}) };
}

function runCommand(
  command: 'predict' | 'inspect' | 'sample',
  runDir: string,
  args: string[],
  cwd: string,
): Promise<number> {
  const options: Record<string, unknown> = {};
  for (let k = 0; k < args.length; k++) {
    const flag = args[k];
    if (flag === '--json') options.json = true;
    else if (flag === '-o') options.output = args[++k];
    else options[flag.slice(2)] = args[++k];
  }
  // numbers through the CLI's own parsers: a value they refuse is a usage error (exit 2)
  const parsers: Record<string, (v: string) => number> = {
    epoch: positiveCount,
    sample: wholeNumber(0, MAX_COUNT),
    length: sampleLength,
    temperature,
    seed: seedNumber,
  };
  for (const [key, parse] of Object.entries(parsers)) {
    if (options[key] === undefined) continue;
    try {
      options[key] = parse(options[key] as string);
    } catch (err) {
      process.stderr.write(`rnn-lab: error: option '--${key}' argument is invalid. ${(err as Error).message}\n`);
      return Promise.resolve(2);
    }
  }
  return inDir(cwd, () => {
    if (command === 'predict') return predictCommand(runDir, options);
    if (command === 'inspect') return inspectCommand(runDir, options);
    return sampleCommand(runDir, options);
  });
}

async function inDir<T>(dir: string, run: () => Promise<T>): Promise<T> {
  const before = process.cwd();
  process.chdir(dir);
  try {
    return await run();
  } finally {
    process.chdir(before);
  }
}

/** The state_dict with one key written again under DistributedDataParallel's prefix. */
function moduleDuplicate(rng: Rng, text: string): { name: string; out: string } {
  const value = JSON.parse(text) as Record<string, unknown>;
  const key = pick(rng, Object.keys(value));
  return { name: 'moduleDuplicate', out: JSON.stringify({ ...value, [`module.${key}`]: value[key] }) };
}

/** A runs directory with runs of the sweep whose records lie about their trial, and garbage claims. */
function hostileRunsDir(rng: Rng, dir: string, id: string, mutations: string[]): string {
  const runsDir = path.join(dir, 'runs');
  for (let k = rng.int(4); k > 0; k--) {
    const run = path.join(runsDir, `run-${k}`);
    mkdirSync(run, { recursive: true });
    const trial = pick(rng, [1, 2, 10, 0, -1, 1.5, '1', null, Infinity, 2 ** 53, 9e15]);
    writeFileSync(
      path.join(run, 'run.json'),
      JSON.stringify({
        format: 'rnn-lab/run@1',
        name: 'sweep',
        status: pick(rng, ['completed', 'running', 'cancelled', 'failed']),
        startedAt: '2026-01-01T00:00:00Z',
        source: 'x',
        pid: pick(rng, [1, 0, -5, 2 ** 31, process.pid]),
        sweep: { id, trial, parameters: {} },
      }),
    );
    writeFileSync(
      path.join(run, 'metrics.ndjson'),
      pick(rng, ['', '{"epoch":1,"loss":0.5,"valLoss":null}\n', 'garbage\n']),
    );
    mutations.push(`run of trial ${JSON.stringify(trial)}`);
  }
  if (rng.int(2) === 0) {
    const claims = claimsDirectory(runsDir, id);
    mkdirSync(claims, { recursive: true });
    writeFileSync(
      path.join(claims, 'trial-1.json'),
      pick(rng, ['garbage', '{}', '{"format":"rnn-lab/trial-claim@1","pid":1}', '']),
    );
    if (rng.int(2) === 0) mkdirSync(path.join(claims, 'trial-2.json'));
    mutations.push('garbage claims');
  }
  return runsDir;
}

/** ast.parse of every file, in one python3; the files that do not parse, with why. */
export function unparsedPython(files: readonly string[]): string[] {
  if (files.length === 0) return [];
  const list = path.join(path.dirname(files[0]), '..', '..', 'python-files.json');
  writeFileSync(list, JSON.stringify(files));
  const script =
    'import ast, json, sys\n' +
    'bad = []\n' +
    'for f in json.load(open(sys.argv[1])):\n' +
    '    try:\n' +
    '        ast.parse(open(f, encoding="utf-8").read(), f)\n' +
    '    except Exception as e:\n' +
    '        bad.append(f"{f}: {type(e).__name__}: {e}")\n' +
    'print(json.dumps(bad))\n';
  return JSON.parse(execFileSync('python3', ['-c', script, list], { encoding: 'utf8', timeout: 120_000 })) as string[];
}

/** Through dist/cli.js: exit 0 or 2, no stack trace, error lines as the in-process run wants them, bounded RSS and time. */
export async function cliProblems(
  cli: NonNullable<SurfaceCase['cli']>,
): Promise<{ problems: string[]; peakRss: number }> {
  const r = await rnnLab(cli.args, cli.cwd, 60_000);
  const what = `rnn-lab ${cli.args[0]}`;
  if (r.killedFor)
    return { problems: [`${what}: killed (${r.killedFor}); stderr: ${r.stderr.slice(-600)}`], peakRss: r.peakRss };
  const problems: string[] = [];
  if (r.code !== 0 && r.code !== 2)
    problems.push(`${what}: exit ${r.code ?? r.signal}; stderr: ${r.stderr.slice(-600)}`);
  if (STACK_TRACE.test(r.stderr)) problems.push(`${what}: a stack trace: ${r.stderr.slice(-600)}`);
  if (r.code === 2) {
    const bad = r.stderr
      .trimEnd()
      .split('\n')
      .filter((l) => !ERROR_LINE.test(l) && !/^\(run rnn-lab --help for usage\)$/.test(l));
    if (bad.length)
      problems.push(`${what}: exit 2 without an error line: ${JSON.stringify(bad.slice(0, 3)).slice(0, 600)}`);
  }
  return { problems, peakRss: r.peakRss };
}
