// The host's side of a training worker (dist/worker.js): starts it, hands each of its messages
// to the host, and acknowledges a batch once the host has handled it. The worker sends the next
// batch only then (outbox.ts), so however busy the host is, at most one batch waits for it.

import { Worker } from 'node:worker_threads';
import type { HostToWorker, TrainRequest, WorkerToHost } from './protocol';

export class TrainingWorker {
  private readonly worker: Worker;
  /** Resolves when the worker thread has ended, however it ended. */
  readonly exited: Promise<void>;

  /** `handle` gets every message; a crash of the worker itself comes as an `error` message. */
  constructor(script: string, request: TrainRequest, handle: (message: WorkerToHost) => void) {
    this.worker = new Worker(script, { workerData: request });
    this.worker.on('message', (m: WorkerToHost) => {
      try {
        handle(m);
      } finally {
        if (m.type === 'batch') this.post({ type: 'ack' });
      }
    });
    this.worker.on('error', (err) => handle({ type: 'error', message: `training worker failed: ${err.message}` }));
    this.exited = new Promise((resolve) => this.worker.once('exit', () => resolve()));
  }

  stop(): void {
    this.post({ type: 'stop' });
  }

  private post(message: HostToWorker): void {
    this.worker.postMessage(message);
  }
}
