// What reading a large CSV costs: a generated daily-weather-like series (two columns, three
// decimals) checked as `rnn-lab validate` does (streamed, no windows built), then loaded as
// `train` does (the windows built). Prints time and peak RSS against the numbers it holds.
// Asserts nothing (the target: memory within ~3× the numeric data).
//   --rows N: rows of the CSV (default 2,900,000, ~37 MB, the 50 MB case in rows)
//   --quick: 20,000 rows (test/bench: the script still runs)
//   --no-build: only the check
//   --json: one JSON object instead of the lines (test/data/csvStream.test.ts reads it)

import { mkdtempSync, rmSync, statSync, writeFileSync, createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { checkExperiment, loadExperiment } from '../src/experiment/load';

const arg = (name: string) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const quick = process.argv.includes('--quick');
const ROWS = Number(arg('--rows') ?? (quick ? 20_000 : 2_900_000));
const build = !process.argv.includes('--no-build');
const json = process.argv.includes('--json');

const mb = (bytes: number) => `${(bytes / 1e6).toFixed(0)} MB`;

/** Runs `work` and returns the most RSS grew meanwhile (sampled every 2 ms: reading yields often). */
async function rssGrowth<T>(work: () => Promise<T>): Promise<{ value: T; ms: number; growth: number }> {
  const baseline = process.memoryUsage().rss;
  let peak = baseline;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 2);
  const started = performance.now();
  try {
    const value = await work();
    peak = Math.max(peak, process.memoryUsage().rss);
    return { value, ms: performance.now() - started, growth: peak - baseline };
  } finally {
    clearInterval(timer);
  }
}

async function writeCsv(file: string): Promise<void> {
  const out = createWriteStream(file);
  out.write('temperature,humidity\n');
  let seed = 1;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  let chunk = '';
  for (let i = 0; i < ROWS; i++) {
    chunk += `${(next() * 45 - 10).toFixed(3)},${(next() * 79 + 20).toFixed(2)}\n`;
    if (chunk.length > 1 << 16) {
      if (!out.write(chunk)) await once(out, 'drain');
      chunk = '';
    }
  }
  out.end(chunk);
  await once(out, 'finish');
}

async function main(): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), 'rnn-lab-bench-csv-'));
  try {
    const csv = path.join(dir, 'series.csv');
    await writeCsv(csv);
    const file = path.join(dir, 'series.rnn.json');
    writeFileSync(
      file,
      JSON.stringify({
        data: { csv: 'series.csv', features: ['temperature', 'humidity'], targets: ['temperature'], window: 14 },
        model: {
          layers: [
            { type: 'rnn', units: 8 },
            { type: 'dense', units: 1 },
          ],
        },
        training: { epochs: 1, batchSize: 32, loss: 'mse', optimizer: { type: 'sgd', learningRate: 0.01 } },
      }),
    );
    const numbers = ROWS * 2 * 8;
    const check = await rssGrowth(() => checkExperiment(file));
    if (!check.value.checked) throw new Error(check.value.diagnostics.map((d) => d.message).join('\n'));
    const { ms: checkMs, growth: checkPeak } = check;
    let buildMs: number | undefined;
    let buildPeak: number | undefined;
    if (build) {
      const load = await rssGrowth(() => loadExperiment(file));
      if (!load.value.loaded) throw new Error('load failed');
      buildMs = load.ms;
      buildPeak = load.growth;
    }
    const result = {
      rows: ROWS,
      fileBytes: statSync(csv).size,
      numericBytes: numbers,
      checkMs,
      checkPeakBytes: checkPeak,
      buildMs,
      buildPeakBytes: buildPeak,
    };
    if (json) {
      process.stdout.write(`${JSON.stringify(result)}\n`);
      return;
    }
    console.log(
      `csv memory: ${ROWS.toLocaleString('en-US')} rows (${mb(result.fileBytes)} file, ${mb(numbers)} of numbers in the columns used)`,
    );
    console.log(
      `  validate (streamed, no windows): ${(checkMs / 1000).toFixed(1)} s, RSS grew ${mb(checkPeak)} (${(checkPeak / numbers).toFixed(1)}× the numbers)`,
    );
    if (buildMs !== undefined && buildPeak !== undefined) {
      const windows = (ROWS - 14) * 14 * 2 * 8;
      console.log(
        `  train's load (windows of 14 built, ${mb(windows)}): ${(buildMs / 1000).toFixed(1)} s, RSS grew ${mb(buildPeak)}`,
      );
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

void main();
