// The rnn-lab command as a user or a script meets it: output lines, exit codes, run files.
// Runs the built bundle (dist/cli.js), so `npm test` builds first.

import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { before, describe, it } from 'node:test';
import { runChild, startChild, TEST_TIMEOUT_MS, type Finished } from '../helpers/childProcess';
import { experiment, workspace } from '../helpers/workspace';

const ROOT = path.resolve(__dirname, '../..');
const CLI = path.join(ROOT, 'dist', 'cli.js');

/** Every test that runs rnn-lab: a child that hangs or dies early fails it, never the suite. */
const spawns = { timeout: TEST_TIMEOUT_MS };

function rnnLab(args: string[], cwd = ROOT): Promise<Finished> {
  return runChild(process.execPath, [CLI, ...args], { cwd });
}

function onlyRun(runsDir: string): string {
  const runs = readdirSync(runsDir);
  assert.equal(runs.length, 1, `one run directory in ${runsDir}`);
  return path.join(runsDir, runs[0]);
}

describe('rnn-lab train on the notebook example', () => {
  const out = workspace({});
  let r: Finished;
  before(async () => {
    r = await rnnLab(['train', 'examples/notebook.rnn.json', '--out', out]);
  }, spawns);

  it("exits 0 and prints the notebook's per-timestep shapes", () => {
    assert.equal(r.code, 0, r.stderr);
    const trace = r.stdout.split('\n').filter((l) => l.startsWith('epoch 1 layer'));
    assert.equal(trace.length, 9, 'three layers × three steps');
    assert.equal(
      trace[0],
      'epoch 1 layer 0 (rnn) t=0: x[t] (2, 4) h[t-1] (2, 8) W (12, 8) [h,x] (2, 12) b (8,) -> h[t] (2, 8)',
    );
    assert.equal(
      trace[8],
      'epoch 1 layer 2 (rnn) t=2: x[t] (2, 8) h[t-1] (2, 1) W (9, 1) [h,x] (2, 9) b (1,) -> h[t] (2, 1)',
    );
    assert.equal(r.stderr, '');
  });

  it('prints 10 epoch losses, each lower than the one before (SGD descends)', () => {
    const epochs = r.stdout.split('\n').filter((l) => /^epoch \d+\/10 loss /.test(l));
    assert.equal(epochs.length, 10);
    for (const l of epochs) assert.match(l, /^epoch \d+\/10 loss \d+\.\d{6} \(\d+ ms\)$/);
    const losses = epochs.map((l) => Number(l.split(' ')[3]));
    for (let i = 1; i < losses.length; i++)
      assert.ok(losses[i] < losses[i - 1], `epoch ${i + 1} loss ${losses[i]} ≥ ${losses[i - 1]}`);
  });

  it('saves experiment.json, metrics.ndjson, weights.json and a completed run.json', () => {
    const dir = onlyRun(out);
    assert.match(path.basename(dir), /^notebook-\d{8}-\d{6}$/);
    assert.ok(r.stdout.includes(`run saved to ${dir}`));
    const run = JSON.parse(readFileSync(path.join(dir, 'run.json'), 'utf8'));
    assert.equal(run.status, 'completed');
    assert.equal(run.epochsCompleted, 10);
    assert.equal(run.seed, 0);
    assert.equal(run.source, path.join(ROOT, 'examples/notebook.rnn.json'));
    const metrics = readFileSync(path.join(dir, 'metrics.ndjson'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    assert.equal(metrics.length, 10);
    assert.equal(metrics[9].loss, run.finalLoss);
    assert.equal(metrics[0].dhNorms.layer0.length, 3);
    const weights = JSON.parse(readFileSync(path.join(dir, 'weights.json'), 'utf8'));
    assert.equal(weights.format, 'rnn-lab/weights@1');
    assert.equal(weights.layers[0].Wx.length, 4);
    assert.equal(weights.layers[0].Wx[0].length, 8);
    const resolved = JSON.parse(readFileSync(path.join(dir, 'experiment.json'), 'utf8'));
    assert.equal(resolved.training.optimizer.momentum, 0, 'defaults are filled in');
  });

  it('a saved experiment.json re-runs to the same losses, bit for bit', spawns, async () => {
    const dir = onlyRun(out);
    const again = workspace({});
    const r2 = await rnnLab(['train', path.join(dir, 'experiment.json'), '--out', again, '--json']);
    assert.equal(r2.code, 0, r2.stderr);
    const losses2 = r2.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l))
      .filter((e) => e.type === 'epoch')
      .map((e) => e.loss);
    const losses1 = readFileSync(path.join(dir, 'metrics.ndjson'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l).loss);
    assert.deepEqual(losses2, losses1);
  });
});

describe('rnn-lab train options', () => {
  it('--json prints NDJSON: trace, epoch and done events', spawns, async () => {
    const out = workspace({});
    const r = await rnnLab(['train', 'examples/notebook.rnn.json', '--out', out, '--json', '--epochs', '3']);
    assert.equal(r.code, 0, r.stderr);
    const events = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    assert.equal(events.filter((e) => e.type === 'trace').length, 9);
    const epochs = events.filter((e) => e.type === 'epoch');
    assert.deepEqual(
      epochs.map((e) => e.epoch),
      [1, 2, 3],
    );
    assert.equal(typeof epochs[0].ms, 'number');
    assert.equal(epochs[0].valLoss, null);
    assert.deepEqual(events[events.length - 1], {
      type: 'done',
      status: 'completed',
      runDir: onlyRun(out),
      epochsCompleted: 3,
      finalLoss: epochs[2].loss,
      finalValLoss: null,
    });
  });

  it('--trace all traces every epoch; --trace off none; --quiet prints only the summary', spawns, async () => {
    const out = workspace({});
    const all = await rnnLab(['train', 'examples/notebook.rnn.json', '--out', out, '--trace', 'all', '--epochs', '2']);
    assert.equal(all.stdout.split('\n').filter((l) => / layer \d \(rnn\) t=/.test(l)).length, 18);
    const off = await rnnLab(['train', 'examples/notebook.rnn.json', '--out', out, '--trace', 'off', '--epochs', '2']);
    assert.equal(off.stdout.split('\n').filter((l) => / t=/.test(l)).length, 0);
    const quiet = await rnnLab(['train', 'examples/notebook.rnn.json', '--out', out, '--quiet']);
    assert.deepEqual(
      quiet.stdout
        .trim()
        .split('\n')
        .map((l) => l.split(' ')[0]),
      ['completed', 'run'],
    );
  });

  it('prints val_loss when part of the data is held out', spawns, async () => {
    const dir = workspace({
      'v.rnn.json': experiment({
        data: { generator: 'sine', samples: 20, steps: 5, validationSplit: 0.25 },
        model: {
          layers: [
            { type: 'rnn', units: 3 },
            { type: 'dense', units: 1 },
          ],
        },
      }),
    });
    const r = await rnnLab(['train', 'v.rnn.json', '--out', 'runs'], dir);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^epoch 2\/2 loss \d+\.\d{6} val_loss \d+\.\d{6} \(\d+ ms\)$/m);
  });
});

describe('rnn-lab errors and exit codes', () => {
  it('2 and FILE:LINE:COL for an invalid experiment, without a stack trace', spawns, async () => {
    const dir = workspace({ 'bad.rnn.json': JSON.stringify(experiment({ seed: 'x' }), null, 2) });
    const r = await rnnLab(['train', 'bad.rnn.json'], dir);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /^bad\.rnn\.json:\d+:\d+: error: seed must be a whole number\n$/);
    assert.equal(existsSync(path.join(dir, '.rnn')), false, 'no run is created for an invalid experiment');
  });

  it('2 for usage errors: missing file argument, unknown option, bad --epochs, bad --trace', spawns, async () => {
    for (const args of [
      ['train'],
      ['train', 'x', '--bogus'],
      ['train', 'x', '--epochs', '0'],
      ['train', 'x', '--trace', 'some'],
      ['frobnicate'],
    ]) {
      const r = await rnnLab(args);
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, /^rnn-lab: error: /, args.join(' '));
      assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
    }
  });

  it('2 with the file named when it does not exist', spawns, async () => {
    const r = await rnnLab(['train', 'missing.rnn.json']);
    assert.equal(r.code, 2);
    assert.equal(r.stderr, `missing.rnn.json:1:1: error: file not found: ${path.join(ROOT, 'missing.rnn.json')}\n`);
  });

  it('1 when training diverges, naming the epoch; the run is kept as diverged', spawns, async () => {
    const dir = workspace({
      'd.rnn.json': experiment({
        training: { epochs: 50, loss: 'mse', optimizer: { type: 'sgd', learningRate: 1e9 } },
      }),
    });
    const r = await rnnLab(['train', 'd.rnn.json', '--out', 'runs'], dir);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /^d\.rnn\.json: error: diverged at epoch \d+: /);
    const run = JSON.parse(readFileSync(path.join(onlyRun(path.join(dir, 'runs')), 'run.json'), 'utf8'));
    assert.equal(run.status, 'diverged');
    assert.match(run.message, /^diverged at epoch/);
  });

  it('130 on SIGINT, with the run saved as cancelled', spawns, async () => {
    const dir = workspace({
      'long.rnn.json': experiment({
        data: { generator: 'sine', samples: 64, steps: 30 },
        model: {
          layers: [
            { type: 'rnn', units: 32 },
            { type: 'dense', units: 1 },
          ],
        },
        training: { epochs: 100000, loss: 'mse', optimizer: { type: 'sgd', learningRate: 0.01 } },
      }),
    });
    const training = startChild(process.execPath, [CLI, 'train', 'long.rnn.json', '--out', 'runs', '--json'], {
      cwd: dir,
    });
    await training.stdoutIncludes('"epoch":3,');
    training.child.kill('SIGINT');
    const { code } = await training.finished;
    assert.equal(code, 130);
    const run = JSON.parse(readFileSync(path.join(onlyRun(path.join(dir, 'runs')), 'run.json'), 'utf8'));
    assert.equal(run.status, 'cancelled');
    assert.ok(run.epochsCompleted >= 3);
    const metrics = readFileSync(path.join(onlyRun(path.join(dir, 'runs')), 'metrics.ndjson'), 'utf8')
      .trim()
      .split('\n');
    assert.equal(metrics.length, run.epochsCompleted, 'every completed epoch is in metrics.ndjson');
  });
});

describe('rnn-lab rerun', () => {
  it('trains a run again into the same runs directory and prints the same epoch losses', spawns, async () => {
    const dir = workspace({
      'e.rnn.json': experiment({
        seed: 3,
        training: {
          epochs: 5,
          shuffle: true,
          batchSize: 1,
          loss: 'mse',
          optimizer: { type: 'adam', learningRate: 0.05 },
        },
      }),
    });
    const first = await rnnLab(['train', 'e.rnn.json', '--out', 'runs'], dir);
    assert.equal(first.code, 0, first.stderr);
    const runDir = onlyRun(path.join(dir, 'runs'));
    const again = await rnnLab(['rerun', runDir], dir);
    assert.equal(again.code, 0, again.stderr);
    const losses = (out: string) =>
      out
        .split('\n')
        .filter((l) => l.startsWith('epoch ') && l.includes(' loss '))
        .map((l) => l.replace(/ \(\d+ ms\)$/, ''));
    assert.equal(losses(again.stdout).length, 5);
    assert.deepEqual(losses(again.stdout), losses(first.stdout));
    const runs = readdirSync(path.join(dir, 'runs')).sort();
    assert.equal(runs.length, 2);
    const record = JSON.parse(readFileSync(path.join(dir, 'runs', runs[1], 'run.json'), 'utf8'));
    assert.equal(record.rerunOf, runDir);
    assert.equal(record.source, path.join(dir, 'e.rnn.json'));
  });

  it('2 with a positioned error for a folder that is not a run', spawns, async () => {
    const dir = workspace({});
    const r = await rnnLab(['rerun', dir]);
    assert.equal(r.code, 2);
    assert.equal(r.stderr, `${path.join(dir, 'run.json')}:1:1: error: cannot re-run: run.json is missing\n`);
  });
});

describe('rnn-lab report', () => {
  it('2 with a clear message for a folder that is not a run', spawns, async () => {
    const dir = workspace({});
    const r = await rnnLab(['report', dir]);
    assert.equal(r.code, 2);
    assert.equal(r.stderr, `${dir}: error: not a run directory (no readable run.json)\n`);
  });
});

describe('rnn-lab validate', () => {
  it('0 and a one-line summary for a valid experiment', spawns, async () => {
    const r = await rnnLab(['validate', 'examples/notebook.rnn.json']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(
      r.stdout,
      'examples/notebook.rnn.json: ok: notebook, x (2, 3, 4) y (2, 1), 3 layers, 250 parameters\n',
    );
  });

  it('2 and every error for an invalid one, without training', spawns, async () => {
    const dir = workspace({ 'bad.rnn.json': JSON.stringify(experiment({ dtype: 'f16', seed: 1.5 }), null, 2) });
    const r = await rnnLab(['validate', 'bad.rnn.json'], dir);
    assert.equal(r.code, 2);
    assert.equal(r.stderr.trim().split('\n').length, 2, r.stderr);
    assert.equal(existsSync(path.join(dir, '.rnn')), false);
  });
});
