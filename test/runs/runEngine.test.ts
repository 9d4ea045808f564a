// Native and PyTorch runs come back whole: the panel's header (and so the report), Compare
// and the Experiments table say which engine trained each, and treat both alike.

import assert from 'node:assert/strict';
import { it } from 'node:test';
import { readComparison } from '../../src/panel/comparison';
import { engineDetail, runEngine } from '../../src/runs/runEngine';
import { runHeader } from '../../src/runs/runHeader';
import { summarizeRun } from '../../src/runs/runSummary';
import type { RunRecord } from '../../src/runs/runRecord';
import { writeRunDir } from '../helpers/runDir';
import { experiment } from '../helpers/workspace';

it('names the engine: RNN Lab for the editor, the CLI and older records; PyTorch with its torch, device and processes', () => {
  assert.equal(runEngine({ host: 'editor' }), 'RNN Lab');
  assert.equal(runEngine({ host: 'cli' }), 'RNN Lab');
  assert.equal(runEngine({}), 'RNN Lab');
  assert.equal(engineDetail({ host: 'cli' }), 'RNN Lab');
  assert.equal(engineDetail({ host: 'pytorch', torch: '1.13.0', device: 'cpu', worldSize: 1 }), 'PyTorch 1.13.0 · cpu');
  assert.equal(engineDetail({ host: 'pytorch', device: 'cuda:0', worldSize: 4 }), 'PyTorch · cuda:0 · 4 processes');
  const hostile = {
    host: 'pytorch',
    torch: 'x'.repeat(10_000),
    device: { no: 1 },
    worldSize: 1e300,
  } as unknown as RunRecord;
  assert.equal(
    engineDetail(hostile),
    'PyTorch',
    'what run.json says is told only when it is a short string or a count',
  );
});

it('the header of a PyTorch run (the panel, the report) carries its engine', () => {
  const header = runHeader({ host: 'pytorch', torch: '2.3.1', device: 'mps', worldSize: 1 } as RunRecord);
  assert.equal(header.engine, 'PyTorch 2.3.1 · mps');
});

it('Compare labels each run’s engine, in its legend when the engines differ', async () => {
  const e = experiment();
  const native = writeRunDir({ experiment: e, record: { host: 'editor' } });
  const pytorch = writeRunDir({
    experiment: e,
    record: { host: 'pytorch', torch: '1.13.0', device: 'cpu', worldSize: 2 },
  });
  const c = await readComparison([native, pytorch], () => true, new Date('2026-01-01T00:00:02.000Z'));
  assert.deepEqual(
    c.runs.map((r) => r.engine),
    ['RNN Lab', 'PyTorch 1.13.0 · cpu · 2 processes'],
  );
  assert.match(c.runs[0].label, / · RNN Lab$/);
  assert.match(c.runs[1].label, / · PyTorch$/);
  const same = await readComparison([native, writeRunDir({ experiment: e })], () => true);
  assert.ok(!same.runs.some((r) => r.label.includes('RNN Lab')), 'runs of one engine: the legend does not repeat it');
});

it('the Runs view marks a PyTorch run as such, a native one as before', () => {
  const record = {
    format: 'rnn-lab/run@1',
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
  } as RunRecord;
  const now = new Date('2026-11-01T10:05:00.000Z');
  const entry = (r: RunRecord) => ({
    kind: 'run' as const,
    dir: '/ws/.rnn/runs/sine-20261101-100000',
    record: r,
    state: r.status,
  });
  assert.equal(
    summarizeRun(entry({ ...record, host: 'pytorch' }), now).description,
    'loss 0.0634 · 30/30 epochs · PyTorch · 12 s',
  );
  assert.equal(
    summarizeRun(entry({ ...record, host: 'editor' }), now).description,
    'loss 0.0634 · 30/30 epochs · 12 s',
  );
});
