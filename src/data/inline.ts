// Inline data: x (B, T, I) and y (B, O) or (B, T, O) written into the experiment file.

import type { Dataset } from '../core/dataset';
import { failed, type DataResult } from './result';
import type { InlineData, SpecLocator } from './spec';

export function loadInline(spec: InlineData, doc: SpecLocator): DataResult {
  const { x, y } = spec;
  // a draft experiment (load.ts checks the fit beside other problems) may lack either
  if (!Array.isArray(x?.[0]?.[0]) || !Array.isArray(y?.[0]))
    return failed(
      doc.at(['data'], 'inline data is "x" (B, T, I) and "y" (B, O) or (B, T, O), each of at least one sample'),
    );
  const B = x.length;
  const T = x[0].length;
  const I = x[0][0].length;
  for (let b = 0; b < B; b++) {
    if (x[b].length !== T)
      return failed(
        doc.at(['data', 'x', b], `sample ${b} has ${x[b].length} steps, sample 0 has ${T}: x must be (B, T, I)`),
      );
    for (let t = 0; t < T; t++) {
      if (x[b][t].length !== I)
        return failed(
          doc.at(
            ['data', 'x', b, t],
            `x[${b}][${t}] has ${x[b][t].length} features, x[0][0] has ${I}: x must be (B, T, I)`,
          ),
        );
    }
  }
  if (y.length !== B) return failed(doc.at(['data', 'y'], `y has ${y.length} samples, x has ${B}`));
  const sequenceTargets = Array.isArray(y[0][0]);
  const O = sequenceTargets ? (y[0][0] as number[]).length : y[0].length;
  const flatY: number[] = [];
  for (let b = 0; b < B; b++) {
    const row = y[b] as unknown[];
    if (sequenceTargets) {
      if (row.length !== T)
        return failed(
          doc.at(['data', 'y', b], `y[${b}] has ${row.length} steps, x has ${T}: sequence targets are (B, T, O)`),
        );
      for (let t = 0; t < T; t++) {
        const step = row[t];
        if (!Array.isArray(step) || step.length !== O) {
          return failed(doc.at(['data', 'y', b, t], `y[${b}][${t}] must be ${O} numbers: y is (B, T, O)`));
        }
        for (const v of step as unknown[]) {
          if (typeof v !== 'number')
            return failed(doc.at(['data', 'y', b, t], `y[${b}][${t}] must be ${O} numbers: y is (B, T, O)`));
          flatY.push(v);
        }
      }
    } else {
      if (row.length !== O || row.some((v) => typeof v !== 'number')) {
        return failed(doc.at(['data', 'y', b], `y[${b}] must be ${O} numbers: y is (B, O)`));
      }
      for (const v of row as number[]) flatY.push(v);
    }
  }
  const shape = { count: B, steps: T, inputSize: I, outputSize: O, sequenceTargets };
  const build = (): Dataset => ({ ...shape, x: Float64Array.from(x.flat(2)), y: Float64Array.from(flatY) });
  return { plan: { shape, sizeField: ['data', 'x'], build }, diagnostics: [] };
}
