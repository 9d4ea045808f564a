// `rnn-lab import-weights STATE_DICT.json --experiment FILE [-o OUT]`: a PyTorch state_dict
// saved as JSON becomes an rnn-lab/weights@1 file (stateDict.ts has the mapping). The file is
// a hostile input like any other: read through the one reader (a regular file of at most
// MAX_STATE_DICT_BYTES, never a FIFO or a device), scanned before it is parsed — its syntax,
// keys written twice (also as `module.` + a key), and every tensor's shape against the model —
// so that a file that does not fit is refused in about a second whatever its size, and only a
// file that fits is built. The weights file is written atomically, and never over a run's files.

import * as path from 'node:path';
import { formatShape } from '../core/tensor';
import { weightsProblems } from '../core/weights';
import { scanJson, type JsonScan } from '../data/jsonScan';
import { MAX_STATE_DICT_BYTES } from '../data/limits';
import { outputFileProblem, pathError, readFailure, readTextFile } from '../data/readFailure';
import { LineIndex, diagnosticAt, type Diagnostic } from '../diagnostics/diagnostic';
import { checkExperiment, modelSpec } from '../experiment/load';
import { displayPath, formatDiagnostics } from '../format/lines';
import { writeFileAtomic } from '../runs/atomicFile';
import { stateDictToWeights, type StateDictProblem } from './stateDict';

/** The CLI's exit codes (README "The CLI"); src/cli imports this folder, so they are not imported from there. */
const EXIT = { ok: 0, invalid: 2 } as const;

export interface ImportWeightsOptions {
  readonly experiment: string;
  readonly output?: string;
}

/** `model.state_dict()` as JSON → an rnn-lab/weights@1 file for `"init": {"weights": …}`. */
export async function importWeightsCommand(stateDictFile: string, options: ImportWeightsOptions): Promise<number> {
  const fail = (problems: Diagnostic[]) => {
    process.stderr.write(`${formatDiagnostics(problems)}\n`);
    return EXIT.invalid;
  };
  /** `PATH: error: …`, as predict, inspect and sample say a path they cannot use. */
  const failAt = (file: string, message: string) => {
    process.stderr.write(`${pathError(displayPath(path.resolve(file)), message)}\n`);
    return EXIT.invalid;
  };
  const file = path.resolve(stateDictFile);
  if (file.endsWith('.pt') || file.endsWith('.pth')) {
    return fail([
      diagnosticAt(
        file,
        1,
        1,
        'a .pt file needs torch to read: write it as JSON first with `python rnn_lab_io.py state-dict MODEL.pt STATE_DICT.json` (in the exported project)',
      ),
    ]);
  }
  const output = path.resolve(options.output ?? file.replace(/(\.state_dict)?\.json$/, '') + '.weights.json');
  const notWritable = await outputFileProblem(output);
  if (notWritable) return failAt(options.output ?? output, notWritable);
  const read = await readTextFile(file, 'a state_dict', MAX_STATE_DICT_BYTES);
  if ('problem' in read) return failAt(stateDictFile, read.problem);

  const { checked, diagnostics } = await checkExperiment(options.experiment);
  if (!checked) return fail(diagnostics);
  const e = checked.experiment;
  const spec = modelSpec(e, checked.shape);
  const metadata = { name: e.name, seed: e.seed };

  const text = read.text;
  const scan = scanJson(text);
  const lines = new LineIndex(text);
  if (scan.problems.length)
    return fail(scan.problems.map((p) => lines.diagnostic(file, p.offset, p.length, p.message)));
  const at = (problems: StateDictProblem[]) =>
    problems.map((p) => {
      const entry = p.key !== undefined ? scan.top.get(p.key) : undefined;
      return entry
        ? lines.diagnostic(file, entry.keyOffset, entry.keyLength, p.message)
        : lines.diagnostic(file, 0, 1, p.message);
    });
  // The shapes first, from the scan: nothing is built for a file that does not fit.
  const shapes = stateDictToWeights(scannedValues(scan), spec, metadata, shapeOnly);
  if (shapes.problems.length) return fail(at(shapes.problems));

  const { weights, problems } = stateDictToWeights(JSON.parse(text.replace(/^\uFEFF/, '')), spec, metadata);
  if (!weights) return fail(at(problems));
  const mismatch = weightsProblems(spec, weights);
  if (mismatch.length) return fail(mismatch.map((p) => diagnosticAt(file, 1, 1, `internal error: ${p.message}`)));
  try {
    writeFileAtomic(output, `${JSON.stringify(weights)}\n`);
  } catch (err) {
    return failAt(options.output ?? output, `cannot write: ${readFailure(output, err)}`);
  }
  process.stdout.write(
    `wrote ${displayPath(output)}: rnn-lab/weights@1 for ${e.name} (${(weights.layers as unknown[]).length} layers); start from it with "model": {"init": {"weights": "${path.basename(output)}"}}\n`,
  );
  return EXIT.ok;
}

/** The state_dict as its scan saw it: each key's tensor shape (or why it is not a tensor). */
function scannedValues(scan: JsonScan): unknown {
  if (scan.root !== 'object') return [];
  return Object.fromEntries([...scan.top].map(([key, v]) => [key, v]));
}

/**
 * A scanned value against the shape the model needs: [] (no values, it fits) or what is wrong,
 * in the words flatten uses for a parsed value.
 */
function shapeOnly(value: unknown, shape: number[]): number[] | string {
  const scanned = value as { shape?: readonly number[]; notTensor?: string };
  if (!scanned.shape) return `expected shape ${formatShape(shape)}, found an array that ${scanned.notTensor}`;
  for (let depth = 0; depth < shape.length; depth++) {
    if (depth >= scanned.shape.length) return `expected an array of shape ${formatShape(shape.slice(depth))}`;
    if (scanned.shape[depth] !== shape[depth])
      return `expected shape ${formatShape(shape)}, found ${scanned.shape[depth]} entries at depth ${depth + 1}`;
  }
  return scanned.shape.length > shape.length ? 'expected a finite number' : [];
}
