// An experiment with every default filled in and every path made absolute: what a run
// records as experiment.json. It is itself a valid experiment file (format v1).

import type { LayerSpec, OutputMode } from '../core/model';
import type { TraceMode } from '../core/trace';
import type { InitScheme } from '../core/param';
import type { DType } from '../core/tensor';
import type { TrainingSpec } from '../core/trainer';
import type { DataSpec } from '../data/spec';

export interface ResolvedExperiment {
  readonly name: string;
  readonly description: string;
  readonly seed: number;
  readonly dtype: DType;
  readonly data: DataSpec;
  readonly model: {
    readonly layers: LayerSpec[];
    readonly output: OutputMode;
    /** Dropout between stacked recurrent layers (0: none). */
    readonly dropout?: number;
    readonly init: InitScheme | { readonly weights: string };
  };
  readonly training: TrainingSpec;
  readonly trace: { readonly shapes: TraceMode };
}
