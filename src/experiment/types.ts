// An experiment with every default filled in and every path made absolute: what a run
// records as experiment.json. It is itself a valid experiment file (format v1).

import type { LayerSpec, OutputMode } from '../core/model';
import type { TraceMode } from '../core/trace';
import type { DType } from '../core/tensor';
import type { TrainingSpec } from '../core/trainer';

export interface InlineData {
  readonly x: number[][][];
  readonly y: number[][] | number[][][];
  readonly validationSplit: number;
}

export type CsvColumn = string | number;

export interface CsvData {
  readonly csv: string;
  readonly features: CsvColumn[];
  readonly targets: CsvColumn[];
  readonly window: number;
  readonly horizon: number;
  readonly stride: number;
  readonly normalize: 'zscore' | 'none';
  readonly validationSplit: number;
}

export interface TextData {
  readonly text: string;
  readonly seqLength: number;
  readonly stride: number;
  readonly validationSplit: number;
}

export type GeneratorKind = 'sine' | 'addition' | 'parity' | 'copy';

export interface GeneratorData {
  readonly generator: GeneratorKind;
  readonly samples: number;
  readonly steps: number;
  /** sine only. */
  readonly noise?: number;
  /** copy only. */
  readonly length?: number;
  readonly symbols?: number;
  readonly validationSplit: number;
}

export type DataSpec = InlineData | CsvData | TextData | GeneratorData;

export interface ResolvedExperiment {
  readonly name: string;
  readonly description: string;
  readonly seed: number;
  readonly dtype: DType;
  readonly data: DataSpec;
  readonly model: {
    readonly layers: LayerSpec[];
    readonly output: OutputMode;
    readonly init: 'glorot' | 'uniform' | { readonly weights: string };
  };
  readonly training: TrainingSpec;
  readonly trace: { readonly shapes: TraceMode };
}

export function isInline(d: DataSpec): d is InlineData {
  return 'x' in d;
}
export function isCsv(d: DataSpec): d is CsvData {
  return 'csv' in d;
}
export function isText(d: DataSpec): d is TextData {
  return 'text' in d;
}
export function isGenerator(d: DataSpec): d is GeneratorData {
  return 'generator' in d;
}
