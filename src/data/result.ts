// What every data source returns: its plan (shape, and samples on demand), or the reasons
// there are none.

import type { Diagnostic } from '../diagnostics/diagnostic';
import type { DataPlan } from './spec';

export interface DataResult {
  readonly plan?: DataPlan;
  readonly diagnostics: Diagnostic[];
  /** Facts about the data a run should record (vocabulary, normalisation statistics). */
  readonly info?: Record<string, unknown>;
}

export function failed(...diagnostics: Diagnostic[]): DataResult {
  return { diagnostics };
}
