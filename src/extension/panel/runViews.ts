// The host side of a run panel's views of what the network learned (viewsProtocol.ts): each
// request is answered in its own worker thread (dist/analysisWorker.js), so predicting,
// inspecting or sampling never holds up the extension host, then posted back to the panel.

import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type * as vscode from 'vscode';
import type { AnalysisJob } from '../../analysis/analysisWorker';
import type { ViewMessage, ViewRequest } from '../../panel/viewsProtocol';
import { viewRefusal } from '../workspaceTrust';

/** A request still unanswered after this long is abandoned (its worker ended) with an error. */
const WORKER_TIMEOUT_MS = 120_000;

export class RunViews implements vscode.Disposable {
  private readonly workers = new Set<Worker>();

  constructor(
    private readonly extensionPath: string,
    private readonly runDir: string,
    private readonly post: (message: ViewMessage) => void,
  ) {}

  handle(request: ViewRequest): Promise<void> {
    const refusal = viewRefusal('learnedViews');
    const answered = refusal
      ? Promise.reject(new Error(refusal))
      : answer(this.extensionPath, this.runDir, request, this.workers);
    return answered.then(this.post, (err: unknown) => {
      const error = (err as Error).message;
      this.post(
        request.kind === 'info'
          ? {
              kind: 'info',
              info: {
                runDir: this.runDir,
                checkpoints: [],
                finalEpoch: null,
                task: 'regression',
                which: 'all',
                samples: 0,
                steps: 0,
                error,
              },
            }
          : { kind: request.kind, request, result: { error } },
      );
    });
  }

  dispose(): void {
    for (const w of this.workers) void w.terminate();
    this.workers.clear();
  }
}

/** Runs one request in a fresh worker; the worker ends with its answer. */
export function answer(
  extensionPath: string,
  runDir: string,
  request: ViewRequest,
  workers = new Set<Worker>(),
): Promise<ViewMessage> {
  return new Promise((resolve, reject) => {
    const job: AnalysisJob = { runDir, request };
    const worker = new Worker(path.join(extensionPath, 'dist', 'analysisWorker.js'), { workerData: job });
    workers.add(worker);
    const timer = setTimeout(() => {
      void worker.terminate();
      reject(new Error(`no answer within ${WORKER_TIMEOUT_MS / 1000} s`));
    }, WORKER_TIMEOUT_MS);
    const end = () => {
      clearTimeout(timer);
      workers.delete(worker);
    };
    worker.once('message', (m: { message?: ViewMessage; error?: string }) => {
      end();
      if (m.message) resolve(m.message);
      else reject(new Error(m.error ?? 'the analysis worker gave no answer'));
    });
    worker.once('error', (err) => {
      end();
      reject(err);
    });
    worker.once('exit', (code) => {
      end();
      reject(new Error(`the analysis worker ended (code ${code}) without an answer`));
    });
  });
}
