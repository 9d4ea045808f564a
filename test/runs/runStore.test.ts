// The run store as the Runs view and the CodeLens read it: every run directory listed from
// run.json alone, a dead trainer's run shown as interrupted, an unreadable run.json shown as
// damaged (never hidden, never thrown), and a killed training's directory still loadable.

import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { readRunHistory } from '../../src/panel/runHistory';
import { readMetrics } from '../../src/runs/metricsFile';
import { createRunDirectory } from '../../src/runs/runDirectory';
import { RUN_FORMAT, type RunRecord } from '../../src/runs/runRecord';
import { groupBySource, latestRunOf, listRuns, processAlive, readRunEntry } from '../../src/runs/runStore';
import { runChild, startChild, TEST_TIMEOUT_MS } from '../helpers/childProcess';
import { experiment, workspace } from '../helpers/workspace';

const ROOT = path.resolve(__dirname, '../..');
const CLI = path.join(ROOT, 'dist', 'cli.js');

function record(overrides: Partial<RunRecord> = {}): RunRecord {
  return {
    format: RUN_FORMAT,
    name: 'exp',
    status: 'completed',
    startedAt: '2026-11-01T10:00:00.000Z',
    endedAt: '2026-11-01T10:00:05.000Z',
    epochs: 10,
    epochsCompleted: 10,
    finalLoss: 0.25,
    finalValLoss: null,
    seed: 1,
    source: '/ws/exp.rnn.json',
    toolVersion: '0.1.0',
    pid: process.pid,
    ...overrides,
  };
}

function writeRun(runsDir: string, name: string, contents: RunRecord | string): string {
  const dir = path.join(runsDir, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'run.json'), typeof contents === 'string' ? contents : JSON.stringify(contents));
  return dir;
}

/** The pid of a process that has exited: no trainer can be behind it. */
async function deadPid(): Promise<number> {
  const r = await runChild(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
  const pid = Number(r.stdout);
  assert.equal(processAlive(pid), false);
  return pid;
}

describe('listing runs', () => {
  it('lists runs newest first, and damaged ones last with the reason instead of hiding them', async () => {
    const runs = workspace({});
    writeRun(runs, 'a', record({ startedAt: '2026-11-01T10:00:00.000Z' }));
    writeRun(runs, 'b', record({ startedAt: '2026-11-02T10:00:00.000Z' }));
    writeRun(runs, 'torn', '{"format": "rnn-lab/run@1", "name": "ex'); // half-written by a tool that did not rename
    mkdirSync(path.join(runs, 'empty'));
    writeRun(runs, 'foreign', JSON.stringify({ hello: 'world' }));
    const entries = await listRuns(runs);
    assert.deepEqual(
      entries.map((e) => path.basename(e.dir)),
      ['b', 'a', 'torn', 'foreign', 'empty'],
    );
    const reasons = Object.fromEntries(
      entries.filter((e) => e.kind === 'damaged').map((e) => [path.basename(e.dir), e.kind === 'damaged' && e.reason]),
    );
    assert.match(reasons.torn as string, /^run\.json is not valid JSON/);
    assert.equal(reasons.empty, 'run.json is missing');
    assert.match(reasons.foreign as string, /not an rnn-lab\/run@1 record/);
  });

  it('does not list a run directory still being created (hidden temporary name)', async () => {
    const runs = workspace({});
    writeRun(runs, '.exp-20261101-100000-x1y2', record());
    assert.deepEqual(await listRuns(runs), []);
  });

  it('gives no runs for a runs directory that does not exist yet', async () => {
    assert.deepEqual(await listRuns(path.join(workspace({}), 'nothing', 'here')), []);
  });

  it('lists 1,000 runs of several experiments, grouped by file, newest first', async () => {
    const runs = workspace({});
    for (let i = 0; i < 1000; i++) {
      const startedAt = new Date(Date.UTC(2026, 10, 1, 0, 0, i)).toISOString();
      writeRun(
        runs,
        `run-${String(i).padStart(4, '0')}`,
        record({ startedAt, source: `/ws/exp${i % 3}.rnn.json`, finalLoss: i }),
      );
    }
    const entries = await listRuns(runs);
    assert.equal(entries.length, 1000);
    const groups = groupBySource(entries);
    assert.deepEqual(
      groups.map((g) => [g.source, g.runs.length]),
      [
        ['/ws/exp0.rnn.json', 334],
        ['/ws/exp1.rnn.json', 333],
        ['/ws/exp2.rnn.json', 333],
      ],
    );
    assert.equal(path.basename(groups[1].runs[0].dir), 'run-0997');
    assert.equal(latestRunOf(entries, '/ws/exp2.rnn.json')?.record.finalLoss, 998);
  });
});

describe('interrupted runs', () => {
  it('shows a running run whose process is gone as interrupted', { timeout: TEST_TIMEOUT_MS }, async () => {
    const runs = workspace({});
    const dir = writeRun(runs, 'r', record({ status: 'running', endedAt: null, pid: await deadPid() }));
    const entry = await readRunEntry(dir);
    assert.equal(entry.kind === 'run' && entry.state, 'interrupted');
  });

  it('keeps a running run of a live process running, and asks the caller about its own process', async () => {
    const runs = workspace({});
    const dir = writeRun(runs, 'r', record({ status: 'running', endedAt: null, pid: process.pid }));
    const live = await readRunEntry(dir);
    assert.equal(live.kind === 'run' && live.state, 'running');
    // An editor window knows which of its own runs still have a worker behind them.
    const noWorker = await readRunEntry(dir, () => false);
    assert.equal(noWorker.kind === 'run' && noWorker.state, 'interrupted');
  });

  it('never calls a finished run interrupted', { timeout: TEST_TIMEOUT_MS }, async () => {
    const runs = workspace({});
    const dir = writeRun(runs, 'r', record({ status: 'cancelled', pid: await deadPid() }));
    const entry = await readRunEntry(dir, () => false);
    assert.equal(entry.kind === 'run' && entry.state, 'cancelled');
  });
});

describe('a training killed with SIGKILL mid-run', () => {
  it(
    'leaves a run directory that lists as interrupted and loads its epochs so far',
    { timeout: TEST_TIMEOUT_MS },
    async () => {
      const ws = workspace({
        'long.rnn.json': experiment({
          name: 'long',
          training: { epochs: 1_000_000, loss: 'mse', optimizer: { type: 'sgd', learningRate: 0.01 } },
          trace: { shapes: 'off' },
        }),
      });
      const runsDir = path.join(ws, 'runs');
      const training = startChild(process.execPath, [CLI, 'train', 'long.rnn.json', '--out', runsDir, '--quiet'], {
        cwd: ws,
      });
      let ended: string | undefined;
      training.finished.then(
        (f) => {
          ended = `the training exited (code ${f.code}) on its own: ${f.stderr}`;
        },
        (err: Error) => {
          ended = err.message;
        },
      );
      const metricsOf = () => {
        const names = (() => {
          try {
            return readdirSync(runsDir).filter((n) => !n.startsWith('.'));
          } catch {
            return [];
          }
        })();
        return names.length ? path.join(runsDir, names[0]) : undefined;
      };
      // Wait for a few hundred epochs and at least one progress rewrite of run.json.
      const deadline = Date.now() + 30_000;
      let dir: string | undefined;
      for (;;) {
        dir = metricsOf();
        if (dir && JSON.parse(readFileSync(path.join(dir, 'run.json'), 'utf8')).epochsCompleted > 0) break;
        assert.equal(ended, undefined);
        assert.ok(Date.now() < deadline, 'the training started and reported progress');
        await new Promise((r) => setTimeout(r, 50));
      }
      training.child.kill('SIGKILL');
      assert.equal((await training.finished).signal, 'SIGKILL');

      const [entry] = await listRuns(runsDir);
      assert.equal(entry.kind, 'run', 'run.json is whole: it is only ever replaced by rename');
      assert.equal(entry.kind === 'run' && entry.state, 'interrupted');
      const epochs = await readMetrics(dir);
      assert.ok(
        epochs.length >= (entry.kind === 'run' ? entry.record.epochsCompleted : 0),
        'every recorded epoch loads',
      );
      assert.deepEqual(
        epochs.map((e) => e.epoch),
        epochs.map((_, i) => i + 1),
        'epochs 1..n, a torn last line skipped',
      );
      const history = await readRunHistory(dir);
      assert.equal(history?.header.status, 'interrupted');
      assert.equal(history?.points.at(-1)?.epoch, epochs.at(-1)?.epoch, 'the panel opens on the last recorded epoch');
    },
  );
});

describe('creating run directories', () => {
  it('gives runs started in the same second their own directories, each complete when it appears', async () => {
    const runs = workspace({});
    const started = new Date(2026, 10, 1, 10, 0, 0);
    const dirs = Array.from({ length: 3 }, (_, i) =>
      createRunDirectory(runs, 'exp', started, (temp) => {
        writeFileSync(path.join(temp, 'run.json'), JSON.stringify(record({ finalLoss: i })));
      }),
    );
    assert.deepEqual(
      dirs.map((d) => path.basename(d)),
      ['exp-20261101-100000', 'exp-20261101-100000-2', 'exp-20261101-100000-3'],
    );
    assert.deepEqual(
      readdirSync(runs).sort(),
      dirs.map((d) => path.basename(d)).sort(),
      'no temporary directory left behind',
    );
    const losses = await Promise.all(
      dirs.map(async (d) => {
        const e = await readRunEntry(d);
        return e.kind === 'run' ? e.record.finalLoss : null;
      }),
    );
    assert.deepEqual(losses, [0, 1, 2]);
  });

  it('removes its temporary directory when filling it fails', () => {
    const runs = workspace({});
    assert.throws(
      () =>
        createRunDirectory(runs, 'exp', new Date(), () => {
          throw new Error('disk full');
        }),
      /disk full/,
    );
    assert.deepEqual(readdirSync(runs), []);
  });
});
