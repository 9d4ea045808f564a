// Character-level text: vocabulary = sorted distinct characters; x = one-hot characters of a
// sequence, y = one-hot next characters (a target at every step).

import type { Dataset } from '../core/dataset';
import { readReferencedFile } from './readFailure';
import { failed, type DataResult } from './result';
import type { SpecLocator, TextData } from './spec';

export async function loadText(spec: TextData, doc: SpecLocator): Promise<DataResult> {
  const read = await readReferencedFile(spec.text, (message) => doc.at(['data', 'text'], message));
  if ('problem' in read) return failed(read.problem);
  const { text } = read;
  const chars = Array.from(text.replace(/\r\n/g, '\n')); // code points, so emoji count once
  const vocabulary = [...new Set(chars)].sort();
  const T = spec.seqLength;
  if (chars.length < T + 1) {
    return failed(doc.at(['data', 'seqLength'], `the text has ${chars.length} characters; seqLength ${T} needs at least ${T + 1}`));
  }
  const V = vocabulary.length;
  const index = new Map(vocabulary.map((c, i) => [c, i]));
  const N = Math.floor((chars.length - 1 - T) / spec.stride) + 1;
  const x = new Float64Array(N * T * V);
  const y = new Float64Array(N * T * V);
  for (let n = 0; n < N; n++) {
    const start = n * spec.stride;
    for (let t = 0; t < T; t++) {
      x[(n * T + t) * V + index.get(chars[start + t])!] = 1;
      y[(n * T + t) * V + index.get(chars[start + t + 1])!] = 1;
    }
  }
  const dataset: Dataset = { count: N, steps: T, inputSize: V, outputSize: V, sequenceTargets: true, x, y };
  return { dataset, diagnostics: [], info: { characters: chars.length, vocabulary: vocabulary.join('') } };
}
