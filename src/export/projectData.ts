// data/ of an exported project: the samples exactly as RNN Lab prepared them (windows,
// normalisation, one-hot characters, the validation split) and, when batches are shuffled,
// the sample order of every epoch — raw little-endian arrays that torch.frombuffer reads,
// described by data/data.json.

import { mkdirSync, writeFileSync } from 'node:fs';
import { endianness } from 'node:os';
import * as path from 'node:path';
import { epochOrders } from '../core/batchOrder';
import type { Dataset } from '../core/dataset';
import type { TrainerConfig } from '../core/trainer';

interface ArrayEntry {
  readonly file: string;
  readonly dtype: 'float64' | 'int32';
  readonly shape: number[];
}

/** Whether the trainer reshuffles (README "The math": shuffle, and a batch smaller than the training set). */
export function reshuffles(config: TrainerConfig): boolean {
  const { batchSize, shuffle } = config.training;
  return shuffle && batchSize !== 'full' && batchSize < config.train.count;
}

function littleEndian(array: Float64Array | Int32Array): Buffer {
  const bytes = Buffer.from(array.buffer, array.byteOffset, array.byteLength);
  if (endianness() === 'LE') return bytes;
  const copy = Buffer.from(bytes);
  return array instanceof Float64Array ? copy.swap64() : copy.swap32();
}

function shapes(d: Dataset): { x: number[]; y: number[] } {
  return {
    x: [d.count, d.steps, d.inputSize],
    y: d.sequenceTargets ? [d.count, d.steps, d.outputSize] : [d.count, d.outputSize],
  };
}

/** Writes data/ into `projectDir`; returns the files written, relative to it. */
export function writeProjectData(
  projectDir: string,
  config: TrainerConfig,
  info: Record<string, unknown> | undefined,
): string[] {
  const dir = path.join(projectDir, 'data');
  mkdirSync(dir, { recursive: true });
  const manifest: Record<string, unknown> = {};
  const files: string[] = [];
  const write = (name: string, array: Float64Array | Int32Array, shape: number[]) => {
    const file = `${name}.bin`;
    writeFileSync(path.join(dir, file), littleEndian(array));
    const entry: ArrayEntry = { file, dtype: array instanceof Float64Array ? 'float64' : 'int32', shape };
    manifest[name] = entry;
    files.push(path.join('data', file));
  };
  const parts: [string, Dataset | undefined][] = [
    ['train', config.train],
    ['validation', config.validation],
  ];
  for (const [part, d] of parts) {
    if (!d || d.count === 0) continue;
    const s = shapes(d);
    write(`${part}_x`, d.x, s.x);
    write(`${part}_y`, d.y, s.y);
  }
  if (reshuffles(config)) {
    const { epochs, batchSize } = config.training;
    const n = config.train.count;
    const orders = new Int32Array(epochs * n);
    const epochOrder = epochOrders(config.seed, n, batchSize, true);
    for (let e = 0; e < epochs; e++) orders.set(epochOrder.next().value, e * n);
    write('batch_order', orders, [epochs, n]);
  }
  if (info) manifest.info = info;
  // one array per line: {"file": …, "dtype": …, "shape": […]}
  const lines = Object.entries(manifest).map(([k, v]) => `  ${JSON.stringify(k)}: ${JSON.stringify(v)}`);
  writeFileSync(path.join(dir, 'data.json'), `{\n${lines.join(',\n')}\n}\n`);
  files.push(path.join('data', 'data.json'));
  return files;
}
