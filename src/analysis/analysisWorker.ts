// Worker thread entry (dist/analysisWorker.js): answers one view request of a panel — predict,
// inspect or sample on a run directory — off the extension host's thread, then ends.

import { parentPort, workerData } from 'node:worker_threads';
import type { ViewRequest } from './viewTypes';
import { answerViewRequest } from './viewRequests';

export interface AnalysisJob {
  readonly runDir: string;
  readonly request: ViewRequest;
}

const job = workerData as AnalysisJob;
answerViewRequest(job.runDir, job.request)
  .then((message) => parentPort!.postMessage({ message }))
  .catch((err: unknown) => parentPort!.postMessage({ error: (err as Error).message }));
