// Stop on a run that an exported train.py is training: run.json records the pid and when that
// process started, as the CLI does, so the run reads as running and Stop's SIGINT reaches it
// after the same liveness check; train.py ends the run as on Ctrl-C (exit 130, cancelled).

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { processStart } from '../../src/runs/processStart';
import { readRunEntry, signalTrainer, stopsOnSigint } from '../../src/runs/runStore';
import { startChild } from '../helpers/childProcess';
import { experiment, workspace } from '../helpers/workspace';
import { exportProject, load, noTorch, onlyRun, PYTHON } from './exportFixtures';

const LONG = experiment({
  name: 'long',
  data: { generator: 'sine', samples: 16, steps: 5 },
  training: { epochs: 1_000_000, batchSize: 8, loss: 'mse', optimizer: { type: 'adam', learningRate: 0.01 } },
});

describe('Stop on a train.py run', () => {
  it('signals only a train.py in one process: torchrun ranks stop together with Ctrl-C where they run', () => {
    assert.equal(stopsOnSigint({ host: 'pytorch', worldSize: 1 }), true);
    assert.equal(stopsOnSigint({ host: 'pytorch' }), true);
    assert.equal(stopsOnSigint({ host: 'pytorch', worldSize: 2 }), false);
    assert.equal(stopsOnSigint({ host: 'cli' }), true);
    assert.equal(stopsOnSigint({ host: 'editor' }), false);
  });

  it(
    'finds its trainer alive by pid and start time, sends SIGINT, and the run ends cancelled (exit 130)',
    { skip: noTorch, timeout: 120_000 },
    async () => {
      const root = workspace({ 'long.rnn.json': LONG });
      const runs = path.join(root, 'runs');
      const project = exportProject(await load(path.join(root, 'long.rnn.json')), path.join(root, 'project'));
      const trainer = startChild(
        '/usr/bin/env',
        ['OMP_NUM_THREADS=1', PYTHON, path.join(project, 'train.py'), '--out', runs],
        { cwd: project, timeoutMs: 90_000 },
      );
      try {
        await trainer.stdoutIncludes('epoch 3/1000000');
        const entry = await readRunEntry(onlyRun(runs));
        assert.equal(entry.kind, 'run');
        if (entry.kind !== 'run') return;
        assert.equal(entry.record.host, 'pytorch');
        assert.equal(entry.record.pid, trainer.child.pid);
        assert.equal(entry.record.processStart, processStart(trainer.child.pid!), 'recorded as RNN Lab tells it');
        assert.equal(entry.state, 'running', 'its pid and start time say its trainer is alive');
        assert.equal(stopsOnSigint(entry.record), true);
        assert.equal(signalTrainer(entry.record, 'SIGINT'), true);
        const finished = await trainer.finished;
        assert.equal(finished.code, 130, finished.stderr);
        const record = JSON.parse(readFileSync(path.join(entry.dir, 'run.json'), 'utf8'));
        assert.equal(record.status, 'cancelled');
        assert.match(record.message, /^cancelled during epoch \d+$/);
        assert.match(finished.stderr, /train\.py: cancelled: cancelled during epoch \d+/);
      } finally {
        trainer.child.kill('SIGKILL');
      }
    },
  );
});
