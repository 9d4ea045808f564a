// The exported project as a PyTorch user keeps it: schedules through torch.optim.lr_scheduler
// give RNN Lab's learning rate of every epoch to 1e-15; checkpoints are torch.save'd at the kept
// epochs and `train.py --resume RUN/checkpoints/epoch-E.pt` continues to the losses and weights
// of the run that was not interrupted (1e-12, float64); all of it without a warning (python -W
// error: no deprecated torch API).

import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { before, describe, it } from 'node:test';
import { LearningRateSchedule, type ScheduleSpec } from '../../src/core/schedules';
import { experiment, workspace } from '../helpers/workspace';
import { exportProject, load, noTorch, onlyRun, python, readRun, runProjects, trainWithRnnLab } from './exportFixtures';

const LONG = 120;
const SCHEDULES: Record<string, ScheduleSpec> = {
  step: { type: 'step', stepSize: 7, gamma: 0.9, warmup: 3 },
  exponential: { type: 'exponential', gamma: 0.97, warmup: 2 },
  cosine: { type: 'cosine', tMax: 40, minLearningRate: 1e-4, warmup: 5 },
};
const BASE_RATE = 0.01;

/** Shuffled batches with a remainder, validation, Adam, plateau after a warmup, early stopping that does not stop. */
const RESUMED = experiment({
  name: 'resumed',
  seed: 5,
  data: { generator: 'sine', samples: 20, steps: 4, noise: 0.05, validationSplit: 0.2 },
  model: {
    layers: [
      { type: 'gru', units: 4 },
      { type: 'dense', units: 1 },
    ],
  },
  training: {
    epochs: 9,
    batchSize: 5,
    loss: 'mse',
    optimizer: { type: 'adam', learningRate: 0.05 },
    schedule: { type: 'plateau', patience: 0, factor: 0.5, threshold: 0.5, warmup: 2 },
    earlyStopping: { patience: 20 },
  },
});

function close(a: number, b: number, tol: number, what: string): void {
  assert.ok(Math.abs(a - b) <= tol * Math.max(Math.abs(b), 1e-300), `${what}: ${a} vs ${b}`);
}

describe('the exported project: schedules, checkpoints and --resume', { skip: noTorch }, () => {
  const root = workspace({
    'resumed.rnn.json': RESUMED,
    ...Object.fromEntries(
      Object.entries(SCHEDULES).map(([k, schedule]) => [
        `${k}.rnn.json`,
        experiment({
          name: k,
          training: { epochs: LONG, loss: 'mse', optimizer: { type: 'sgd', learningRate: BASE_RATE }, schedule },
        }),
      ]),
    ),
  });
  const runs = (k: string) => path.join(root, `runs-${k}`);
  let rnnLab: Awaited<ReturnType<typeof trainWithRnnLab>>;
  let project = '';
  before(
    async () => {
      const projects = [];
      for (const k of Object.keys(SCHEDULES)) {
        projects.push({
          dir: exportProject(await load(path.join(root, `${k}.rnn.json`)), path.join(root, k)),
          runsDir: runs(k),
        });
      }
      const loaded = await load(path.join(root, 'resumed.rnn.json'));
      rnnLab = await trainWithRnnLab(loaded);
      project = exportProject(loaded, path.join(root, 'resumed'));
      projects.push({ dir: project, runsDir: runs('full') });
      projects.push({
        dir: project,
        runsDir: runs('resumed'),
        args: ['--resume', path.join(runs('full'), '*', 'checkpoints', 'epoch-4.pt')],
      });
      const r = await runProjects(projects, 90_000, root, ['-W', 'error']);
      assert.equal(r.code, 0, `${r.stdout}\n${r.stderr}`);
    },
    { timeout: 150_000 },
  );

  it("gives RNN Lab's learning rate of every epoch, to 1e-15, through LambdaLR", () => {
    for (const [k, spec] of Object.entries(SCHEDULES)) {
      const expected = new LearningRateSchedule(spec, BASE_RATE);
      const epochs = readRun(onlyRun(runs(k))).epochs as { epoch: number; learningRate?: number }[];
      assert.equal(epochs.length, LONG);
      for (const e of epochs) close(e.learningRate!, expected.rateFor(e.epoch), 1e-15, `${k} epoch ${e.epoch}`);
    }
    const script = readFileSync(path.join(root, 'step', 'train.py'), 'utf8');
    assert.match(script, /torch\.optim\.lr_scheduler\.LambdaLR\(optimizer, factor\)/);
  });

  it("reduces on plateau after a warmup as RNN Lab does (torch's ReduceLROnPlateau)", () => {
    const full = readRun(onlyRun(runs('full')));
    const rates = rnnLab.epochs.map((e) => (e as { learningRate?: number }).learningRate!);
    assert.ok(new Set(rates).size >= 3, `the rate warms up and is reduced: ${rates.join(', ')}`);
    full.epochs.forEach((e, i) =>
      close((e as { learningRate?: number }).learningRate!, rates[i], 1e-15, `epoch ${e.epoch}`),
    );
    assert.match(
      readFileSync(path.join(project, 'train.py'), 'utf8'),
      /torch\.optim\.lr_scheduler\.ReduceLROnPlateau\(/,
    );
  });

  it('saves model, optimizer, scheduler and epoch with torch.save at the kept epochs', async () => {
    const dir = path.join(onlyRun(runs('full')), 'checkpoints');
    const saved = readdirSync(dir).filter((f) => f.endsWith('.pt'));
    assert.deepEqual(saved.sort(), [
      'epoch-1.pt',
      'epoch-2.pt',
      'epoch-3.pt',
      'epoch-4.pt',
      'epoch-5.pt',
      'epoch-8.pt',
      'epoch-9.pt',
    ]);
    const r = await python(
      [
        '-c',
        'import sys, torch; c = torch.load(sys.argv[1], weights_only=True); ' +
          'print(sorted(c), c["epoch"], sorted(c["model"])[0], sorted(c["optimizer"]))',
        path.join(dir, 'epoch-4.pt'),
      ],
      { timeoutMs: 60_000 },
    );
    assert.equal(r.code, 0, r.stderr);
    assert.equal(
      r.stdout.trim(),
      "['early_stopping', 'epoch', 'model', 'optimizer', 'scheduler'] 4 layers.0.bias_hh_l0 ['param_groups', 'state']",
    );
  });

  it('resumes from epoch 4 to the losses and weights of the uninterrupted run (1e-12)', () => {
    const full = readRun(onlyRun(runs('full')));
    const resumed = readRun(onlyRun(runs('resumed')));
    assert.equal(resumed.status, 'completed');
    assert.equal(resumed.epochs.length, 9, 'epochs 1–4 from the checkpoint’s run, 5–9 trained again');
    resumed.epochs.forEach((e, i) => {
      close(e.loss, full.epochs[i].loss, 1e-12, `epoch ${e.epoch} loss`);
      close(e.valLoss!, full.epochs[i].valLoss!, 1e-12, `epoch ${e.epoch} valLoss`);
    });
    const flat = (w: unknown): number[] =>
      typeof w === 'number' ? [w] : w && typeof w === 'object' ? Object.values(w).flatMap(flat) : [];
    const a = flat((resumed.weights as { layers: unknown }).layers);
    const b = flat((full.weights as { layers: unknown }).layers);
    assert.ok(a.length > 20 && a.length === b.length, `${a.length} weights`);
    a.forEach((v, i) =>
      assert.ok(Math.abs(v - b[i]) <= 1e-12 * Math.max(1, Math.abs(b[i])), `weight ${i}: ${v} vs ${b[i]}`),
    );
    const from = resumed.record.resumedFrom as { epoch: number; run: string };
    assert.equal(from.epoch, 4);
    assert.equal(from.run, onlyRun(runs('full')));
    const best = (r: typeof full) => r.record.best as { epoch: number; by: string; value: number };
    assert.equal(best(resumed).epoch, best(full).epoch);
    close(best(resumed).value, best(full).value, 1e-12, 'best');
    assert.deepEqual(resumed.record.checkpoints, full.record.checkpoints);
  });
});
