// Two sweeps on one runs directory never train a trial twice (claims, src/sweeps/trialClaims.ts);
// resuming ignores runs whose trial is not one of the sweep's; the best trial is one whose run
// was recorded; `rnn-lab validate` makes every check `rnn-lab sweep` makes.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { processStart } from '../../src/runs/processStart';
import { listRuns } from '../../src/runs/runStore';
import { loadSweep } from '../../src/sweeps/loadSweep';
import { runSweep } from '../../src/sweeps/scheduler';
import { CLAIM_FORMAT, claimsDirectory, trialClaims } from '../../src/sweeps/trialClaims';
import { runChild, startChild, TEST_TIMEOUT_MS } from '../helpers/childProcess';
import { sweepExperiment, writeSweep } from './fixtures';

const CLI = path.resolve(__dirname, '../../dist/cli.js');
const spawns = { timeout: TEST_TIMEOUT_MS };

const sweep = (values: number[], epochs = 2) =>
  writeSweep(
    sweepExperiment(
      { parameters: { 'model.layers[0].units': { values } } },
      { training: { epochs, batchSize: 8, loss: 'mse', optimizer: { type: 'adam', learningRate: 0.01 } } },
    ),
  );

async function trialsOf(runsDir: string): Promise<number[]> {
  return (await listRuns(runsDir))
    .flatMap((e) => (e.kind === 'run' && e.record.sweep ? [e.record.sweep.trial] : []))
    .sort((a, b) => a - b);
}

describe('two sweeps on one runs directory', () => {
  it('never train the same trial: the second skips what the first has claimed', spawns, async () => {
    const { file, dir } = sweep([2, 3, 4, 5, 6, 7], 200);
    const args = [CLI, 'sweep', file, '--out', 'runs', '--parallel', '1'];
    const a = startChild(process.execPath, args, { cwd: dir, timeoutMs: 100_000 });
    const b = startChild(process.execPath, args, { cwd: dir, timeoutMs: 100_000 });
    const [ra, rb] = await Promise.all([a.finished, b.finished]);
    assert.equal(ra.code, 0, ra.stderr);
    assert.equal(rb.code, 0, rb.stderr);
    assert.deepEqual(await trialsOf(path.join(dir, 'runs')), [1, 2, 3, 4, 5, 6], `${ra.stdout}\n${rb.stdout}`);
    // and a third session finds every trial done, trains nothing
    const c = await runChild(process.execPath, args, { cwd: dir, timeoutMs: 60_000 });
    assert.equal(c.code, 0, c.stderr);
    assert.match(c.stdout, /resuming: 6 of 6 trials are done already/);
    assert.deepEqual(await trialsOf(path.join(dir, 'runs')), [1, 2, 3, 4, 5, 6]);
  });

  it("a claim whose process lives is respected; a dead or reused pid's claim, or a done claim whose run is gone, is taken over", async () => {
    const { dir } = sweep([2]);
    const runsDir = path.join(dir, 'runs');
    const metric = { name: 'valLoss', goal: 'minimize' } as const;
    const claimFile = (trial: number) => path.join(claimsDirectory(runsDir, 'abc'), `trial-${trial}.json`);
    const write = (trial: number, claim: Record<string, unknown>) =>
      writeFileSync(claimFile(trial), JSON.stringify({ format: CLAIM_FORMAT, host: 'test', claimedAt: '', ...claim }));
    const sleeper = spawn('sleep', ['60']);
    try {
      const claims = trialClaims(runsDir, { id: 'abc', metric }, 'test');
      assert.equal((await claims.claim(1)).kind, 'ours');
      assert.equal((await claims.claim(1)).kind, 'elsewhere', 'held by this process: not claimed twice');
      write(2, { pid: sleeper.pid, processStart: processStart(sleeper.pid!) });
      assert.deepEqual(await claims.claim(2), { kind: 'elsewhere', pid: sleeper.pid, host: 'test' });
      write(3, { pid: sleeper.pid, processStart: 'linux:another-boot:1' });
      assert.equal((await claims.claim(3)).kind, 'ours', 'a reused pid');
      write(4, { pid: 2 ** 22 + 12345 });
      assert.equal((await claims.claim(4)).kind, 'ours', 'a dead pid');
      write(5, {
        pid: sleeper.pid,
        processStart: processStart(sleeper.pid!),
        done: true,
        runDir: path.join(dir, 'gone'),
      });
      assert.equal((await claims.claim(5)).kind, 'ours', 'a done claim whose run is gone');
      claims.release(1);
      assert.equal((await claims.claim(1)).kind, 'ours', 'released');
      assert.equal(JSON.parse(readFileSync(claimFile(1), 'utf8')).pid, process.pid);
    } finally {
      sleeper.kill();
    }
  });
});

describe('resuming and ranking', () => {
  it('a run whose trial number is outside the sweep is ignored, with a warning naming it', spawns, async () => {
    const { file, dir } = sweep([2, 3]);
    const args = [CLI, 'sweep', file, '--out', 'runs', '--parallel', '1'];
    assert.equal((await runChild(process.execPath, args, { cwd: dir, timeoutMs: 60_000 })).code, 0);
    const runs = (await listRuns(path.join(dir, 'runs'))).flatMap((e) => (e.kind === 'run' ? [e] : []));
    const renumbered = runs.find((r) => r.record.sweep!.trial === 2)!;
    const record = JSON.parse(readFileSync(path.join(renumbered.dir, 'run.json'), 'utf8'));
    writeFileSync(
      path.join(renumbered.dir, 'run.json'),
      JSON.stringify({ ...record, sweep: { ...record.sweep, trial: 10 } }),
    );
    const r = await runChild(process.execPath, args, { cwd: dir, timeoutMs: 60_000 });
    assert.equal(r.code, 0, r.stderr);
    assert.match(
      r.stderr,
      new RegExp(
        `warning: ignoring 1 run of this sweep whose trial is not one of its 2 trials: trial 10 \\(.*${path.basename(renumbered.dir)}\\)`,
      ),
    );
    assert.match(r.stdout, /resuming: 1 of 2 trials are done already/);
    assert.match(r.stdout, /trial 2\/2 started/, 'trial 2 is trained again');
  });

  it('the best trial is one whose run.json was written', async () => {
    const { file, dir } = sweep([2, 3]);
    const { sweep: loaded } = await loadSweep(file);
    const runsDir = path.join(dir, 'runs');
    const outcome = await runSweep(loaded!, {
      parallel: 1,
      launch: (trial, listener) => {
        // trial 1 claims a far better loss, but its run directory has no run.json
        const runDir = path.join(runsDir, `trial-${trial.trial}`);
        listener.runDir(runDir);
        listener.epoch({ epoch: 1, loss: 1, valLoss: trial.trial === 1 ? 0.001 : 0.5 });
        if (trial.trial === 2) {
          mkdirSync(runDir, { recursive: true }); // the record a run of trial 2 left
          writeFileSync(
            path.join(runDir, 'run.json'),
            JSON.stringify({
              format: 'rnn-lab/run@1',
              name: 'sweep',
              status: 'completed',
              startedAt: '2026-01-01T00:00:00Z',
              source: file,
              pid: 1,
              sweep: { id: loaded!.id, trial: 2, parameters: trial.parameters },
            }),
          );
        }
        const finished = Promise.resolve({
          status: 'completed' as const,
          runDir,
          epochsCompleted: 1,
          finalLoss: 1,
          finalValLoss: 0.5,
        });
        return { stop: () => {}, finished };
      },
    });
    assert.equal(outcome.best?.trial.trial, 2);
  });
});

describe('rnn-lab validate on a file with a sweep', () => {
  it('makes every check rnn-lab sweep makes: a combination that fails is an error', spawns, async () => {
    const { file, dir } = writeSweep(
      sweepExperiment(
        {
          parameters: {
            'training.loss': { values: ['mse', 'bce'] },
            'model.layers[1].activation': { values: ['sigmoid', 'linear'] },
          },
        },
        // each value is fine with the file's other settings; bce with a linear output is not
        {
          model: {
            layers: [
              { type: 'rnn', units: 4 },
              { type: 'dense', units: 1, activation: 'sigmoid' },
            ],
          },
        },
      ),
    );
    const v = await runChild(process.execPath, [CLI, 'validate', file], { cwd: dir });
    assert.equal(v.code, 2, v.stdout);
    assert.match(
      v.stderr,
      /error: trial 4 \(training\.loss = "bce", model\.layers\[1\]\.activation = "linear"\): loss "bce" needs outputs in \(0, 1\)/,
    );
    const s = await runChild(process.execPath, [CLI, 'sweep', file, '--out', 'runs'], { cwd: dir });
    assert.equal(s.code, 2);
    assert.equal(s.stderr, v.stderr, 'the same problems, said the same way');
  });

  it('checks a 10,000-trial grid, every trial, and says so', spawns, async () => {
    const { file, dir } = writeSweep(
      sweepExperiment({
        parameters: {
          'training.optimizer.learningRate': { values: Array.from({ length: 100 }, (_, k) => (k + 1) / 1000) },
          'model.layers[0].units': { values: Array.from({ length: 100 }, (_, k) => k + 1) },
        },
      }),
    );
    const started = performance.now();
    const v = await runChild(process.execPath, [CLI, 'validate', file], { cwd: dir });
    assert.equal(v.code, 0, v.stderr);
    assert.match(v.stdout, /: ok: sweep [0-9a-f]{8}: grid, 10000 trials, every one checked/);
    process.stdout.write(
      `# validate of a 10,000-trial grid: ${Math.round(performance.now() - started)} ms (node start included)\n`,
    );
  });
});
