// Successive halving as Ray Tune's ASHA decides: rungs at minEpochs·η^k, and at a rung a trial
// continues only when it is at least as good as the best 1/η of the trials recorded there.

import assert from 'node:assert/strict';
import { it } from 'node:test';
import { SuccessiveHalving } from '../../src/sweeps/pruner';

it('puts the rungs at minEpochs·η^k below the epochs', () => {
  assert.deepEqual(
    new SuccessiveHalving({ minEpochs: 2, reductionFactor: 3 }, 100, 'minimize').rungEpochs,
    [2, 6, 18, 54],
  );
  assert.deepEqual(new SuccessiveHalving({ minEpochs: 5, reductionFactor: 2 }, 40, 'minimize').rungEpochs, [5, 10, 20]);
});

it('keeps the first trial at a rung, then only those within the best 1/η (minimize)', () => {
  const p = new SuccessiveHalving({ minEpochs: 1, reductionFactor: 2 }, 10, 'minimize');
  assert.equal(p.report(1, 1, 0.5), undefined, 'the first trial at a rung always continues');
  assert.deepEqual(p.report(2, 1, 0.7), { epoch: 1, value: 0.7, cutoff: 0.5 });
  assert.equal(p.report(3, 1, 0.4), undefined);
  // recorded: 0.5, 0.7, 0.4 → sorted 0.4, 0.5, 0.7; the 1/2-quantile is 0.5
  assert.equal(p.report(4, 1, 0.5), undefined, 'as good as the cutoff continues');
  assert.deepEqual(p.report(5, 1, 0.55), { epoch: 1, value: 0.55, cutoff: 0.5 });
  assert.equal(p.report(5, 3, 9), undefined, 'not a rung');
  assert.equal(p.report(1, 1, 99), undefined, 'a trial is judged once per rung');
});

it('maximizes accuracy, and a diverged trial (NaN) is worse than any', () => {
  const p = new SuccessiveHalving({ minEpochs: 2, reductionFactor: 3 }, 10, 'maximize');
  assert.equal(p.report(1, 2, 0.6), undefined);
  assert.equal(p.report(2, 2, 0.9), undefined);
  assert.ok(p.report(3, 2, 0.5));
  assert.ok(p.report(4, 2, Number.NaN));
});
