// A run's name in the Runs view: the user's label, else a sweep trial's number and parameters;
// marks for re-runs, CLI runs and pruned trials; Rename Run's label kept in run.json.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { writeJsonAtomic } from '../../src/runs/atomicFile';
import { RunningRunError, setRunLabel } from '../../src/runs/amendRunRecord';
import { RUN_FORMAT, type RunRecord } from '../../src/runs/runRecord';
import { runName, shortParameterNames } from '../../src/runs/runName';
import { summarizeRun } from '../../src/runs/runSummary';
import { workspace } from '../helpers/workspace';

const now = new Date('2026-11-01T10:05:00.000Z');
const record = (overrides: Partial<RunRecord> = {}): RunRecord => ({
  format: RUN_FORMAT,
  name: 'sine',
  status: 'completed',
  startedAt: '2026-11-01T10:00:00.000Z',
  endedAt: '2026-11-01T10:00:12.000Z',
  epochs: 30,
  epochsCompleted: 30,
  finalLoss: 0.0634179,
  finalValLoss: null,
  seed: 7,
  source: '/ws/sine.rnn.json',
  toolVersion: '0.1.0',
  pid: 1,
  ...overrides,
});
const summary = (r: RunRecord) =>
  summarizeRun({ kind: 'run', dir: '/ws/.rnn/runs/sine-20261101-100000', record: r, state: r.status }, now);
const trial = {
  id: '3fa9c1d2',
  trial: 3,
  parameters: { 'training.optimizer.learningRate': 0.0031622776, 'model.layers[0].type': 'lstm' },
};

describe("a run's name", () => {
  it("is a sweep trial's number and parameters, short", () => {
    assert.equal(runName(record({ sweep: trial })), '#3 learningRate=0.003162 type=lstm');
    assert.equal(summary(record({ sweep: trial })).label, '#3 learningRate=0.003162 type=lstm');
    assert.equal(summary(record({ sweep: trial })).description, 'loss 0.0634 · 30/30 epochs · 12 s · 5 min ago');
    assert.ok(summary(record({ sweep: trial })).tooltip.includes('trial 3 of sweep 3fa9c1d2'));
  });

  it("is the user's label when there is one", () => {
    assert.equal(summary(record({ sweep: trial, label: 'the good one' })).label, 'the good one');
  });

  it('is none for a plain run, whose line leads with its start time, the figures after', () => {
    assert.equal(summary(record()).label, '10:00:00');
    assert.equal(summary(record()).description, 'loss 0.0634 · 30/30 epochs · 12 s');
  });

  it('tells parameters apart by the shortest distinct tail of their paths', () => {
    assert.deepEqual(
      [
        ...shortParameterNames([
          'model.layers[0].units',
          'model.layers[1].units',
          'training.optimizer.learningRate',
          'seed',
        ]).values(),
      ],
      ['layers[0].units', 'layers[1].units', 'learningRate', 'seed'],
    );
  });
});

describe('marks', () => {
  it('say re-run, CLI and pruned before the times', () => {
    assert.equal(
      summary(record({ rerunOf: '/ws/.rnn/runs/sine-1', host: 'cli' })).description,
      'loss 0.0634 · 30/30 epochs · re-run · CLI · 12 s',
    );
    assert.equal(summary(record({ host: 'editor' })).description, 'loss 0.0634 · 30/30 epochs · 12 s');
    const pruned = record({
      status: 'cancelled',
      sweep: { ...trial, pruned: { epoch: 6, metric: 'valLoss', value: 0.5, cutoff: 0.2 } },
    });
    assert.equal(summary(pruned).description, 'loss 0.0634 · 30/30 epochs · pruned at epoch 6 · 12 s · 5 min ago');
  });
});

describe('Rename Run', () => {
  it('keeps the label in run.json, and an empty one removes it', async () => {
    const dir = workspace({ 'run/run.json': record() });
    const run = path.join(dir, 'run');
    await setRunLabel(run, '  baseline ');
    assert.equal(JSON.parse(readFileSync(path.join(run, 'run.json'), 'utf8')).label, 'baseline');
    await setRunLabel(run, '');
    assert.equal('label' in JSON.parse(readFileSync(path.join(run, 'run.json'), 'utf8')), false);
  });

  it('refuses a run that is still training (its recorder would overwrite the label), but not an interrupted one', async () => {
    const dir = workspace({});
    writeJsonAtomic(path.join(dir, 'run.json'), record({ status: 'running', endedAt: null }));
    await assert.rejects(setRunLabel(dir, 'x'), RunningRunError);
    await setRunLabel(dir, 'x', () => false);
    assert.equal(JSON.parse(readFileSync(path.join(dir, 'run.json'), 'utf8')).label, 'x');
  });
});
