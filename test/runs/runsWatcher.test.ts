// The Runs view learns of runs started elsewhere (the CLI, another window) from these
// watches: a run directory appearing or going, and a running run replacing its run.json.

import assert from 'node:assert/strict';
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { it } from 'node:test';
import { writeJsonAtomic } from '../../src/runs/atomicFile';
import { RUN_FORMAT, type RunRecord } from '../../src/runs/runRecord';
import type { RunEntry } from '../../src/runs/runStore';
import { RunsWatcher } from '../../src/runs/runsWatcher';
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

it('starts watching a runs directory once it exists', () => {
  const runsDir = path.join(workspace({}), 'runs');
  const watcher = new RunsWatcher(runsDir, () => {});
  watcher.update([]);
  assert.equal(watcher.watching, 0);
  mkdirSync(runsDir);
  watcher.update([]);
  assert.equal(watcher.watching, 1);
  watcher.close();
});
