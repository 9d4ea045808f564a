// The host's answers to the panel's view requests (src/panel/viewsProtocol.ts), computed from
// the run directory with predict, inspect and sample. Runs in a worker thread in the editor
// (analysisWorker.ts); the browser tests call it directly.

import { argmax } from '../core/metrics';
import { isCsv, isText } from '../data/spec';
import type {
  ClassificationView,
  PredictionView,
  RegressionView,
  ViewInfo,
  ViewMessage,
  ViewRequest,
} from './viewTypes';
import { inspectRun } from './inspect';
import { predictRun, type Predictions } from './predict';
import { openRun, type OpenedRun } from './runModel';
import { cannotSample, sampleRun } from './sample';

/** The most points a regression series sends (the first ones); a forecast plot shows no more. */
const MAX_SERIES_POINTS = 20000;

export async function answerViewRequest(runDir: string, request: ViewRequest): Promise<ViewMessage> {
  const opened = await openRun(runDir, request.kind === 'info' || request.epoch === null ? undefined : request.epoch);
  if (request.kind === 'info')
    return {
      kind: 'info',
      info: 'error' in opened ? { ...EMPTY_INFO, runDir, error: opened.error } : info(opened.run),
    };
  if ('error' in opened) return { kind: request.kind, request, result: { error: opened.error } };
  const run = opened.run;
  switch (request.kind) {
    case 'predictions':
      return { kind: 'predictions', request, result: predictionView(run, predictRun(run)) };
    case 'hiddenStates':
      return { kind: 'hiddenStates', request, result: await inspectRun(run, request.probe) };
    case 'sample': {
      const { prime, length, temperature, seed } = request;
      return { kind: 'sample', request, result: sampleRun(run, { prime, length, temperature, seed }) };
    }
    default: {
      const unhandled: never = request;
      throw new Error(`unknown view request ${JSON.stringify(unhandled)}`);
    }
  }
}

const EMPTY_INFO: Omit<ViewInfo, 'runDir'> = {
  checkpoints: [],
  finalEpoch: null,
  task: 'regression',
  which: 'all',
  samples: 0,
  steps: 0,
};

function info(run: OpenedRun): ViewInfo {
  const e = run.loaded.experiment;
  const loss = e.training.loss;
  const why = cannotSample(run);
  return {
    runDir: run.runDir,
    checkpoints: run.record.checkpoints ?? [],
    finalEpoch: run.weightsFile === 'weights.json' ? run.epoch : null,
    ...(run.record.best ? { best: run.record.best } : {}),
    task: isText(e.data) ? 'text' : loss === 'mse' ? 'regression' : 'classification',
    which: run.samples.which,
    samples: run.samples.data.count,
    steps: run.loaded.dataset.steps,
    ...(run.vocabulary ? { vocabulary: run.vocabulary } : {}),
    ...(why ? { cannotSample: why } : {}),
  };
}

export function predictionView(run: OpenedRun, p: Predictions): PredictionView {
  const kind = run.loaded.experiment.training.loss;
  const rows = p.samples.flatMap((s) =>
    Array.isArray(s.output[0]) ? (s.output as number[][]) : [s.output as number[]],
  );
  const targets = p.samples.flatMap((s) =>
    s.target === null ? [] : Array.isArray(s.target[0]) ? (s.target as number[][]) : [s.target as number[]],
  );
  const width = rows[0]?.length ?? 0;
  let view: RegressionView | ClassificationView;
  if (kind === 'mse') {
    const names = p.outputNames ?? Array.from({ length: width }, (_, o) => (width === 1 ? 'output' : `output ${o}`));
    view = {
      kind: 'regression',
      perSample: p.samples.length ? rows.length / p.samples.length : 1,
      ordered: isCsv(run.loaded.experiment.data),
      series: names.map((name, o) => ({
        name,
        predicted: rows.slice(0, MAX_SERIES_POINTS).map((r) => r[o]),
        target: targets.slice(0, MAX_SERIES_POINTS).map((r) => r[o]),
      })),
    };
  } else if (kind === 'bce') {
    // Every output element is a yes/no answer: one 2 × 2 matrix over all of them.
    const matrix = [
      [0, 0],
      [0, 0],
    ];
    rows.forEach((r, i) =>
      r.forEach((v, o) => {
        if (targets[i]) matrix[targets[i][o] > 0.5 ? 1 : 0][v > 0.5 ? 1 : 0]++;
      }),
    );
    view = { kind: 'classification', classes: ['0', '1'], matrix };
  } else {
    const classes = p.outputNames ?? Array.from({ length: width }, (_, k) => String(k));
    const matrix = classes.map(() => new Array<number>(width).fill(0));
    rows.forEach((r, i) => {
      if (targets[i]) matrix[argmax(targets[i], 0, width)][argmax(r, 0, width)]++;
    });
    view = { kind: 'classification', classes, matrix };
  }
  return {
    epoch: p.epoch,
    weightsFile: p.weightsFile,
    which: p.which,
    samples: p.samples.length,
    loss: p.loss,
    ...(p.accuracy !== undefined ? { accuracy: p.accuracy } : {}),
    view,
  };
}
