// A run written by an exported train.py is recorded as RNN Lab records the same experiment:
// run.json's fields (best, finalMetrics, bestMetrics, checkpoints, stoppedEarly,
// restoredEpoch…), accuracy and perplexity on every metrics line, the checkpoints' weights, and
// the run folder's name (a long name, cut where RNN Lab cuts it) — so the Experiments table and
// Compare treat both alike.

import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { before, describe, it } from 'node:test';
import { recordedRun } from '../../src/runs/recordedRun';
import { experiment, workspace } from '../helpers/workspace';
import { exportProject, load, noTorch, onlyRun, runProjects } from './exportFixtures';

/** Fields only the host that trained a run can tell (who, where, when, with what). */
const HOST_FIELDS = ['startedAt', 'endedAt', 'pid', 'processStart', 'host', 'compute', 'worldSize', 'device', 'torch'];
/** Statistics train.py does not compute (the panel shows what there is). */
const STATISTICS = ['dhNorms', 'dcNorms', 'spectralNorms', 'gateSaturation', 'histograms', 'whSnapshots', 'sample'];
const LONG_NAME = `${'é'.repeat(40)} """ ${'z'.repeat(60)} ${'y'.repeat(60)}`;

const EXPERIMENTS: Record<string, Record<string, unknown>> = {
  // crossEntropy with validation: accuracy, valAccuracy, perplexity, valPerplexity; 10 epochs
  // keep the checkpoints of epochs 1–5, 8, the best and the last
  chars: experiment({
    name: LONG_NAME,
    data: { generator: 'copy', samples: 16, steps: 5, length: 2, symbols: 3, validationSplit: 0.25 },
    model: {
      layers: [
        { type: 'gru', units: 5 },
        { type: 'dense', units: 5, activation: 'softmax' },
      ],
      output: 'sequence',
    },
    training: { epochs: 10, batchSize: 4, loss: 'crossEntropy', optimizer: { type: 'adam', learningRate: 0.02 } },
  }),
  // bce without validation, stopped early and the best weights restored
  parity: experiment({
    name: 'parity stopped early',
    data: { generator: 'parity', samples: 12, steps: 4 },
    model: {
      layers: [
        { type: 'lstm', units: 4 },
        { type: 'dense', units: 1, activation: 'sigmoid' },
      ],
    },
    training: {
      epochs: 6,
      batchSize: 5,
      loss: 'bce',
      optimizer: { type: 'sgd', learningRate: 0.5 },
      earlyStopping: { monitor: 'loss', patience: 1, minDelta: 1 },
    },
  }),
};

interface Pair {
  readonly native: string;
  readonly pytorch: string;
}

function json(file: string): Record<string, unknown> {
  return JSON.parse(readFileSync(file, 'utf8'));
}

function lines(runDir: string): Record<string, unknown>[] {
  return readFileSync(path.join(runDir, 'metrics.ndjson'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
}

/** Equal, numbers to 1e-9 relative (float64 runs), recursively. */
function assertAlike(actual: unknown, expected: unknown, at: string): void {
  if (typeof expected === 'number' && typeof actual === 'number') {
    assert.ok(Math.abs(actual - expected) <= 1e-9 * Math.max(1, Math.abs(expected)), `${at}: ${actual} vs ${expected}`);
  } else if (expected && typeof expected === 'object' && actual && typeof actual === 'object') {
    assert.deepEqual(Object.keys(actual).sort(), Object.keys(expected).sort(), `${at}: the same fields`);
    for (const [k, v] of Object.entries(expected)) assertAlike((actual as Record<string, unknown>)[k], v, `${at}.${k}`);
  } else {
    assert.deepEqual(actual, expected, at);
  }
}

function without(record: Record<string, unknown>, keys: string[]): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record).filter(([k]) => !keys.includes(k)));
}

describe('a train.py run is recorded as an RNN Lab run of the same experiment', { skip: noTorch }, () => {
  const runs: Record<string, Pair> = {};
  before(
    async () => {
      const root = workspace(Object.fromEntries(Object.entries(EXPERIMENTS).map(([k, e]) => [`${k}.rnn.json`, e])));
      const projects = [];
      for (const key of Object.keys(EXPERIMENTS)) {
        const loaded = await load(path.join(root, `${key}.rnn.json`));
        const nativeRuns = path.join(root, `native-${key}`);
        const outcome = await recordedRun(loaded, { runsDir: nativeRuns, toolVersion: 'test', host: 'cli' });
        const dir = exportProject(loaded, path.join(root, `project-${key}`));
        const pytorchRuns = path.join(root, `pytorch-${key}`);
        projects.push({ dir, runsDir: pytorchRuns });
        runs[key] = { native: outcome.runDir, pytorch: pytorchRuns };
      }
      const r = await runProjects(projects, 90_000, root);
      assert.equal(r.code, 0, `${r.stdout}\n${r.stderr}`);
      for (const pair of Object.values(runs)) Object.assign(pair, { pytorch: onlyRun(pair.pytorch) });
    },
    { timeout: 150_000 },
  );

  it("writes run.json with the native run's fields and values (but who, where and when)", () => {
    for (const [key, { native, pytorch }] of Object.entries(runs)) {
      const ours = json(path.join(native, 'run.json'));
      const theirs = json(path.join(pytorch, 'run.json'));
      assertAlike(without(theirs, HOST_FIELDS), without(ours, HOST_FIELDS), `${key} run.json`);
      assert.equal(theirs.host, 'pytorch');
    }
    const parity = json(path.join(runs.parity.pytorch, 'run.json'));
    assert.equal(parity.stoppedEarly, true);
    assert.equal(parity.restoredEpoch, 1);
    const chars = json(path.join(runs.chars.pytorch, 'run.json'));
    assert.deepEqual(Object.keys(chars.bestMetrics as object).sort(), [
      'accuracy',
      'loss',
      'perplexity',
      'valAccuracy',
      'valLoss',
      'valPerplexity',
    ]);
  });

  it('writes every epoch with accuracy and perplexity as the native run does', () => {
    for (const [key, { native, pytorch }] of Object.entries(runs)) {
      const ours = lines(native).map((l) => without(l, [...STATISTICS, 'ms']));
      const theirs = lines(pytorch).map((l) => without(l, ['ms']));
      assert.equal(theirs.length, ours.length);
      theirs.forEach((line, i) => assertAlike(line, ours[i], `${key} epoch ${i + 1}`));
    }
  });

  it('keeps the checkpoints of the same epochs, with the same weights', () => {
    for (const [key, { native, pytorch }] of Object.entries(runs)) {
      const files = (dir: string) =>
        readdirSync(path.join(dir, 'checkpoints'))
          .filter((f) => f.endsWith('.json'))
          .sort();
      assert.deepEqual(files(pytorch), files(native), key);
      for (const f of files(native))
        assertAlike(
          json(path.join(pytorch, 'checkpoints', f)),
          json(path.join(native, 'checkpoints', f)),
          `${key} ${f}`,
        );
    }
    const kept = json(path.join(runs.chars.pytorch, 'run.json')).checkpoints as number[];
    assert.deepEqual(kept.slice(0, 6), [1, 2, 3, 4, 5, 8], 'epochs 1–5 and powers of two');
    assert.equal(kept[kept.length - 1], 10, 'the last');
  });

  it('names the run folder as RNN Lab does, a long name cut at the same place', () => {
    for (const { native, pytorch } of Object.values(runs)) {
      const stem = (dir: string) => path.basename(dir).replace(/-\d{8}-\d{6}(-\d+)?$/, '');
      assert.equal(stem(pytorch), stem(native));
    }
    assert.equal(path.basename(runs.chars.pytorch).length, 100 + '-YYYYMMDD-HHMMSS'.length);
  });
});
