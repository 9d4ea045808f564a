// Trials as a user of rnn-lab sweep sees them: ordinary runs in the runs directory (run.json
// names the sweep, the trial and its parameters), several training at once, a stopped sweep
// resumed without training its finished trials again, hopeless trials pruned.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import type { RunRecord } from '../../src/runs/runRecord';
import { listRuns } from '../../src/runs/runStore';
import { loadSweep, type LoadedSweep } from '../../src/sweeps/loadSweep';
import { doneTrials } from '../../src/sweeps/previousTrials';
import { runSweep, type SweepRunOptions } from '../../src/sweeps/scheduler';
import { trialWorkers } from '../../src/worker/trialLauncher';
import { TEST_TIMEOUT_MS } from '../helpers/childProcess';
import { sweepExperiment, WORKER, writeSweep } from './fixtures';

const spawns = { timeout: TEST_TIMEOUT_MS };

async function setUp(
  sweep: Record<string, unknown>,
  training: Record<string, unknown>,
): Promise<{ sweep: LoadedSweep; runsDir: string; launch: SweepRunOptions['launch'] }> {
  const { file, dir } = writeSweep(
    sweepExperiment(sweep, {
      training: { batchSize: 8, loss: 'mse', optimizer: { type: 'adam', learningRate: 0.01 }, ...training },
    }),
  );
  const loaded = await loadSweep(file);
  assert.ok(loaded.sweep, loaded.diagnostics.map((d) => d.message).join('\n'));
  const runsDir = path.join(dir, 'runs');
  return {
    sweep: loaded.sweep,
    runsDir,
    launch: trialWorkers({
      sweepId: loaded.sweep.id,
      metric: loaded.sweep.spec.metric,
      file,
      runsDir,
      toolVersion: 'test',
      host: 'cli',
      script: WORKER,
    }),
  };
}

async function records(runsDir: string): Promise<{ dir: string; record: RunRecord }[]> {
  return (await listRuns(runsDir)).flatMap((e) => (e.kind === 'run' ? [{ dir: e.dir, record: e.record }] : []));
}

describe("a sweep's trials", () => {
  it(
    'train at the same time (two running at once), each an ordinary run naming its sweep and parameters',
    spawns,
    async () => {
      const { sweep, runsDir, launch } = await setUp(
        { parameters: { 'model.layers[0].units': { values: [3, 5] } } },
        { epochs: 1500 },
      );
      let running = 0;
      let most = 0;
      const outcome = await runSweep(sweep, {
        parallel: 2,
        launch,
        onTrialStart: () => {
          most = Math.max(most, ++running);
        },
        onTrialEnd: () => {
          running--;
        },
      });
      assert.equal(outcome.stopped, false);
      assert.deepEqual(
        outcome.ended.map((e) => e.status),
        ['completed', 'completed'],
      );
      assert.equal(most, 2, 'both trials were running at once');
      const runs = await records(runsDir);
      assert.equal(runs.length, 2);
      const [a, b] = runs.map((r) => ({ start: Date.parse(r.record.startedAt), end: Date.parse(r.record.endedAt!) }));
      assert.ok(
        Math.max(a.start, b.start) < Math.min(a.end, b.end),
        `run.json's running intervals overlap: ${JSON.stringify([a, b])}`,
      );
      for (const r of runs) {
        assert.equal(r.record.sweep?.id, sweep.id);
        const trial = sweep.trials[r.record.sweep.trial - 1];
        assert.deepEqual(r.record.sweep?.parameters, trial.parameters);
        const experiment = JSON.parse(readFileSync(path.join(r.dir, 'experiment.json'), 'utf8'));
        assert.equal(
          experiment.model.layers[0].units,
          trial.parameters['model.layers[0].units'],
          "experiment.json is the trial's experiment",
        );
        assert.equal(
          experiment.sweep,
          undefined,
          'experiment.json is a plain experiment: rnn-lab train repeats the trial',
        );
      }
      assert.ok(outcome.best && [1, 2].includes(outcome.best.trial.trial));
    },
  );

  it('stopped, are kept as cancelled; run again, the sweep trains only the trials not done', spawns, async () => {
    const { sweep, runsDir, launch } = await setUp(
      { parameters: { seed: { values: [1, 2, 3, 4] } } },
      { epochs: 1500 },
    );
    const abort = new AbortController();
    const first = await runSweep(sweep, { parallel: 2, launch, signal: abort.signal, onTrialEnd: () => abort.abort() });
    assert.equal(first.stopped, true);
    const finished = first.ended.filter((e) => e.status === 'completed').map((e) => e.trial.trial);
    const cancelled = first.ended.filter((e) => e.status === 'cancelled').map((e) => e.trial.trial);
    assert.ok(
      finished.length >= 1 && finished.length + cancelled.length === first.ended.length,
      JSON.stringify(first.ended.map((e) => e.status)),
    );
    const afterStop = await records(runsDir);
    assert.ok(
      afterStop.every((r) => r.record.status === 'completed' || r.record.status === 'cancelled'),
      "every trial's run.json is final",
    );

    const done = await doneTrials(runsDir, sweep.id, sweep.spec.metric);
    assert.deepEqual(
      done.map((d) => d.trial),
      finished.sort(),
    );
    const second = await runSweep(sweep, { parallel: 2, launch, done });
    assert.equal(second.stopped, false);
    assert.equal(second.skipped, finished.length);
    assert.deepEqual(
      second.ended.map((e) => e.trial.trial).sort(),
      [1, 2, 3, 4].filter((t) => !finished.includes(t)),
      'the finished trials are not trained again',
    );
    const byTrial = new Map<number, string[]>();
    for (const r of await records(runsDir))
      byTrial.set(r.record.sweep!.trial, [...(byTrial.get(r.record.sweep!.trial) ?? []), r.record.status]);
    for (const t of finished) assert.deepEqual(byTrial.get(t), ['completed'], `trial ${t}: one run`);
    for (const t of cancelled)
      assert.deepEqual(
        byTrial.get(t)!.sort(),
        ['cancelled', 'completed'],
        `trial ${t}: the cancelled run kept, and a new one`,
      );
  });

  it('fall behind at a rung: pruned (cancelled, with sweep.pruned in run.json)', spawns, async () => {
    const { sweep, runsDir, launch } = await setUp(
      {
        parameters: { 'training.optimizer.learningRate': { values: [0.05, 1e-7] } },
        prune: { minEpochs: 2, reductionFactor: 2 },
      },
      { epochs: 3000 },
    );
    const outcome = await runSweep(sweep, { parallel: 1, launch });
    assert.deepEqual(
      outcome.ended.map((e) => [e.trial.trial, e.status]),
      [
        [1, 'completed'],
        [2, 'pruned'],
      ],
    );
    const pruned = (await records(runsDir)).find((r) => r.record.sweep?.trial === 2)!.record;
    assert.equal(pruned.status, 'cancelled');
    assert.equal(pruned.sweep?.pruned?.epoch, 2);
    assert.equal(pruned.sweep?.pruned?.metric, 'valLoss');
    assert.ok(pruned.sweep.pruned.value > pruned.sweep.pruned.cutoff);
    assert.ok(pruned.epochsCompleted < 3000);
    assert.match(pruned.message ?? '', /^pruned by the sweep at epoch 2: valLoss /);
    const done = await doneTrials(runsDir, sweep.id, sweep.spec.metric);
    assert.deepEqual(
      done.map((d) => d.trial),
      [1, 2],
      'a pruned trial is done: a resumed sweep does not train it again',
    );
  });
});
