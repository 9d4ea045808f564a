// Worker thread entry: trains one experiment off the extension host's thread, with the
// same loader, trainer and run recorder as the CLI, and tells the host what happens in
// coalesced, acknowledged batches (outbox.ts), so that the host never falls behind.

import { availableParallelism } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { formatTrace } from '../core/trace';
import { loadExperiment } from '../experiment/load';
import { formatEpoch, formatHeader } from '../format/lines';
import { recordedRun } from '../runs/recordedRun';
import { loadRerun } from '../runs/rerun';
import { loadTrial } from '../sweeps/trialExperiment';
import { Outbox } from './outbox';
import type { HostToWorker, TrainRequest, WorkerToHost } from './protocol';

const port = parentPort!;
const request = workerData as TrainRequest;
const post = (message: WorkerToHost) => port.postMessage(message);
const outbox = new Outbox(post);
const abort = new AbortController();
port.on('message', (m: HostToWorker) => {
  if (m.type === 'stop') abort.abort();
  if (m.type === 'ack') outbox.ack();
});

async function main(): Promise<void> {
  const overrides = { epochs: request.epochs, defaultTrace: request.defaultTrace };
  const { loaded, diagnostics } = request.rerunOf
    ? await loadRerun(request.rerunOf)
    : request.trial
      ? await loadTrial(request.file, request.trial.parameters, overrides)
      : await loadExperiment(request.file, overrides);
  if (!loaded) {
    post({ type: 'invalid', diagnostics });
    return;
  }
  const outcome = await recordedRun(loaded, {
    runsDir: request.runsDir,
    toolVersion: request.toolVersion,
    signal: abort.signal,
    rerunOf: request.rerunOf,
    sweep: request.trial,
    host: request.host ?? 'editor',
    threads: request.threads,
    blas: request.blas,
    // One core stays with the editor (its extension host and renderer).
    defaultThreads: Math.max(1, availableParallelism() - 1),
    onStart: (runDir) => post({ type: 'runDir', runDir }),
    onEvent: (event) => {
      if (event.type === 'start')
        post({
          type: 'loaded',
          name: loaded.experiment.name,
          epochs: event.epochs,
          summary: formatHeader(loaded, event),
        });
      else if (event.type === 'trace') outbox.line(formatTrace(event));
      else if (event.type === 'epoch') outbox.epoch(event, formatEpoch(event));
    },
    // While the host is behind (it has not acknowledged what it was sent), training waits.
    yieldToEventLoop: async () => {
      await outbox.room(abort.signal);
      await new Promise<void>((resolve) => setImmediate(resolve));
    },
  });
  outbox.flush();
  post({ type: 'finished', outcome });
}

main()
  .catch((err) => {
    outbox.flush();
    post({ type: 'error', message: (err as Error).message });
  })
  .finally(() => port.close());
