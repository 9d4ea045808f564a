// How long the Runs view takes to list a workspace with 1,000 runs: run.json only, metrics
// untouched (each run here has 500 epochs of metrics, ~1 MB, that must not be read).
// Prints figures; asserts nothing (the target is under a second).
//   --quick: 20 runs of 5 metrics lines, 3 repeats (test/bench: the script still runs)

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { RUN_FORMAT, type RunRecord } from '../src/runs/runRecord';
import { groupBySource, listRuns } from '../src/runs/runStore';
import { summarizeRun } from '../src/runs/runSummary';

const quick = process.argv.includes('--quick');
const RUNS = quick ? 20 : 1000;
const REPEATS = quick ? 3 : 7;
const runsDir = mkdtempSync(path.join(tmpdir(), 'rnn-lab-bench-runs-'));
const metricsLine = JSON.stringify({
  type: 'epoch',
  epoch: 1,
  loss: 0.1,
  valLoss: null,
  ms: 1,
  weightNorms: { 'layer0.Wx': 1, 'layer0.Wh': 1 },
  gradNorms: { 'layer0.Wx': 1 },
});
const metrics = `${Array.from({ length: quick ? 5 : 500 }, () => metricsLine).join('\n')}\n`;
for (let i = 0; i < RUNS; i++) {
  const dir = path.join(runsDir, `exp${i % 7}-${String(i).padStart(5, '0')}`);
  mkdirSync(dir);
  const record: RunRecord = {
    format: RUN_FORMAT,
    name: `exp${i % 7}`,
    status: i % 50 === 0 ? 'running' : 'completed',
    startedAt: new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString(),
    endedAt: new Date(Date.UTC(2026, 0, 1, 0, 0, i + 3)).toISOString(),
    epochs: 500,
    epochsCompleted: 500,
    finalLoss: 0.01,
    finalValLoss: null,
    seed: i,
    source: `/ws/exp${i % 7}.rnn.json`,
    toolVersion: '0.1.0',
    pid: 999_999_999,
  };
  writeFileSync(path.join(dir, 'run.json'), JSON.stringify(record, null, 2));
  writeFileSync(path.join(dir, 'metrics.ndjson'), metrics);
}

async function main(): Promise<void> {
  const times: number[] = [];
  for (let repeat = 0; repeat < REPEATS; repeat++) {
    const t0 = performance.now();
    const entries = await listRuns(runsDir);
    const groups = groupBySource(entries);
    const now = new Date();
    for (const g of groups) for (const e of g.runs) summarizeRun(e, now);
    times.push(performance.now() - t0);
    if (entries.length !== RUNS) throw new Error(`listed ${entries.length} runs, expected ${RUNS}`);
  }
  const sorted = times.slice().sort((a, b) => a - b);
  console.log(
    `list ${RUNS} runs (read run.json, group, describe every tree item): first ${times[0].toFixed(0)} ms, median ${sorted[REPEATS >> 1].toFixed(0)} ms of ${REPEATS}`,
  );
}

void main().finally(() => rmSync(runsDir, { recursive: true, force: true }));
