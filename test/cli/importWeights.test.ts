// `rnn-lab import-weights` treats a state_dict as hostile input: the one reader for paths (no
// FIFO, device or directory, in or out; the 256 MiB weights limit), keys that name one
// parameter twice, and a wrong-shaped file refused from its scanned shapes before it is built.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync, writeFileSync, ftruncateSync } from 'node:fs';
import * as path from 'node:path';
import { before, describe, it } from 'node:test';
import { Trainer } from '../../src/core/trainer';
import { loadExperiment, trainerConfig } from '../../src/experiment/load';
import { TEST_TIMEOUT_MS } from '../helpers/childProcess';
import { experiment, workspace } from '../helpers/workspace';
import { rnnLab } from './analysisFixtures';

const spawns = { timeout: TEST_TIMEOUT_MS };

const MODEL = experiment({
  model: {
    layers: [
      { type: 'lstm', units: 3 },
      { type: 'dense', units: 1 },
    ],
  },
});

type Matrix = number[][];
const T = (m: Matrix): Matrix => m[0].map((_, c) => m.map((row) => row[c]));

describe('import-weights refuses what it must', () => {
  let dir: string;
  let good: Record<string, unknown>;
  before(async () => {
    dir = workspace({ 'e.rnn.json': MODEL });
    const { loaded } = await loadExperiment(path.join(dir, 'e.rnn.json'));
    const w = new Trainer(trainerConfig(loaded!)).weights() as { layers: Record<string, any>[] };
    const [lstm, dense] = w.layers;
    good = {
      'layers.0.weight_ih_l0': T(lstm.Wx),
      'layers.0.weight_hh_l0': T(lstm.Wh),
      'layers.0.bias_ih_l0': lstm.bx,
      'layers.0.bias_hh_l0': lstm.bh,
      'layers.1.weight': T(dense.W),
      'layers.1.bias': dense.b,
    };
    writeFileSync(path.join(dir, 'good.json'), JSON.stringify(good));
    execFileSync('mkfifo', [path.join(dir, 'pipe.json')]);
    mkdirSync(path.join(dir, 'folder.json'));
  });

  const importing = (file: string, ...rest: string[]) =>
    rnnLab(['import-weights', file, '--experiment', 'e.rnn.json', ...rest], dir);

  it('a FIFO, /dev/zero or a directory as the state_dict, or as -o: PATH: error, exit 2, at once', spawns, async () => {
    for (const [file, kind] of [
      ['pipe.json', /named pipe \(FIFO\)/],
      ['/dev/zero', /character device/],
      ['folder.json', /a directory/],
    ] as const) {
      const r = await importing(file, '-o', 'out.weights.json');
      assert.equal(r.code, 2, r.stderr);
      assert.match(r.stderr, new RegExp(`^${file.replace(/[./]/g, '\\$&')}: error: .*`));
      assert.match(r.stderr, kind);
    }
    for (const [out, kind] of [
      ['pipe.json', /named pipe/],
      ['folder.json', /a directory/],
      ['no/such/folder.json', /does not exist/],
    ] as const) {
      const r = await importing('good.json', '-o', out);
      assert.equal(r.code, 2, r.stderr);
      assert.match(r.stderr, new RegExp(`^${out.replace(/[./]/g, '\\$&')}: error: cannot write there`));
      assert.match(r.stderr, kind);
    }
    const ok = await importing('good.json', '-o', 'out.weights.json');
    assert.equal(ok.code, 0, ok.stderr);
    assert.equal(JSON.parse(readFileSync(path.join(dir, 'out.weights.json'), 'utf8')).format, 'rnn-lab/weights@1');
  });

  it('a state_dict above 256 MiB is refused from its size, unread', spawns, async () => {
    const fd = openSync(path.join(dir, 'huge.json'), 'w');
    ftruncateSync(fd, 257 * 1024 * 1024); // sparse: nothing is written
    closeSync(fd);
    const r = await importing('huge.json');
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /^huge\.json: error: .*is 257 MiB; RNN Lab reads at most 256 MiB from a state_dict/);
  });

  it('keys naming one parameter twice are an error at the second, whichever prefix they carry', spawns, async () => {
    const text = JSON.stringify(good, null, 1).replace(
      /\n}$/,
      `,\n "module.layers.1.bias": ${JSON.stringify(good['layers.1.bias'])}\n}`,
    );
    writeFileSync(path.join(dir, 'twice.json'), text);
    const r = await importing('twice.json');
    assert.equal(r.code, 2, r.stderr);
    const line = text.split('\n').findIndex((l) => l.includes('module.layers.1.bias')) + 1;
    assert.match(
      r.stderr,
      new RegExp(
        `twice\\.json:${line}:2: error: "module\\.layers\\.1\\.bias" names the same parameter as "layers\\.1\\.bias"`,
      ),
    );
    writeFileSync(path.join(dir, 'same.json'), `{"layers.1.bias": [0], "layers.1.bias": [1]}`);
    const same = await importing('same.json');
    assert.equal(same.code, 2);
    assert.match(same.stderr, /same\.json:1:24: error: duplicate key "layers\.1\.bias"/);
  });

  it(
    'a wrong-shaped 85 MB state_dict is refused from its shapes, in a 512 MB heap (it once took 3 GB)',
    spawns,
    async () => {
      const row = `[${Array.from({ length: 2000 }, (_, k) => (k / 7).toFixed(15)).join(',')}]`;
      const rows = Array.from({ length: 2400 }, () => row).join(',');
      const file = path.join(dir, 'wide.json');
      writeFileSync(file, `{"layers.0.weight_ih_l0": [${rows}], "layers.1.bias": [0]}`);
      assert.ok(readFileSync(file).length > 80e6);
      const r = await importing('wide.json');
      assert.equal(r.code, 2, r.stderr);
      assert.match(
        r.stderr,
        /wide\.json:1:2: error: "layers\.0\.weight_ih_l0" .*expected shape \(12, 2\), found 2400 entries at depth 1/,
      );
    },
  );
});
