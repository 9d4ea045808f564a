// validationSplit s holds out the last ⌈s·N⌉ samples (core's splitDataset): what is left to
// train on, and the error when nothing is.

import { heldOutCount } from '../core/dataset';
import type { Diagnostic } from '../diagnostics/diagnostic';
import type { SpecLocator } from './spec';

export function trainingCount(count: number, validationSplit: number): number {
  return count - heldOutCount(count, validationSplit);
}

/** Placed at data.validationSplit when it leaves no training sample; undefined otherwise. */
export function noTrainingSample(count: number, validationSplit: number, doc: SpecLocator): Diagnostic | undefined {
  if (trainingCount(count, validationSplit) >= 1) return undefined;
  return doc.at(
    ['data', 'validationSplit'],
    `validationSplit ${validationSplit} leaves no training sample out of ${count}`,
  );
}
