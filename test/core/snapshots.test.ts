import assert from 'node:assert/strict';
import { it } from 'node:test';
import { isSnapshotEpoch, snapshot } from '../../src/core/snapshots';

it('keeps a small Wh exactly', () => {
  const s = snapshot(Float64Array.from([1, 2, 3, 4]), 2, 2);
  assert.deepEqual(s, { rows: 2, cols: 2, shape: [2, 2], values: [1, 2, 3, 4] });
});

it('block-averages a large Wh to 32×32', () => {
  const m = Float64Array.from({ length: 64 * 64 }, (_, k) => (Math.floor(k / 64) < 32 ? 1 : -1));
  const s = snapshot(m, 64, 64);
  assert.equal(s.values.length, 32 * 32);
  assert.equal(s.values[0], 1, 'top half stays +1');
  assert.equal(s.values[32 * 32 - 1], -1, 'bottom half stays −1');
});

it('takes every early epoch, the last, and about 200 in all', () => {
  const taken = Array.from({ length: 100000 }, (_, i) => i + 1).filter((e) => isSnapshotEpoch(e, 100000));
  assert.deepEqual(taken.slice(0, 10), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  assert.equal(taken[taken.length - 1], 100000);
  assert.ok(taken.length <= 215, `${taken.length} snapshots`);
});
