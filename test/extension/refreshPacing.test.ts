// The pacing of the views that read the one progress source: however often the progress
// changes, the CodeLens and the Runs view are told in a way their debounces let through.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AskBackGate, Throttle } from '../../src/extension/training/refreshPacing';

describe('AskBackGate (the CodeLens)', () => {
  it('tells once, then only after the reader asked; a change meanwhile is told when it asks', () => {
    let now = 0;
    let told = 0;
    const gate = new AskBackGate(
      () => told++,
      2000,
      () => now,
    );
    gate.changed();
    gate.changed();
    gate.changed();
    assert.equal(told, 1, 'changes before the reader asked are one event');
    now = 300;
    gate.asked();
    assert.equal(told, 2, 'the changes it did not see yet are told as it asks');
    gate.asked();
    assert.equal(told, 2, 'nothing new: nothing told');
    gate.changed();
    assert.equal(told, 3);
  });

  it('tells again when the reader has not asked for a while (no editor shows the lenses)', () => {
    let now = 0;
    let told = 0;
    const gate = new AskBackGate(
      () => told++,
      2000,
      () => now,
    );
    gate.changed();
    now = 1999;
    gate.changed();
    assert.equal(told, 1);
    now = 2000;
    gate.changed();
    assert.equal(told, 2);
  });
});

describe('Throttle (the Runs view)', () => {
  it('tells the first change at once and the last one always, never more often than its interval', async () => {
    const times: number[] = [];
    const start = Date.now();
    const throttle = new Throttle(() => times.push(Date.now() - start), 60);
    const end = Date.now() + 300;
    while (Date.now() < end) {
      throttle.changed();
      await new Promise((r) => setTimeout(r, 5));
    }
    await new Promise((r) => setTimeout(r, 100));
    assert.ok(times[0] < 30, `first at once: ${times.join(', ')}`);
    for (let i = 1; i < times.length; i++) assert.ok(times[i] - times[i - 1] >= 55, times.join(', '));
    assert.ok(times.at(-1)! >= 290, `the last change is told: ${times.join(', ')}`);
    assert.ok(times.length >= 4, `kept up while changes kept coming: ${times.join(', ')}`);
    throttle.dispose();
  });
});
