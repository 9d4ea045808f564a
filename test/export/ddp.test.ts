// Data-parallel training of an exported project: torchrun with 2 processes on the CPU (gloo)
// gives the single-process run's losses and weights — batches that split evenly over the
// ranks, one that does not, and one smaller than the number of ranks — and only rank 0 writes.

import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import * as path from 'node:path';
import { before, describe, it } from 'node:test';
import type { Finished } from '../helpers/childProcess';
import { experiment, workspace } from '../helpers/workspace';
import {
  assertSameRun,
  exportProject,
  load,
  noTorch,
  onlyRun,
  python,
  readRun,
  trainWithRnnLab,
  type RunResult,
} from './exportFixtures';

/** 42 samples, 9 held out: 33 training samples in shuffled batches of 8, 8, 8, 8 and 1. */
const EXPERIMENT = experiment({
  name: 'ddp',
  seed: 3,
  data: { generator: 'sine', samples: 42, steps: 5, validationSplit: 0.2 },
  model: {
    layers: [
      { type: 'lstm', units: 5 },
      { type: 'rnn', units: 4, activation: 'prelu', shareWeights: false },
      { type: 'dense', units: 1 },
    ],
  },
  training: { epochs: 3, batchSize: 8, loss: 'mse', optimizer: { type: 'adam', learningRate: 0.01 }, clipNorm: 0.5 },
});

describe('torchrun --nproc_per_node 2 train.py (gloo, CPU)', { skip: noTorch }, () => {
  const root = workspace({ 'ddp.rnn.json': EXPERIMENT });
  const runs = path.join(root, 'runs');
  let rnnLab: RunResult;
  let r: Finished;
  let resumed: Finished;
  const resumedRuns = path.join(root, 'resumed');
  before(
    async () => {
      const loaded = await load(path.join(root, 'ddp.rnn.json'));
      rnnLab = await trainWithRnnLab(loaded);
      const project = exportProject(loaded, path.join(root, 'project'));
      // --standalone: a free local rendezvous port. --redirects/--tee: Debian's torch 1.13 under
      // Python 3.11 cannot parse their default ("0") — an enum change in 3.11.
      const torchrun = (logs: string, args: string[]) =>
        python(
          [
            '-m',
            'torch.distributed.run',
            '--standalone',
            '--nproc_per_node',
            '2',
            '--redirects',
            '2',
            '--tee',
            '2',
            '--log_dir',
            path.join(root, logs),
            path.join(project, 'train.py'),
            ...args,
          ],
          { cwd: project, timeoutMs: 90_000 },
        );
      r = await torchrun('torchrun-logs', ['--out', runs]);
      // and again from the checkpoint of epoch 2: each rank loads it
      const checkpoint = path.join(onlyRun(runs), 'checkpoints', 'epoch-2.pt');
      resumed = await torchrun('torchrun-logs-resumed', ['--out', resumedRuns, '--resume', checkpoint]);
    },
    { timeout: 200_000 },
  );

  it('trains to completion', () => {
    assert.equal(r.code, 0, `${r.stdout}\n${r.stderr}`);
  });

  it("gives the single-process losses and final weights (RNN Lab's, to 1e-9)", () => {
    const run = readRun(onlyRun(runs));
    assertSameRun(run, rnnLab, 1e-9, 'DDP over 2 processes');
    assert.equal(run.record.worldSize, 2);
  });

  it('resumes under torchrun from a kept epoch to the same losses and weights (1e-12)', () => {
    assert.equal(resumed.code, 0, `${resumed.stdout}\n${resumed.stderr}`);
    const run = readRun(onlyRun(resumedRuns));
    assert.equal((run.record.resumedFrom as { epoch: number }).epoch, 2);
    assertSameRun(run, readRun(onlyRun(runs)), 1e-12, 'DDP resumed at epoch 2');
  });

  it('leaves exactly one run directory, written by rank 0 alone', () => {
    assert.deepEqual(
      readdirSync(runs).filter((n) => n.startsWith('.')),
      [],
      'no temporary directory of another rank',
    );
    assert.equal(readdirSync(runs).length, 1);
    assert.equal(r.stdout.split('\n').filter((l) => l.startsWith('run saved to')).length, 1, 'one summary');
  });
});
