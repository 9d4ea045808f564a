// The Runs view learns of runs started elsewhere (the CLI, another window) from these
// watches: a run directory appearing or going, and a running run replacing its run.json.

import assert from 'node:assert/strict';
import { appendFileSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { it } from 'node:test';
import { writeJsonAtomic } from '../../src/runs/atomicFile';
import { RUN_FORMAT, type RunRecord } from '../../src/runs/runRecord';
import type { RunEntry } from '../../src/runs/runStore';
import { RunsWatcher, withLiveProgress } from '../../src/runs/runsWatcher';
import { workspace } from '../helpers/workspace';

const record = {
  format: RUN_FORMAT,
  name: 'x',
  status: 'running',
  startedAt: '',
  endedAt: null,
  epochs: 9,
  epochsCompleted: 0,
  finalLoss: null,
  finalValLoss: null,
  seed: 0,
  source: '/x',
  toolVersion: '',
  pid: 1,
} as RunRecord;

/** Resolves at the next change the watcher reports; rejects after a while. */
function nextChange(signal: { resolve?: () => void }): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no change reported')), 5000);
    signal.resolve = () => {
      clearTimeout(timer);
      signal.resolve = undefined;
      resolve();
    };
  });
}

it("reports a run directory renamed into place, a running run's new run.json and a deletion", async () => {
  const runsDir = workspace({});
  const signal: { resolve?: () => void } = {};
  const watcher = new RunsWatcher(runsDir, () => signal.resolve?.());
  try {
    watcher.update([]);
    assert.equal(watcher.watching, 1);

    let change = nextChange(signal);
    const temp = path.join(runsDir, '.x-1-abc');
    mkdirSync(temp);
    writeFileSync(path.join(temp, 'run.json'), JSON.stringify(record));
    renameSync(temp, path.join(runsDir, 'x-1'));
    await change;

    const running: RunEntry = { kind: 'run', dir: path.join(runsDir, 'x-1'), record, state: 'running' };
    watcher.update([running]);
    assert.equal(watcher.watching, 2, 'the running run is watched');
    change = nextChange(signal);
    writeJsonAtomic(path.join(running.dir, 'run.json'), { ...record, epochsCompleted: 3 });
    await change;

    watcher.update([{ ...running, state: 'completed' }]);
    assert.equal(watcher.watching, 1, 'a finished run costs no watch');
    change = nextChange(signal);
    rmSync(running.dir, { recursive: true });
    await change;
  } finally {
    watcher.close();
  }
});

it('notices a runs folder another process creates after the window opened, folder by folder', async () => {
  const root = workspace({});
  const runsDir = path.join(root, '.rnn', 'runs');
  const signal: { resolve?: () => void } = {};
  const watcher = new RunsWatcher(runsDir, () => signal.resolve?.());
  try {
    watcher.update([]);
    assert.equal(watcher.watching, 1, 'the nearest existing folder is watched meanwhile');
    const change = nextChange(signal);
    mkdirSync(path.join(root, '.rnn'));
    await new Promise((r) => setTimeout(r, 100));
    mkdirSync(runsDir); // as `rnn-lab train` does for its first run
    await change;
    watcher.update([]);
    assert.equal(watcher.watching, 1, 'now the runs folder itself, and no longer its parent');
  } finally {
    watcher.close();
  }
});

it("reads a running run's new metrics lines: the listing shows its epoch before its run.json says it", async () => {
  const runsDir = workspace({});
  const dir = path.join(runsDir, 'x-1');
  mkdirSync(dir);
  writeFileSync(path.join(dir, 'run.json'), JSON.stringify(record));
  writeFileSync(
    path.join(dir, 'metrics.ndjson'),
    `${JSON.stringify({ type: 'epoch', epoch: 1, epochs: 9, loss: 0.5 })}\n`,
  );
  const running: RunEntry = { kind: 'run', dir, record, state: 'running' };
  const signal: { resolve?: () => void } = {};
  const watcher = new RunsWatcher(
    runsDir,
    () => {},
    () => signal.resolve?.(),
  );
  try {
    watcher.update([running]);
    await new Promise((r) => setTimeout(r, 200)); // the tail starts at the end: epoch 1 is the record's to tell
    const progress = nextChange(signal);
    appendFileSync(
      path.join(dir, 'metrics.ndjson'),
      `${JSON.stringify({ type: 'epoch', epoch: 2, epochs: 9, loss: 0.25, valLoss: 0.3 })}\n{"type":"epoch","epo`,
    );
    await progress;
    assert.deepEqual(watcher.progressOf(dir), { epochsCompleted: 2, finalLoss: 0.25, finalValLoss: 0.3 });
    const [shown] = withLiveProgress([running], (d) => watcher.progressOf(d));
    assert.equal(shown.kind === 'run' && shown.record.epochsCompleted, 2, 'the Runs view and the lens show epoch 2/9');
    assert.equal(record.epochsCompleted, 0, 'the record read from disk is left as it is');
    const finished = withLiveProgress([{ ...running, state: 'completed' }], (d) => watcher.progressOf(d));
    assert.equal(
      finished[0].kind === 'run' && finished[0].record.epochsCompleted,
      0,
      'a finished run is what its run.json says',
    );
  } finally {
    watcher.close();
  }
});
