// A run that another process writes is followed from its files: a panel opened on it mid-run
// gets every later epoch as it reaches the disk and learns when the run ends (item 26 of
// issue 24). Checked on a file written piece by piece and on a real `rnn-lab train`.

import assert from 'node:assert/strict';
import { appendFileSync, existsSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { it } from 'node:test';
import type { EpochEvent } from '../../src/core/trainer';
import { writeJsonAtomic } from '../../src/runs/atomicFile';
import { readMetrics } from '../../src/runs/metricsFile';
import { RunFollower } from '../../src/runs/runFollower';
import { RUN_FORMAT, type RunRecord } from '../../src/runs/runRecord';
import type { RunEntry } from '../../src/runs/runStore';
import { startChild } from '../helpers/childProcess';
import { experiment, workspace } from '../helpers/workspace';

const CLI = path.resolve(__dirname, '../../dist/cli.js');

const record = {
  format: RUN_FORMAT,
  name: 'x',
  status: 'running',
  startedAt: '2026-01-01T00:00:00.000Z',
  endedAt: null,
  epochs: 3,
  epochsCompleted: 0,
  finalLoss: null,
  finalValLoss: null,
  seed: 0,
  source: '/x.rnn.json',
  toolVersion: '',
  pid: 1,
} as RunRecord;

const line = (epoch: number) => `${JSON.stringify({ type: 'epoch', epoch, epochs: 3, loss: 1 / epoch })}\n`;

function collect() {
  const epochs: EpochEvent[] = [];
  const records: Extract<RunEntry, { kind: 'run' }>[] = [];
  return {
    epochs,
    records,
    handlers: {
      epochs: (e: EpochEvent[]) => epochs.push(...e),
      record: (r: (typeof records)[number]) => records.push(r),
    },
  };
}

async function until(what: string, probe: () => boolean, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!probe()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

it('delivers the lines written after it started, a line only once it is whole, and ends with the run', async () => {
  const dir = workspace({ 'run.json': record, 'metrics.ndjson': line(1) });
  const seen = collect();
  const follower = await RunFollower.fromNow(dir, () => true, seen.handlers);
  try {
    await until('the running record', () => seen.records.length === 1);
    assert.equal(seen.records[0].state, 'running');
    const half = line(2).slice(0, 10);
    appendFileSync(path.join(dir, 'metrics.ndjson'), half);
    await new Promise((r) => setTimeout(r, 600));
    assert.equal(
      seen.epochs.length,
      0,
      'epoch 1 was there before (the panel loads it from disk); half a line is not an epoch',
    );
    appendFileSync(path.join(dir, 'metrics.ndjson'), line(2).slice(10) + line(3));
    await until('epochs 2 and 3', () => seen.epochs.length === 2);
    assert.deepEqual(
      seen.epochs.map((e) => [e.epoch, e.loss]),
      [
        [2, 0.5],
        [3, 1 / 3],
      ],
    );
    writeJsonAtomic(path.join(dir, 'run.json'), {
      ...record,
      status: 'completed',
      epochsCompleted: 3,
      finalLoss: 1 / 3,
    });
    await follower.ended;
    assert.equal(seen.records.at(-1)?.state, 'completed', 'the panel hears that the run completed');
  } finally {
    follower.close();
  }
});

it('ends as interrupted when the trainer dies without finishing its run', async () => {
  const dir = workspace({ 'run.json': record, 'metrics.ndjson': '' });
  let alive = true;
  const seen = collect();
  const follower = await RunFollower.fromNow(dir, () => alive, seen.handlers, 50);
  await until('the running record', () => seen.records.length === 1);
  alive = false;
  await follower.ended;
  assert.equal(seen.records.at(-1)?.state, 'interrupted');
});

it(
  'follows `rnn-lab train` started in a terminal: every epoch after the panel opened, live, then completed',
  { skip: existsSync(CLI) ? undefined : 'dist/cli.js is not built (npm run build)', timeout: 60_000 },
  async () => {
    // Long enough (~2 s on a quiet machine) that the follower starts while the run trains.
    const epochs = 150;
    const root = workspace({
      'slow.rnn.json': experiment({
        name: 'slow',
        data: { generator: 'sine', samples: 64, steps: 12 },
        model: {
          layers: [
            { type: 'lstm', units: 16 },
            { type: 'dense', units: 1 },
          ],
        },
        training: { epochs, batchSize: 4, loss: 'mse', optimizer: { type: 'adam', learningRate: 0.01 } },
      }),
    });
    const runsDir = path.join(root, 'runs');
    const cli = startChild(
      process.execPath,
      [CLI, 'train', path.join(root, 'slow.rnn.json'), '--out', runsDir, '--threads', '1', '--quiet'],
      { timeoutMs: 50_000 },
    );
    try {
      await until(
        'the run directory',
        () => existsSync(runsDir) && readdirSync(runsDir).some((n) => !n.startsWith('.')),
        20_000,
      );
      const dir = path.join(
        runsDir,
        readdirSync(runsDir).find((n) => !n.startsWith('.'))!,
      );
      const seen = collect();
      const follower = await RunFollower.fromNow(dir, () => cli.child.exitCode === null, seen.handlers);
      const before = await readMetrics(dir); // what the panel loads when it opens
      // The record and the first live epoch may arrive in either order; the first record read
      // is the state the run was in when it was followed.
      await until('a live epoch and the record', () => seen.epochs.length > 0 && seen.records.length > 0, 20_000);
      const whileRunning = seen.records[0].state;
      await follower.ended;
      await cli.finished;
      assert.equal(whileRunning, 'running', 'an epoch arrived while the run was still running');
      assert.equal(seen.records.at(-1)?.record.status, 'completed');
      const shown = new Map([...before, ...seen.epochs].map((e) => [e.epoch, e.loss]));
      const onDisk = await readMetrics(dir);
      assert.equal(onDisk.length, epochs);
      assert.deepEqual(
        [...shown.entries()].sort((a, b) => a[0] - b[0]),
        onDisk.map((e) => [e.epoch, e.loss]),
        'history plus live epochs: every epoch once, none missing',
      );
    } finally {
      cli.child.kill('SIGKILL');
    }
  },
);
