// What the Runs view shows for a run of each status: the line, the state behind the icon,
// and the tooltip.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RUN_FORMAT, type RunRecord, type RunState } from '../../src/runs/runRecord';
import { formatAgo, summarizeRun } from '../../src/runs/runSummary';
import { formatTime } from '../../src/format/numbers';

const now = new Date('2026-11-01T10:05:00.000Z');

function run(state: RunState, overrides: Partial<RunRecord> = {}) {
  const record: RunRecord = {
    format: RUN_FORMAT,
    name: 'sine',
    status: state === 'interrupted' ? 'running' : state,
    startedAt: '2026-11-01T10:00:00.000Z',
    endedAt: state === 'running' || state === 'interrupted' ? null : '2026-11-01T10:00:12.000Z',
    epochs: 30,
    epochsCompleted: 30,
    finalLoss: 0.0634179,
    finalValLoss: null,
    seed: 7,
    source: '/ws/sine.rnn.json',
    toolVersion: '0.1.0',
    pid: 1,
    ...overrides,
  };
  return summarizeRun({ kind: 'run', dir: '/ws/.rnn/runs/sine-20261101-100000', record, state }, now);
}

describe('a run in the Runs view', () => {
  it('shows a completed run with its final loss, epochs, duration and start time', () => {
    const s = run('completed');
    assert.equal(s.state, 'completed');
    // The folder's local time, as the one formatter writes a time of today (src/format/numbers.ts).
    assert.equal(
      s.label,
      formatTime(new Date(2026, 10, 1, 10, 0, 0)),
      'a run without a name leads with its start time',
    );
    assert.equal(s.description, 'loss 0.0634 · 30/30 epochs · 12 s');
    assert.equal(s.tooltip[0], 'sine — completed');
    assert.ok(s.tooltip.includes('/ws/.rnn/runs/sine-20261101-100000'));
    assert.ok(s.tooltip.some((l) => l.includes('seed 7')));
  });

  it('shows a running run with the time it has been running so far', () => {
    const s = run('running', { epochsCompleted: 4, finalLoss: 0.5 });
    assert.equal(s.description, 'loss 0.5 · 4/30 epochs · 5 min 0 s');
  });

  it('says "starting" before a running run has finished an epoch', () => {
    assert.match(run('running', { epochsCompleted: 0, finalLoss: null }).description, /^starting · 0\/30 epochs/);
  });

  it('shows an interrupted run without a duration (its end is unknown) and says why', () => {
    const s = run('interrupted', { epochsCompleted: 12, finalLoss: 0.2 });
    assert.equal(s.state, 'interrupted');
    assert.equal(s.description, 'loss 0.2 · 12/30 epochs');
    assert.match(s.tooltip[0], /interrupted \(its trainer is gone; the epochs so far are kept\)/);
  });

  for (const [state, message] of [
    ['diverged', 'loss became NaN at epoch 3'],
    ['failed', 'internal error: boom'],
    ['cancelled', undefined],
  ] as const) {
    it(`shows a ${state} run with its message`, () => {
      const s = run(state, { epochsCompleted: 3, ...(message ? { message } : {}) });
      assert.equal(s.state, state);
      assert.match(s.description, /^loss 0\.0634 · 3\/30 epochs/);
      if (message) assert.equal(s.tooltip[1], message);
    });
  }

  it('shows a damaged run by its directory name and the reason', () => {
    const s = summarizeRun({ kind: 'damaged', dir: '/ws/.rnn/runs/odd', reason: 'run.json is missing' }, now);
    assert.deepEqual([s.state, s.label, s.description], ['damaged', 'odd', 'run.json is missing']);
  });

  it("names a re-run's original in the tooltip", () => {
    assert.ok(
      run('completed', { rerunOf: '/ws/.rnn/runs/sine-20261031-090000' }).tooltip.includes(
        're-run of sine-20261031-090000',
      ),
    );
  });
});

describe('times', () => {
  it('formats start times relative to now, then as a date', () => {
    const ago = (s: number) => formatAgo(new Date(now.getTime() - s * 1000), now);
    assert.deepEqual([3, 42, 600, 7200, 86400, 3 * 86400, 90 * 86400].map(ago), [
      'just now',
      '42 s ago',
      '10 min ago',
      '2 h ago',
      '1 day ago',
      '3 days ago',
      '2026-08-03',
    ]);
  });
});
