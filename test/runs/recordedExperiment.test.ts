// What shows runs reads a run's experiment.json through the one reader: a run directory copied in
// from elsewhere (an untrusted folder's) with a FIFO, a device or a huge file there must not stall
// or flood a run's panel, Compare or the Experiments table — the views Restricted Mode allows.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { MAX_EXPERIMENT_FILE_BYTES } from '../../src/data/limits';
import { readRunAbout } from '../../src/panel/runFacts';
import { readRecordedExperiment } from '../../src/runs/recordedExperiment';

const root = mkdtempSync(path.join(tmpdir(), 'rnn-lab-recorded-'));
after(() => rmSync(root, { recursive: true, force: true }));

function runDir(name: string, experiment: (file: string) => void): string {
  const dir = path.join(root, name);
  mkdirSync(dir);
  experiment(path.join(dir, 'experiment.json'));
  return dir;
}

/** Fails instead of hanging: a FIFO opened for reading blocks until a writer comes. */
function within<T>(ms: number, promise: Promise<T>): Promise<T> {
  return Promise.race([
    promise,
    new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`still reading after ${ms} ms`)), ms).unref()),
  ]);
}

describe("a run's recorded experiment, read for the views", () => {
  it('is the parsed settings of an ordinary run', async () => {
    const dir = runDir('ok', (f) => writeFileSync(f, JSON.stringify({ name: 'sine', training: { epochs: 3 } })));
    assert.deepEqual(await readRecordedExperiment(dir), { name: 'sine', training: { epochs: 3 } });
  });

  it('is nothing, at once, for a FIFO, a link to a device, a file over the limit, or not JSON', async () => {
    const dirs = [
      runDir('fifo', (f) => execFileSync('mkfifo', [f])),
      runDir('device', (f) => symlinkSync('/dev/zero', f)),
      runDir('huge', (f) => {
        writeFileSync(f, '');
        truncateSync(f, MAX_EXPERIMENT_FILE_BYTES + 1);
      }),
      runDir('garbled', (f) => writeFileSync(f, '{"name": ')),
    ];
    for (const dir of dirs) assert.equal(await within(5000, readRecordedExperiment(dir)), undefined, dir);
  });

  it("leaves a run's panel facts without settings rather than stalled", async () => {
    const about = await within(5000, readRunAbout(path.join(root, 'fifo')));
    assert.deepEqual(about.settings, []);
  });
});
