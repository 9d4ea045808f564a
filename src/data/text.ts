// Character-level text: vocabulary = sorted distinct characters; x = one-hot characters of a
// sequence, y = one-hot next characters (a target at every step). Reading keeps one index per
// character (4 bytes); the one-hot samples are built only when training asks for them.

import type { Dataset } from '../core/dataset';
import { MAX_TEXT_FILE_BYTES } from './limits';
import { readReferencedFile } from './readFailure';
import { failed, type DataResult } from './result';
import type { SpecLocator, TextData } from './spec';

export async function loadText(spec: TextData, doc: SpecLocator): Promise<DataResult> {
  const read = await readReferencedFile(spec.text, 'a text file', MAX_TEXT_FILE_BYTES, (message) =>
    doc.at(['data', 'text'], message),
  );
  if ('problem' in read) return failed(read.problem);
  const { codes, length } = codePoints(read.text.replace(/\r\n/g, '\n')); // code points, so emoji count once
  const vocabulary = [...new Set(codes.subarray(0, length))].map((c) => String.fromCodePoint(c)).sort();
  const T = spec.seqLength;
  if (length < T + 1) {
    return failed(
      doc.at(['data', 'seqLength'], `the text has ${length} characters; seqLength ${T} needs at least ${T + 1}`),
    );
  }
  const V = vocabulary.length;
  const N = Math.floor((length - 1 - T) / spec.stride) + 1;
  const build = (): Dataset => {
    const index = new Map(vocabulary.map((c, i) => [c.codePointAt(0)!, i]));
    const x = new Float64Array(N * T * V);
    const y = new Float64Array(N * T * V);
    for (let n = 0; n < N; n++) {
      const start = n * spec.stride;
      for (let t = 0; t < T; t++) {
        x[(n * T + t) * V + index.get(codes[start + t])!] = 1;
        y[(n * T + t) * V + index.get(codes[start + t + 1])!] = 1;
      }
    }
    return { count: N, steps: T, inputSize: V, outputSize: V, sequenceTargets: true, x, y };
  };
  return {
    plan: {
      shape: { count: N, steps: T, inputSize: V, outputSize: V, sequenceTargets: true },
      sizeField: ['data', spec.stride < T ? 'stride' : 'seqLength'],
      build,
    },
    diagnostics: [],
    info: { characters: length, vocabulary: vocabulary.join('') },
  };
}

/** The text's code points (a surrogate pair is one), without a string per character. */
function codePoints(text: string): { codes: Uint32Array; length: number } {
  const codes = new Uint32Array(text.length);
  let length = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.codePointAt(i)!;
    codes[length++] = c;
    if (c > 0xffff) i++;
  }
  return { codes, length };
}
