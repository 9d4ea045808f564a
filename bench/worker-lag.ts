// The editor stays responsive while training: the extension host's thread only relays
// messages from the training worker (dist/worker.js, the one the extension starts). This
// measures the host-side event-loop delay while the worker trains the B64 T100 I64 H256
// workload. Prints figures; asserts nothing. Needs `npm run build` first.
//   --quick: the tiny model (B2 T3 I4 H8) for one epoch (test/bench: the script still runs)

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import { Rng } from '../src/core/rng';
import type { TrainRequest, WorkerToHost } from '../src/worker/protocol';

const quick = process.argv.includes('--quick');
const [B, T, I, H, EPOCHS] = quick ? [2, 3, 4, 8, 1] : [64, 100, 64, 256, 3];
const dir = mkdtempSync(path.join(tmpdir(), 'rnn-lab-lag-'));
const rng = new Rng(0, 'generator');
const r = (n: number) => Array.from({ length: n }, () => Number(rng.range(-1, 1).toFixed(3)));
writeFileSync(
  path.join(dir, 'medium.rnn.json'),
  JSON.stringify({
    data: {
      x: Array.from({ length: B }, () => Array.from({ length: T }, () => r(I))),
      y: Array.from({ length: B }, () => r(1)),
    },
    model: {
      layers: [
        { type: 'rnn', units: H },
        { type: 'dense', units: 1 },
      ],
    },
    training: { epochs: EPOCHS, loss: 'mse', optimizer: { type: 'sgd', learningRate: 0.001 } },
    trace: { shapes: 'all' },
  }),
);

const request: TrainRequest = {
  file: path.join(dir, 'medium.rnn.json'),
  runsDir: path.join(dir, 'runs'),
  toolVersion: 'bench',
};
const histogram = monitorEventLoopDelay({ resolution: 1 });
const started = performance.now();
const worker = new Worker(path.resolve(__dirname, '../dist/worker.js'), { workerData: request });
let messages = 0;
worker.on('message', (m: WorkerToHost) => {
  messages++;
  if (m.type === 'invalid') console.error(m.diagnostics);
  if (m.type === 'error') console.error(m.message);
  if (m.type === 'invalid' || m.type === 'error') process.exitCode = 1; // the figures would be of nothing
});
histogram.enable();
worker.on('exit', () => {
  histogram.disable();
  const ms = (ns: number) => (ns / 1e6).toFixed(1);
  const seconds = (performance.now() - started) / 1000;
  console.log(
    `worker lag B${B} T${T} I${I} H${H}, ${EPOCHS} epochs in ${seconds.toFixed(1)} s, ${messages} messages: ` +
      `host event-loop delay p50 ${ms(histogram.percentile(50))} ms, p99 ${ms(histogram.percentile(99))} ms, max ${ms(histogram.max)} ms`,
  );
});
