// What the panel's views of a trained network ask and are answered (predict, inspect and
// sample on a run directory), as viewRequests.ts computes it. The panel's contract carries
// these (src/panel/viewsProtocol.ts re-exports them); they live here, beside the code that
// answers, so that src/analysis needs nothing from src/panel.

import type { BestEpoch, EpochMetrics } from '../core/metrics';
import type { EpochSample } from '../core/sample';
import type { RunInspection } from './inspect';
import type { RunSample } from './sample';

export type { EpochSample, RunInspection, RunSample };

/** The fields of an epoch point these views (and the accuracy and perplexity charts) read. */
export interface EpochViewFields extends EpochMetrics {
  /** Character models, on sample epochs (runs/periodicSamples.ts). */
  readonly sample?: EpochSample;
}

/** What the views need to know about a run before asking anything. */
export interface ViewInfo {
  readonly runDir: string;
  /** Epochs whose weights are kept (checkpoints/); the views use the selected one if kept. */
  readonly checkpoints: number[];
  /** The epoch weights.json holds; null without final weights (running, failed). */
  readonly finalEpoch: number | null;
  readonly best?: BestEpoch;
  /** regression: a forecast plot and a scatter; classification: a confusion matrix; text: that, plus Samples and coloured text. */
  readonly task: 'regression' | 'classification' | 'text';
  readonly which: 'validation' | 'all';
  readonly samples: number;
  readonly steps: number;
  readonly vocabulary?: string[];
  /** Why Sample is not offered (not a character model, weights per step, …); absent: it is. */
  readonly cannotSample?: string;
  /** Why nothing can be computed (no weights yet, the data changed, …). */
  readonly error?: string;
}

/** Weights of a kept epoch, or null for the final (or latest kept) ones. */
export type ViewEpoch = number | null;

export type ViewRequest =
  | { readonly kind: 'info' }
  | { readonly kind: 'predictions'; readonly epoch: ViewEpoch }
  | {
      readonly kind: 'hiddenStates';
      readonly epoch: ViewEpoch;
      readonly probe: { readonly sample: number } | { readonly text: string };
    }
  | {
      readonly kind: 'sample';
      readonly epoch: ViewEpoch;
      readonly prime?: string;
      readonly length: number;
      readonly temperature: number;
      readonly seed: number;
    };

export interface RegressionView {
  readonly kind: 'regression';
  /** One series per output column: predicted and true values per sample (and step), in the CSV's units for a CSV run. */
  readonly series: { readonly name: string; readonly predicted: number[]; readonly target: number[] }[];
  /** Points per sample in each series: T with "output": "sequence", else 1. */
  readonly perSample: number;
  /**
   * The samples are consecutive windows of one series (a CSV file), in order: a sequence plot
   * over them reads as the series. Absent or false: independent samples (a generator, inline
   * data), for which only predicted-against-true means anything.
   */
  readonly ordered?: boolean;
}

export interface ClassificationView {
  readonly kind: 'classification';
  readonly classes: string[];
  /** matrix[true][predicted]: how many rows (samples, or steps) were answered so. */
  readonly matrix: number[][];
}

export interface PredictionView {
  readonly epoch: number;
  readonly weightsFile: string;
  readonly which: 'validation' | 'all' | 'input';
  readonly samples: number;
  readonly loss: number | null;
  readonly accuracy?: number;
  readonly view: RegressionView | ClassificationView;
}

/** The views a command can bring forward (RNN Lab: Predict with Run…, Sample Text from Run…, Inspect Hidden States…). */
export type ViewName = 'predictions' | 'samples' | 'hiddenStates';

/**
 * Each answer carries the request it answers, so a late answer to an old request is
 * recognised; a sample may also come unasked, from the Sample Text command.
 */
export type ViewMessage =
  | { readonly kind: 'info'; readonly info: ViewInfo }
  | { readonly kind: 'focus'; readonly view: ViewName }
  | {
      readonly kind: 'predictions';
      readonly request: ViewRequest;
      readonly result: PredictionView | { readonly error: string };
    }
  | {
      readonly kind: 'hiddenStates';
      readonly request: ViewRequest;
      readonly result: RunInspection | { readonly error: string };
    }
  | { readonly kind: 'sample'; readonly request: ViewRequest; readonly result: RunSample | { readonly error: string } };
