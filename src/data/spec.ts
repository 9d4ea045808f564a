// What each data source reads, as an experiment file resolves it (defaults filled in, paths
// absolute). Owned here, by the loaders; src/experiment builds these and imports them.

import type { Dataset } from '../core/dataset';
import type { Diagnostic } from '../diagnostics/diagnostic';

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

/**
 * Where a loader puts a problem with its spec: at a field of the experiment file, such as
 * ['data', 'csv'] (the experiment's JsonDocument is one).
 */
export interface SpecLocator {
  at(field: (string | number)[], message: string): Diagnostic;
  /** Whether the experiment writes the field (rather than taking its default). */
  has(field: (string | number)[]): boolean;
}

/** The shape of a source's samples, known before any sample is built. */
export type DatasetShape = Omit<Dataset, 'x' | 'y'>;

/**
 * A data source read and checked: the shape of its samples, and the samples themselves built
 * only on demand (validation never builds them; training does, once they are known to fit).
 */
export interface DataPlan {
  readonly shape: DatasetShape;
  /** The field of the experiment to point at when the samples are too many to hold. */
  readonly sizeField: (string | number)[];
  build(): Dataset;
}
