// The summary a training ends with, the same on the terminal and in the editor's output channel.

import assert from 'node:assert/strict';
import { it } from 'node:test';
import { formatTrainingEnd } from '../../src/format/lines';

it('says how many epochs completed, the final losses and where the run is', () => {
  const end = { status: 'completed', epochsCompleted: 10, finalLoss: 0.3578251, finalValLoss: null };
  assert.deepEqual(formatTrainingEnd(end, 10, '.rnn/runs/notebook-20261128-222055'), [
    'completed 10/10 epochs: loss 0.357825',
    'run saved to .rnn/runs/notebook-20261128-222055',
  ]);
  assert.deepEqual(
    formatTrainingEnd({ ...end, finalValLoss: 0.4 }, 10, 'r')[0],
    'completed 10/10 epochs: loss 0.357825 val_loss 0.400000',
  );
});

it('says where a run that did not complete is kept, and how it ended', () => {
  const end = { status: 'cancelled', epochsCompleted: 3, finalLoss: 0.5, finalValLoss: null };
  assert.deepEqual(formatTrainingEnd(end, 10, 'r'), ['run saved to r (cancelled)']);
});
