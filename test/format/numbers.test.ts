// The one number and date formatter (src/format/numbers.ts): what a reader sees of a loss, a
// count and a date is the same in the panel, Compare, the Experiments table and the Runs view,
// in the language VS Code shows.

import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import {
  formatDateTime,
  formatNumber,
  formatPercent,
  formatTime,
  formatWhen,
  setFormatLocale,
} from '../../src/format/numbers';

afterEach(() => setFormatLocale(undefined));

describe('formatNumber', () => {
  it('writes a figure one way: four significant digits, an exponent only for the very small or large', () => {
    setFormatLocale('en-US');
    // The three spellings of one learning rate become one.
    for (const v of [0.0001919, 1.919e-4]) assert.equal(formatNumber(v), '1.919E-4');
    assert.equal(formatNumber(0.01234567), '0.01235');
    assert.equal(formatNumber(3.14159), '3.142');
    assert.equal(formatNumber(0.5), '0.5');
    assert.equal(formatNumber(12345), '12,345', 'a count whole');
    assert.equal(formatNumber(2.5e7), '2.5E7');
    assert.equal(formatNumber(0), '0');
    assert.equal(formatNumber(null), '—');
    assert.equal(formatNumber(Number.NaN), 'NaN');
  });

  it("follows the user's locale", () => {
    setFormatLocale('de-DE');
    assert.equal(formatNumber(3.14159), '3,142');
    assert.equal(formatNumber(12345), '12.345');
    assert.equal(formatNumber(1.919e-4), '1,919E-4');
    assert.equal(formatPercent(0.9375), '93,8\u00a0%', 'a no-break space before the sign');
  });

  it('falls back to the runtime locale for a tag it does not know', () => {
    setFormatLocale('not a locale!');
    assert.equal(formatNumber(0.5), new Intl.NumberFormat().format(0.5));
  });
});

describe('dates', () => {
  it('writes a moment one way, to the second, in the locale', () => {
    setFormatLocale('en-GB');
    const d = new Date(2026, 11, 6, 10, 16, 53);
    assert.equal(formatDateTime(d), '6 Dec 2026, 10:16:53');
    assert.equal(formatTime(d), '10:16:53');
    assert.equal(formatDateTime('not a date'), '—');
  });

  it('on the 24-hour clock in every locale (run folders are named in it)', () => {
    setFormatLocale('en-US');
    assert.equal(formatTime(new Date(2026, 11, 6, 9, 5, 1)), '09:05:01');
    assert.equal(formatDateTime(new Date(2026, 11, 6, 21, 5, 1)), 'Dec 6, 2026, 21:05:01');
  });

  it('where space is short: the time of day for today, the date and minute before', () => {
    setFormatLocale('en-GB');
    const now = new Date(2026, 11, 6, 18, 0, 0);
    assert.equal(formatWhen(new Date(2026, 11, 6, 10, 16, 53), now), '10:16:53');
    assert.equal(formatWhen(new Date(2026, 11, 5, 10, 16, 53), now), '5 Dec 2026, 10:16');
  });
});
