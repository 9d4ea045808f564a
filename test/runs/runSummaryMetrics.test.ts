// A classifier's run in the Runs view shows its accuracy beside the loss, and its tooltip the
// metrics and the best epoch (run.json's finalMetrics and best).

import assert from 'node:assert/strict';
import { it } from 'node:test';
import { RUN_FORMAT, type RunRecord } from '../../src/runs/runRecord';
import { summarizeRun } from '../../src/runs/runSummary';

function summary(overrides: Partial<RunRecord>) {
  const record: RunRecord = {
    format: RUN_FORMAT,
    name: 'chars',
    status: 'completed',
    startedAt: '2026-11-01T10:00:00.000Z',
    endedAt: '2026-11-01T10:00:12.000Z',
    epochs: 40,
    epochsCompleted: 40,
    finalLoss: 1.51,
    finalValLoss: 2.81,
    seed: 0,
    source: '/ws/chars.rnn.json',
    toolVersion: '0.1.0',
    pid: 1,
    ...overrides,
  };
  return summarizeRun(
    { kind: 'run', dir: '/ws/.rnn/runs/chars-20261101-100000', record, state: 'completed' },
    new Date('2026-11-01T10:05:00.000Z'),
  );
}

it('a classifier shows its validation accuracy beside the loss, and the tooltip its metrics and best epoch', () => {
  const s = summary({
    finalMetrics: { accuracy: 0.562641, valAccuracy: 0.274509, perplexity: 4.546184, valPerplexity: 16.63028 },
    best: { epoch: 8, by: 'valLoss', value: 2.6232 },
  });
  // The row leads with what tells runs apart (its start time); the figures follow.
  assert.equal(s.label, '10:00:00');
  assert.equal(s.description.split(' · ').slice(0, 3).join(' · '), 'loss 1.51 · acc 0.275 · 40/40 epochs');
  assert.ok(s.tooltip.includes('accuracy 0.563, val 0.275; perplexity 4.55, val 16.6'), s.tooltip.join('\n'));
  assert.ok(s.tooltip.includes('best epoch 8 (val_loss 2.6232)'));
});

it('a run without metrics reads as before', () => {
  assert.equal(summary({}).description.split(' · ').slice(0, 2).join(' · '), 'loss 1.51 · 40/40 epochs');
});
