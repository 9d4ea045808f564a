// Durations as the Runs view, the panel's header and the CLI's progress bar show them.

import assert from 'node:assert/strict';
import { it } from 'node:test';
import { formatDuration } from '../../src/format/duration';

it('formats durations from milliseconds to hours, in words', () => {
  assert.deepEqual(
    [450, 3_250, 12_400, 184_000, 7_500_000].map((ms) => formatDuration(ms)),
    ['0.5 s', '3.3 s', '12 s', '3 min 4 s', '2 h 5 min'],
  );
});

it('formats remaining time compactly for the progress bar', () => {
  assert.deepEqual(
    [3_250, 42_000, 125_000, 7_260_000].map((ms) => formatDuration(ms, 'compact')),
    ['3.3s', '42s', '2m5s', '2h1m'],
  );
});

it('never shows 60 seconds or 10.0 seconds: rounding carries into the next unit', () => {
  assert.deepEqual(
    [9_960, 119_600, 3_599_700].map((ms) => formatDuration(ms)),
    ['10 s', '2 min 0 s', '1 h 0 min'],
  );
});
