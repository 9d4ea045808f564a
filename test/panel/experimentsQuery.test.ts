// The Experiments table's filter, sort and grouping, as a user types and clicks them.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { METRIC_COLUMNS, type ExperimentRow } from '../../src/panel/experimentsProtocol';
import { columnsOf, groupRows, matches, parseFilter, sortRows } from '../../src/panel/experimentsQuery';

const PARAMS = ['training.optimizer.learningRate', 'model.layers[0].units', 'model.layers[1].units'];

function row(i: number, overrides: Partial<ExperimentRow> = {}, valLoss: number | null = 0.1 * i): ExperimentRow {
  const metrics = Object.fromEntries(METRIC_COLUMNS.map((m) => [m, null])) as Record<
    (typeof METRIC_COLUMNS)[number],
    number | null
  >;
  return {
    runDir: `/runs/r${i}`,
    source: '/ws/a.rnn.json',
    experiment: 'a',
    name: null,
    sweep: null,
    status: 'completed',
    marks: [],
    engine: 'RNN Lab',
    startedAt: `2026-11-01T10:0${i}:00.000Z`,
    durationMs: 1000 * i,
    epochs: 10,
    epochsCompleted: 10,
    metrics: { ...metrics, loss: 0.05 * i, valLoss, bestValLoss: valLoss },
    params: {
      'training.optimizer.learningRate': String(0.01 * i),
      'model.layers[0].units': String(4 * i),
      'model.layers[1].units': '1',
    },
    values: { 'training.optimizer.learningRate': 0.01 * i, 'model.layers[0].units': 4 * i, 'model.layers[1].units': 1 },
    ...overrides,
  };
}

const rows = [
  row(1),
  row(2, { status: 'cancelled' }),
  row(3, { source: '/ws/b.rnn.json', experiment: 'b' }, null),
  row(4),
];
const keep = (text: string) => {
  const f = parseFilter(text, PARAMS);
  assert.ok('clauses' in f, JSON.stringify(f));
  return rows.filter((r) => matches(r, f.clauses)).map((r) => r.runDir.slice(-2));
};

describe('filter', () => {
  it('compares metrics as numbers, joins clauses with and', () => {
    assert.deepEqual(keep('valLoss < 0.25'), ['r1', 'r2']);
    assert.deepEqual(keep('valLoss >= 0.2 and status = completed'), ['r4']);
    assert.deepEqual(keep('valLoss != 0.1'), ['r2', 'r3', 'r4'], 'a run without the metric is "not equal"');
  });

  it('names a hyperparameter by the end of its path, or more of it where that is ambiguous', () => {
    assert.deepEqual(keep('learningRate > 0.025'), ['r3', 'r4']);
    assert.deepEqual(keep('layers[0].units = 8'), ['r2']);
    assert.match(
      (parseFilter('units = 8', PARAMS) as { problem: string }).problem,
      /could be model\.layers\[0\]\.units or model\.layers\[1\]\.units/,
    );
  });

  it('searches words without an operator, and says what is wrong with a clause it cannot read', () => {
    assert.deepEqual(keep('cancelled'), ['r2']);
    assert.deepEqual(keep('experiment ~ b'), ['r3']);
    assert.match((parseFilter('valLoss <', PARAMS) as { problem: string }).problem, /^cannot read "valLoss <"/);
    assert.match((parseFilter('vallos < 1', PARAMS) as { problem: string }).problem, /^no column "vallos"/);
  });
});

describe('sort, group and columns', () => {
  it('sorts numbers as numbers, runs without a value last either way', () => {
    assert.deepEqual(
      sortRows(rows, { column: 'valLoss', descending: false }).map((r) => r.runDir.slice(-2)),
      ['r1', 'r2', 'r4', 'r3'],
    );
    assert.deepEqual(
      sortRows(rows, { column: 'valLoss', descending: true }).map((r) => r.runDir.slice(-2)),
      ['r4', 'r2', 'r1', 'r3'],
    );
    assert.deepEqual(
      sortRows(rows, undefined).map((r) => r.runDir.slice(-2)),
      ['r4', 'r3', 'r2', 'r1'],
      'newest first',
    );
  });

  it('groups by experiment in the order of their first run', () => {
    assert.deepEqual(
      groupRows(sortRows(rows, undefined), 'experiment').map((g) => [g.title, g.rows.length]),
      [
        ['a', 3],
        ['b', 1],
      ],
    );
  });

  it('has a column for each metric some run has, the experiment when there are several, and each hyperparameter', () => {
    const ids = columnsOf(rows, PARAMS).map((c) => c.id);
    assert.deepEqual(ids, [
      'status',
      'name',
      'engine',
      'experiment',
      'loss',
      'valLoss',
      'bestValLoss',
      'epochs',
      'duration',
      'started',
      ...PARAMS,
    ]);
  });

  it('labels the engine of every run: native and PyTorch runs side by side, filtered and sorted alike', () => {
    const both = [row(1), row(2, { engine: 'PyTorch' }), row(3)];
    const f = parseFilter('engine = PyTorch', PARAMS);
    assert.ok('clauses' in f, JSON.stringify(f));
    assert.deepEqual(
      both.filter((r) => matches(r, f.clauses)).map((r) => r.runDir),
      ['/runs/r2'],
    );
    const words = parseFilter('pytorch', PARAMS);
    assert.ok('clauses' in words);
    assert.deepEqual(
      both.filter((r) => matches(r, words.clauses)).map((r) => r.runDir),
      ['/runs/r2'],
      'a word finds it too',
    );
    assert.deepEqual(
      sortRows(both, { column: 'valLoss', descending: false }).map((r) => r.engine),
      ['RNN Lab', 'PyTorch', 'RNN Lab'],
      'ranked by their figures, whichever engine trained them',
    );
  });
});
