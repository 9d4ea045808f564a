// docs/speed.md's figures are written from bench/results.json by the renderer `npm run bench`
// runs, never copied by hand: the page has the generated section, and the renderer puts a
// run's machine, printed table and target lines there without touching the prose around it.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { it } from 'node:test';
import {
  renderSpeedSection,
  spliceSpeedSection,
  SPEED_BEGIN,
  SPEED_END,
  type BenchResults,
} from '../../src/docs/speedReport';
import { ROOT } from './markdownDocs';

const page = () => readFileSync(path.join(ROOT, 'docs/speed.md'), 'utf8');

const run: BenchResults = {
  date: '2027-01-02T03:04:05.000Z',
  cpu: 'Test CPU 9000',
  cores: 4,
  node: '22.1.0',
  threads: [1, 4],
  table: [
    'RNN Lab speed — Test CPU 9000, 4 cores (1 and 4 threads used), Node 22.1.0, 2027-01-02',
    'size  cell  contender  threads  steps/s',
    'tiny  rnn   RNN Lab    1        123,456   ',
    'RNN Lab 4 threads ÷ 1 thread at medium (target ≥ 1.7×): 3.1×',
  ],
};

it('docs/speed.md has one measured section, dated, between the markers the renderer writes', () => {
  const text = page();
  assert.equal(text.split(SPEED_BEGIN).length, 2, 'exactly one begin marker');
  assert.equal(text.split(SPEED_END).length, 2, 'exactly one end marker');
  const section = text.slice(text.indexOf(SPEED_BEGIN), text.indexOf(SPEED_END));
  assert.match(section, /Measured on \d{4}-\d{2}-\d{2}/);
  assert.match(section, /^RNN Lab speed — /m);
});

it('a bench run replaces the measured section: machine, table and targets, the prose kept', () => {
  const before = page();
  const after = spliceSpeedSection(before, renderSpeedSection(run));
  assert.match(
    after,
    /Measured on 2027-01-02 by `npm run bench` \(`bench\/speed.ts`\) on Test CPU 9000, 4 cores, Node 22.1.0, with 1 and 4 threads/,
  );
  assert.ok(after.includes('```text\nRNN Lab speed — Test CPU 9000'), 'the printed lines are there, in a code block');
  assert.ok(after.includes('tiny  rnn   RNN Lab    1        123,456\n'), 'trailing blanks trimmed');
  assert.ok(after.includes('- RNN Lab 4 threads ÷ 1 thread at medium (target ≥ 1.7×): 3.1×'), 'targets listed');
  assert.ok(!after.includes('Measured on 2026-11-29, copied'), 'the old figures are gone');
  const outside = (text: string) => text.slice(0, text.indexOf(SPEED_BEGIN)) + text.slice(text.indexOf(SPEED_END));
  assert.equal(outside(after), outside(before));
  assert.equal(spliceSpeedSection(after, renderSpeedSection(run)), after, 'writing the same run twice changes nothing');
});

it('a page without the markers is an error, not a page with the figures appended somewhere', () => {
  assert.throws(() => spliceSpeedSection('# Speed\n', renderSpeedSection(run)), /no <!-- bench:begin/);
});
