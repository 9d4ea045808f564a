// A full disk while a run is recorded: a file is written whole or not at all (never a truncated
// weights.json renamed into place), no temporary file is left behind, and the run ends as
// failed with the real cause ("cannot write metrics.ndjson: ENOSPC …"), not a wrong one.
// The disk is a seam (FileSystem) over the real one; the last test fills a real file-size
// limit (ulimit -f) under the CLI.

import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { loadExperiment } from '../../src/experiment/load';
import { nodeFileSystem, writeAll, writeFileAtomic, type FileSystem } from '../../src/runs/atomicFile';
import { readMetrics } from '../../src/runs/metricsFile';
import { recordedRun, RunDirectoryError } from '../../src/runs/recordedRun';
import { readRunEntry } from '../../src/runs/runStore';
import { runChild, TEST_TIMEOUT_MS } from '../helpers/childProcess';
import { experiment, workspace } from '../helpers/workspace';

const CLI = path.resolve(__dirname, '../../dist/cli.js');

const enospc = () => Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });

/**
 * The real file system, but files for which `fills(file)` holds take `room` more bytes in all:
 * the write that reaches the limit is short, the ones after it fail with ENOSPC.
 */
function disk(room: number, fills: (file: string) => boolean = () => true) {
  const names = new Map<number, string>();
  const calls: string[] = [];
  const state = { room, full: false };
  const fs: FileSystem = {
    ...nodeFileSystem,
    openSync(file, flags) {
      const fd = nodeFileSystem.openSync(file, flags);
      names.set(fd, file);
      return fd;
    },
    writeSync(fd, data, offset, length) {
      const file = names.get(fd) ?? '';
      calls.push(`write ${path.basename(file)}`);
      if (!state.full && !fills(file)) return nodeFileSystem.writeSync(fd, data, offset, length);
      if (state.full || state.room <= 0) throw enospc();
      const written = nodeFileSystem.writeSync(fd, data, offset, Math.min(length, state.room));
      state.room -= written;
      return written;
    },
    fsyncSync(fd) {
      calls.push(`fsync ${path.basename(names.get(fd) ?? '')}`);
      nodeFileSystem.fsyncSync(fd);
    },
    renameSync(from, to) {
      calls.push(`rename ${path.basename(from)} ${path.basename(to)}`);
      nodeFileSystem.renameSync(from, to);
    },
  };
  return { fs, calls, state };
}

const temporaryFiles = (dir: string) =>
  readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.tmp'));

describe('writeFileAtomic', () => {
  it('writes the whole file when the disk takes a few bytes per write', () => {
    const dir = workspace({});
    const file = path.join(dir, 'weights.json');
    const fs: FileSystem = {
      ...nodeFileSystem,
      writeSync: (fd, data, offset, length) => nodeFileSystem.writeSync(fd, data, offset, Math.min(length, 3)),
    };
    const contents = JSON.stringify({ values: Array.from({ length: 500 }, (_, i) => i / 7) });
    writeFileAtomic(file, contents, fs);
    assert.equal(readFileSync(file, 'utf8'), contents);
  });

  it('leaves the old file and no temporary file when the disk fills, and says ENOSPC', () => {
    const dir = workspace({ 'weights.json': '{"old": true}' });
    const file = path.join(dir, 'weights.json');
    const { fs } = disk(100);
    assert.throws(() => writeFileAtomic(file, 'x'.repeat(10_000), fs), { code: 'ENOSPC' });
    assert.equal(readFileSync(file, 'utf8'), '{"old": true}', 'never a truncated file renamed into place');
    assert.deepEqual(readdirSync(dir), ['weights.json']);
  });

  it('flushes the file to the disk before renaming it over the old one', () => {
    const dir = workspace({});
    const { fs, calls } = disk(Infinity);
    writeFileAtomic(path.join(dir, 'run.json'), '{}', fs);
    assert.deepEqual(
      calls.map((c) => c.split(' ')[0]),
      ['write', 'fsync', 'rename'],
    );
    assert.match(calls[2], /^rename \.run\.json\.[0-9a-f]+\.tmp run\.json$/);
  });

  it('fails instead of looping forever when a write takes nothing', () => {
    const fs: FileSystem = { ...nodeFileSystem, writeSync: () => 0 };
    assert.throws(() => writeAll(1, 'abc', fs), { code: 'ENOSPC' });
  });
});

describe('a run on a disk that fills', () => {
  const long = experiment({
    name: 'long',
    training: { epochs: 400, loss: 'mse', optimizer: { type: 'sgd', learningRate: 0.05 } },
    trace: { shapes: 'off' },
  });

  async function train(fs: FileSystem, onStart?: () => void) {
    const ws = workspace({ 'long.rnn.json': long });
    const { loaded } = await loadExperiment(path.join(ws, 'long.rnn.json'));
    const outcome = await recordedRun(loaded!, { runsDir: path.join(ws, 'runs'), toolVersion: 'test', fs, onStart });
    const entry = await readRunEntry(outcome.runDir, () => false);
    assert.equal(entry.kind, 'run', 'run.json stays whole');
    return { outcome, record: entry.kind === 'run' ? entry.record : undefined };
  }

  it('stops when metrics.ndjson cannot be written and records the run as failed with that cause', async () => {
    const { fs } = disk(50_000, (file) => file.endsWith('metrics.ndjson'));
    const { outcome, record } = await train(fs);
    assert.equal(outcome.status, 'failed');
    assert.match(outcome.message ?? '', /^cannot write metrics\.ndjson: ENOSPC: no space left on device/);
    assert.ok(outcome.epochsCompleted < 400, 'training stopped: nothing more could be recorded');
    assert.equal(record?.status, 'failed');
    assert.equal(record?.message, outcome.message);
    const epochs = await readMetrics(outcome.runDir);
    assert.ok(epochs.length > 0, 'the epochs written before the disk filled still load');
    assert.deepEqual(
      epochs.map((e) => e.epoch),
      epochs.map((_, i) => i + 1),
    );
    assert.deepEqual(temporaryFiles(outcome.runDir), []);
  });

  it('keeps no truncated weights.json and fails the run with the cause when it does not fit', async () => {
    const { fs } = disk(200, (file) => path.basename(file).includes('weights.json'));
    const { outcome, record } = await train(fs);
    assert.equal(outcome.status, 'failed');
    assert.match(outcome.message ?? '', /^cannot write weights\.json: ENOSPC/);
    assert.equal(outcome.epochsCompleted, 400, 'the training itself completed');
    assert.ok(!readdirSync(outcome.runDir).includes('weights.json'));
    assert.deepEqual(temporaryFiles(outcome.runDir), []);
    assert.equal(record?.status, 'failed');
    assert.equal(record?.message, outcome.message);
  });

  it('returns the cause, without throwing, when not even run.json can be written any more', async () => {
    const { fs, state } = disk(Infinity);
    const { outcome, record } = await train(fs, () => {
      state.full = true;
    });
    assert.equal(outcome.status, 'failed');
    assert.match(outcome.message ?? '', /^cannot write (metrics\.ndjson|run\.json): ENOSPC/);
    assert.equal(
      record?.status,
      'running',
      'the last run.json that fitted: listed as interrupted once its process is gone',
    );
    assert.deepEqual(temporaryFiles(outcome.runDir), []);
  });

  it('says that the run directory cannot be created when the disk is full from the start', async () => {
    const ws = workspace({ 'long.rnn.json': long });
    const { loaded } = await loadExperiment(path.join(ws, 'long.rnn.json'));
    const runsDir = path.join(ws, 'runs');
    await assert.rejects(
      recordedRun(loaded!, { runsDir, toolVersion: 'test', fs: disk(0).fs }),
      (err) => err instanceof RunDirectoryError && /ENOSPC/.test(err.message),
    );
    assert.deepEqual(readdirSync(runsDir), [], 'no half-made run directory');
  });
});

describe(
  'the CLI under a real file-size limit (ulimit -f)',
  { skip: process.platform === 'win32' ? 'no ulimit' : false },
  () => {
    it('ends the run as failed with the real cause and exit code 1', { timeout: TEST_TIMEOUT_MS }, async () => {
      const ws = workspace({});
      writeFileSync(
        path.join(ws, 'long.rnn.json'),
        JSON.stringify(
          experiment({
            name: 'long',
            training: { epochs: 5000, loss: 'mse', optimizer: { type: 'sgd', learningRate: 0.05 } },
            trace: { shapes: 'off' },
          }),
        ),
      );
      // 200 blocks (100–200 KB): run.json, experiment.json and weights fit; metrics.ndjson does not.
      const r = await runChild(
        '/bin/sh',
        ['-c', `ulimit -f 200 && exec "${process.execPath}" "${CLI}" train long.rnn.json --out runs --quiet`],
        { cwd: ws },
      );
      assert.equal(r.code, 1, r.stderr);
      assert.match(r.stderr, /long\.rnn\.json: error: cannot write metrics\.ndjson: EFBIG: file too large/);
      assert.doesNotMatch(r.stderr, /cannot create a run directory/);
      const [name] = readdirSync(path.join(ws, 'runs'));
      const entry = await readRunEntry(path.join(ws, 'runs', name));
      assert.equal(entry.kind === 'run' && entry.record.status, 'failed');
      assert.deepEqual(temporaryFiles(path.join(ws, 'runs', name)), []);
    });
  },
);
