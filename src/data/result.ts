// What every data source returns: samples, or the reasons there are none.

import type { Dataset } from '../core/dataset';
import type { Diagnostic } from '../diagnostics/diagnostic';

export interface DataResult {
  readonly dataset?: Dataset;
  readonly diagnostics: Diagnostic[];
  /** Facts about the data a run should record (vocabulary, normalisation statistics). */
  readonly info?: Record<string, unknown>;
}

export function failed(...diagnostics: Diagnostic[]): DataResult {
  return { diagnostics };
}
