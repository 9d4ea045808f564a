// Sweep throughput: the same trials of a small model (rnn H64 over 50 steps, batch 32, float32)
// one at a time, then K at once (K = the cores; each trial one compute thread, in its own
// training worker), and the ratio of the two rates (the issue's target: ≥ 0.85·K on K cores).
// Then the Experiments table's host side reading 1,000 runs (run.json and experiment.json
// each). Prints figures; asserts nothing.
//   --quick: 2 tiny trials, 2 at once, and 20 runs (test/bench: the script still runs)
//   --parallel K: trials at once (default: every core)

import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os';
import * as path from 'node:path';
import { readExperimentRows } from '../src/panel/experimentsRows';
import { listRuns } from '../src/runs/runStore';
import { loadSweep, type LoadedSweep } from '../src/sweeps/loadSweep';
import { runSweep } from '../src/sweeps/scheduler';
import { trialWorkers } from '../src/worker/trialLauncher';

const quick = process.argv.includes('--quick');
const parallelArg = process.argv.indexOf('--parallel');
const K = parallelArg > 0 ? Number(process.argv[parallelArg + 1]) : quick ? 2 : availableParallelism();
const TRIALS = quick ? 2 : 2 * K;
const ROUNDS = quick ? 1 : 3;
const TABLE_RUNS = quick ? 20 : 1000;
const work = mkdtempSync(path.join(tmpdir(), 'rnn-lab-bench-sweep-'));

const experiment = {
  name: 'bench-sweep',
  seed: 0,
  dtype: 'float32',
  data: quick
    ? { generator: 'sine', samples: 16, steps: 5, validationSplit: 0.25 }
    : { generator: 'sine', samples: 320, steps: 50, validationSplit: 0.2 },
  model: {
    layers: [
      { type: 'rnn', units: quick ? 4 : 64 },
      { type: 'dense', units: 1 },
    ],
  },
  training: { epochs: quick ? 5 : 100, batchSize: 32, loss: 'mse', optimizer: { type: 'adam', learningRate: 0.003 } },
  trace: { shapes: 'off' },
  sweep: { method: 'grid', parameters: { seed: { values: Array.from({ length: TRIALS }, (_, i) => i) } } },
};

async function timeSweep(sweep: LoadedSweep, parallel: number, runsDir: string): Promise<number> {
  const launch = trialWorkers({
    sweepId: sweep.id,
    metric: sweep.spec.metric,
    file: sweep.file,
    runsDir,
    toolVersion: 'bench',
    host: 'cli',
  });
  const t0 = performance.now();
  const outcome = await runSweep(sweep, { parallel, launch });
  const seconds = (performance.now() - t0) / 1000;
  const failed = outcome.ended.filter((e) => e.status !== 'completed');
  if (failed.length)
    throw new Error(
      `trials did not complete: ${failed.map((e) => `${e.trial.trial} ${e.status} ${e.message ?? ''}`).join('; ')}`,
    );
  return seconds;
}

/** One at a time and K at once, alternately, ROUNDS times: a shared machine's load changes from minute to minute. */
async function throughput(): Promise<string> {
  const file = path.join(work, 'bench-sweep.rnn.json');
  writeFileSync(file, JSON.stringify(experiment, null, 2));
  const { sweep, diagnostics } = await loadSweep(file);
  if (!sweep) throw new Error(diagnostics.map((d) => d.message).join('\n'));
  const ones: number[] = [];
  const manys: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    ones.push(await timeSweep(sweep, 1, path.join(work, `one-${round}`)));
    manys.push(await timeSweep(sweep, K, path.join(work, `many-${round}`)));
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
  const ratios = ones.map((one, i) => one / manys[i]);
  const ratio = median(ratios);
  const one = median(ones);
  const many = median(manys);
  return [
    `sweep throughput — ${cpus()[0]?.model.trim() ?? 'cpu'}, ${availableParallelism()} cores, Node ${process.versions.node}, load average ${loadavg()[0].toFixed(1)} at the end`,
    `${TRIALS} trials of B32 T${experiment.data.steps} I1 H${experiment.model.layers[0].units} float32, ${experiment.training.epochs} epochs each (one compute thread per trial, worker start included), ${ROUNDS} round${ROUNDS === 1 ? '' : 's'} (medians)`,
    `one at a time: ${one.toFixed(1)} s, ${(TRIALS / one).toFixed(2)} trials/s`,
    `${K} at once:     ${many.toFixed(1)} s, ${(TRIALS / many).toFixed(2)} trials/s`,
    `ratio ${ratio.toFixed(2)}× (target ≥ 0.85·K = ${(0.85 * K).toFixed(2)}×; ${((ratio / K) * 100).toFixed(0)} % of linear; rounds: ${ratios.map((r) => r.toFixed(2)).join(', ')})`,
  ].join('\n');
}

/** TABLE_RUNS copies of a real run (each its own learning rate), then the table's rows read cold and again. */
async function table(): Promise<string> {
  const source = path.join(work, 'one-0');
  const run = (await listRuns(source))[0];
  const runsDir = path.join(work, 'table');
  const record = JSON.parse(readFileSync(path.join(run.dir, 'run.json'), 'utf8')) as Record<string, unknown>;
  const settings = JSON.parse(readFileSync(path.join(run.dir, 'experiment.json'), 'utf8')) as {
    training: { optimizer: Record<string, unknown> };
  };
  for (let i = 0; i < TABLE_RUNS; i++) {
    const dir = path.join(runsDir, `bench-${String(i).padStart(5, '0')}`);
    cpSync(run.dir, dir, { recursive: true });
    writeFileSync(
      path.join(dir, 'run.json'),
      JSON.stringify({ ...record, sweep: undefined, startedAt: new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString() }),
    );
    settings.training.optimizer.learningRate = 0.001 * (1 + (i % 50));
    writeFileSync(path.join(dir, 'experiment.json'), JSON.stringify(settings));
  }
  const times: number[] = [];
  let rows = 0;
  for (let repeat = 0; repeat < 3; repeat++) {
    const t0 = performance.now();
    const message = await readExperimentRows(await listRuns(runsDir), { kind: 'all' });
    times.push(performance.now() - t0);
    rows = message.rows.length;
  }
  if (rows !== TABLE_RUNS) throw new Error(`read ${rows} rows, expected ${TABLE_RUNS}`);
  const epochs = experiment.training.epochs;
  return `experiments table: the rows of ${TABLE_RUNS} runs of ${epochs} epochs read (run.json and experiment.json each): first ${times[0].toFixed(0)} ms, then ${times[2].toFixed(0)} ms; the page's rendering is timed by test/browser/experiments.browser.ts`;
}

async function main(): Promise<void> {
  console.log(await throughput());
  console.log(await table());
}

main()
  .catch((err: unknown) => {
    console.error(err);
    process.exitCode = 1;
  })
  .finally(() => rmSync(work, { recursive: true, force: true }));
