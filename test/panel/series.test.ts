// Smoothing and downsampling as a person reading the loss chart relies on them.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { debiasedEma, minMaxDownsample, panelHistory } from '../../src/panel/series';

describe('debiased EMA', () => {
  it('starts at the first value instead of being dragged towards zero', () => {
    const s = debiasedEma([10, 10, 10], 0.9);
    for (const v of s) assert.ok(Math.abs(v! - 10) < 1e-12);
  });

  it('follows a step with the expected lag and leaves gaps as gaps', () => {
    const s = debiasedEma([0, 0, null, 1], 0.5);
    assert.equal(s[2], null);
    // ema after 3 points (0, 0, 1) with β 0.5: 0.5, debiased by 1 − 0.125
    assert.ok(Math.abs(s[3]! - 0.5 / 0.875) < 1e-12);
  });

  it('weight 0 is the raw curve', () => {
    assert.deepEqual(debiasedEma([3, 1, 2], 0), [3, 1, 2]);
  });
});

describe('min/max downsampling', () => {
  it('keeps everything when there are few points', () => {
    assert.deepEqual(minMaxDownsample([1, 2, 3], 10), [0, 1, 2]);
  });

  it('keeps the first, the last and a single spike among 100,000 points', () => {
    const values = Array.from({ length: 100000 }, (_, i) => 1 / (1 + i));
    values[54321] = 50;
    const keep = minMaxDownsample(values, 1000);
    assert.ok(keep.length <= 1000, `${keep.length} points`);
    assert.equal(keep[0], 0);
    assert.equal(keep[keep.length - 1], 99999);
    assert.ok(keep.includes(54321), 'the spike survives');
    for (let i = 1; i < keep.length; i++) assert.ok(keep[i] > keep[i - 1], 'indices ascend');
  });
});

describe('panel history', () => {
  it('keeps epochs that carry Wh snapshots besides the min/max points', () => {
    const points = Array.from({ length: 50000 }, (_, i) => ({
      epoch: i + 1,
      loss: 1 / (1 + i),
      ...(i % 500 === 499 ? { whSnapshots: {} } : {}),
    }));
    const kept = panelHistory(points, 1000);
    assert.equal(kept.filter((p) => p.whSnapshots).length, 100);
    assert.ok(kept.length <= 1100);
    for (let i = 1; i < kept.length; i++) assert.ok(kept[i].epoch > kept[i - 1].epoch);
  });
});
