// A CSV is streamed into typed arrays (csv-parse's streaming API): a 50 MB file once took 3 GB
// to validate because it was parsed whole into strings and row objects. Reading now keeps
// about 8 bytes per used cell; the problems it finds still name the row and column.

import assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { formatDiagnostic } from '../../src/diagnostics/diagnostic';
import { checkExperiment, loadExperiment } from '../../src/experiment/load';
import { runChild } from '../helpers/childProcess';
import { experiment, workspace } from '../helpers/workspace';

const ROOT = path.resolve(__dirname, '../..');

const csvExperiment = (extra: object = {}) =>
  experiment({
    data: { csv: 'd.csv', features: ['a'], targets: ['b'], window: 2, normalize: 'none', ...extra },
    model: {
      layers: [
        { type: 'rnn', units: 2 },
        { type: 'dense', units: 1 },
      ],
    },
  });

async function check(csv: string, exp: object = csvExperiment()) {
  const dir = workspace({ 'x.rnn.json': exp, 'd.csv': csv });
  const result = await checkExperiment(path.join(dir, 'x.rnn.json'));
  return { ...result, dir, errors: result.diagnostics.map((d) => formatDiagnostic(d, (f) => path.relative(dir, f))) };
}

describe('streamed CSV', () => {
  it('reads a byte order mark, CRLF line ends, quoted cells and blank lines as before', async () => {
    const { checked, dir } = await check('\uFEFFa,b\r\n1,"2"\r\n\r\n3,4\r\n5,6\r\n7,8\r\n');
    assert.ok(checked);
    assert.deepEqual(checked.shape, { count: 2, steps: 2, inputSize: 1, outputSize: 1, sequenceTargets: false });
    const { loaded } = await loadExperiment(path.join(dir, 'x.rnn.json'));
    assert.deepEqual(Array.from(loaded!.dataset.x), [1, 3, 3, 5]);
    assert.deepEqual(Array.from(loaded!.dataset.y), [6, 8]);
  });

  it('names the row and column of a bad cell after quoted commas', async () => {
    const { errors } = await check(
      'a,b,c\n1,2,x\n"3,5",zz,4\n5,6,7\n',
      csvExperiment({ features: ['b'], targets: ['c'] }),
    );
    assert.deepEqual(errors, ['d.csv:2:5: error: column "c": "x" is not a number']);
  });

  it('a line of 2 MB (no line breaks) stops at the record cap with its row', async () => {
    const { errors } = await check(`a,b\n1,2\n${'9'.repeat(2 << 20)},1\n`);
    assert.equal(errors.length, 1);
    assert.match(errors[0], /^d\.csv:3:1: error: malformed CSV: Max Record Size/);
    assert.ok(errors[0].length < 1200);
  });

  it('a header without rows, and an empty file', async () => {
    assert.deepEqual((await check('a,b\n')).errors, [
      'd.csv:1:1: error: the CSV needs a header row and at least one data row',
    ]);
    assert.deepEqual((await check('')).errors, [
      'd.csv:1:1: error: the CSV needs a header row and at least one data row',
    ]);
  });

  it('a header of 10,000 columns is not listed whole when a column is missing', async () => {
    const header = Array.from({ length: 10000 }, (_, i) => `c${i}`).join(',');
    const { errors } = await check(
      `${header}\n${header.replace(/c\d+/g, '1')}\n`,
      csvExperiment({ features: ['nope'], targets: ['c1'] }),
    );
    assert.match(errors[0], /its header has "c0", "c1", .*"c19" and 9980 more$/);
  });

  it(
    'keeps memory within ~3× the numbers of the used columns (heap capped at 64 MB, 300,000 rows)',
    { timeout: 120_000 },
    async () => {
      const r = await runChild(
        process.execPath,
        [
          '--max-old-space-size=64',
          '--max-semi-space-size=1',
          '--import',
          'tsx',
          path.join(ROOT, 'bench', 'csv-memory.ts'),
          '--rows',
          '300000',
          '--no-build',
          '--json',
        ],
        { cwd: ROOT, timeoutMs: 100_000 },
      );
      assert.equal(r.code, 0, r.stderr.slice(-2000));
      const m = JSON.parse(r.stdout);
      assert.ok(
        m.checkPeakBytes < 3 * m.numericBytes + 16e6,
        `RSS grew ${(m.checkPeakBytes / 1e6).toFixed(1)} MB for ${(m.numericBytes / 1e6).toFixed(1)} MB of numbers`,
      );
    },
  );
});
