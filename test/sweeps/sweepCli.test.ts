// rnn-lab sweep as a user meets it: a positioned error before anything trains, Ctrl-C stopping
// every trial cleanly (exit 130, each run cancelled or finished, none left running) and the
// same command resuming the sweep. Runs the built bundle (dist/cli.js), so `npm test` builds first.

import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { listRuns } from '../../src/runs/runStore';
import { runChild, startChild, TEST_TIMEOUT_MS } from '../helpers/childProcess';
import { positionOf, sweepExperiment, writeSweep } from './fixtures';

const CLI = path.resolve(__dirname, '../../dist/cli.js');
const spawns = { timeout: TEST_TIMEOUT_MS };

describe('rnn-lab sweep', () => {
  it('reports a bad parameter at its position and trains nothing (exit 2)', spawns, async () => {
    const { file, dir, text } = writeSweep(
      sweepExperiment({ parameters: { 'model.layers[0].units': { values: [4, -1] } } }),
    );
    const r = await runChild(process.execPath, [CLI, 'sweep', file, '--out', path.join(dir, 'runs')], { cwd: dir });
    assert.equal(r.code, 2, r.stderr);
    assert.equal(
      r.stderr,
      `sweep.rnn.json:${positionOf(text, '-1')}: error: model.layers[0].units = -1: model.layers[0].units must be >= 1\n`,
    );
    assert.equal(existsSync(path.join(dir, 'runs')), false);
  });

  it(
    'Ctrl-C stops every trial (kept as cancelled, exit 130); the same command resumes, skipping the finished trial',
    spawns,
    async () => {
      // Trial 1 is short and finishes; trials 2 and 3 are long and are running when Ctrl-C comes.
      const { file, dir } = writeSweep(
        sweepExperiment(
          { parameters: { 'training.epochs': { values: [100, 6000, 6000] } }, parallel: 2 },
          { training: { epochs: 10, batchSize: 8, loss: 'mse', optimizer: { type: 'adam', learningRate: 0.01 } } },
        ),
      );
      const runsDir = path.join(dir, 'runs');
      const sweep = (args: string[] = []) =>
        startChild(process.execPath, [CLI, 'sweep', file, '--out', runsDir, ...args], { cwd: dir, timeoutMs: 60_000 });
      const first = sweep();
      await first.stdoutIncludes('trial 1/3 completed');
      await first.stdoutIncludes('trial 3/3 started');
      first.child.kill('SIGINT');
      const stopped = await first.finished;
      assert.equal(stopped.code, 130, stopped.stderr);
      assert.match(stopped.stderr, /^stopping the sweep: every running trial is saved as cancelled/);
      assert.match(stopped.stdout, /^trial 2\/3 cancelled in /m);
      assert.match(stopped.stdout, /^trial 3\/3 cancelled in /m);
      assert.match(
        stopped.stdout,
        /^sweep stopped: 1 of 3 trials done \(1 completed, 2 cancelled\); run it again to resume$/m,
      );
      const statuses = async () =>
        (await listRuns(runsDir))
          .map((e) => (e.kind === 'run' ? `${e.record.sweep?.trial} ${e.state}` : 'damaged'))
          .sort();
      assert.deepEqual(await statuses(), ['1 completed', '2 cancelled', '3 cancelled'], 'no run left running');

      const resumed = await sweep().finished;
      assert.equal(resumed.code, 0, resumed.stderr);
      assert.match(resumed.stdout, /^resuming: 1 of 3 trials are done already$/m);
      assert.doesNotMatch(resumed.stdout, /trial 1\/3 started/, 'the finished trial is not trained again');
      assert.match(resumed.stdout, /^sweep done: 3 trials \(1 done earlier, 2 completed\)$/m);
      assert.deepEqual(await statuses(), ['1 completed', '2 cancelled', '2 completed', '3 cancelled', '3 completed']);
    },
  );
});
