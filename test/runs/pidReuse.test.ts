// A run whose trainer died while its pid went to an unrelated process: run.json's pid is alive,
// but its process started at another time than the trainer (run.json's processStart). The run
// lists as interrupted, and Stop does not signal that process.

import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { loadExperiment } from '../../src/experiment/load';
import { processStart } from '../../src/runs/processStart';
import { RUN_FORMAT, type RunRecord } from '../../src/runs/runRecord';
import { RunRecorder } from '../../src/runs/runRecorder';
import { readRunEntry, signalTrainer, trainerAlive } from '../../src/runs/runStore';
import { startChild, TEST_TIMEOUT_MS } from '../helpers/childProcess';
import { experiment, workspace } from '../helpers/workspace';

/** A live process that is not a trainer, as one that got a dead trainer's pid would be. */
async function unrelatedProcess() {
  const child = startChild(process.execPath, ['-e', 'process.stdout.write("up"); setInterval(() => {}, 1000)'], {
    timeoutMs: 60_000,
  });
  await child.stdoutIncludes('up');
  return child;
}

function runningRun(pid: number, start: string | undefined): string {
  const dir = path.join(workspace({}), 'run');
  mkdirSync(dir);
  const record: RunRecord = {
    format: RUN_FORMAT,
    name: 'exp',
    status: 'running',
    startedAt: '2026-11-01T10:00:00.000Z',
    endedAt: null,
    epochs: 10,
    epochsCompleted: 3,
    finalLoss: 0.5,
    finalValLoss: null,
    seed: 0,
    source: '/ws/exp.rnn.json',
    toolVersion: 'test',
    pid,
    host: 'cli',
    ...(start ? { processStart: start } : {}),
  };
  writeFileSync(path.join(dir, 'run.json'), JSON.stringify(record));
  return dir;
}

const stateOf = async (dir: string) => {
  const entry = await readRunEntry(dir);
  assert.equal(entry.kind, 'run');
  return entry.kind === 'run' ? entry : assert.fail();
};

describe(
  'a reused pid',
  { skip: processStart(process.pid) === undefined ? 'this platform cannot tell when a process started' : false },
  () => {
    it(
      'is not the trainer: the run is interrupted and Stop leaves the process alone',
      { timeout: TEST_TIMEOUT_MS },
      async () => {
        const other = await unrelatedProcess();
        try {
          const pid = other.child.pid!;
          const run = await stateOf(runningRun(pid, 'linux:another-boot:12345'));
          assert.equal(run.state, 'interrupted');
          assert.equal(signalTrainer(run.record, 'SIGINT'), false, 'not signalled');
          await new Promise((r) => setTimeout(r, 200));
          assert.equal(other.child.exitCode, null);
          assert.equal(other.child.signalCode, null, 'the unrelated process is still running');
        } finally {
          other.child.kill('SIGKILL');
        }
      },
    );

    it(
      'is the trainer when its process started when the run says: running, and Stop signals it',
      { timeout: TEST_TIMEOUT_MS },
      async () => {
        const trainer = await unrelatedProcess();
        try {
          const run = await stateOf(runningRun(trainer.child.pid!, processStart(trainer.child.pid!)));
          assert.equal(run.state, 'running');
          assert.equal(signalTrainer(run.record, 'SIGTERM'), true);
          assert.equal((await trainer.finished).signal, 'SIGTERM');
        } finally {
          trainer.child.kill('SIGKILL');
        }
      },
    );

    it(
      'trusts the pid alone in a run.json of an older version, without processStart',
      { timeout: TEST_TIMEOUT_MS },
      async () => {
        const other = await unrelatedProcess();
        try {
          assert.equal((await stateOf(runningRun(other.child.pid!, undefined))).state, 'running');
        } finally {
          other.child.kill('SIGKILL');
        }
      },
    );

    it('is recorded by every run: the trainer process and when it started', async () => {
      const ws = workspace({ 'e.rnn.json': experiment() });
      const { loaded } = await loadExperiment(path.join(ws, 'e.rnn.json'));
      const recorder = new RunRecorder(path.join(ws, 'runs'), loaded!, 'test');
      recorder.finish('cancelled', {});
      const { record } = await stateOf(recorder.dir);
      assert.equal(record.pid, process.pid);
      assert.equal(record.processStart, processStart(process.pid));
      assert.ok(trainerAlive(record));
    });
  },
);
