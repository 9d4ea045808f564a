// CSV time series → sliding windows: x = feature rows [i, i+T), y = target row i+T−1+horizon.
// z-score statistics come from the rows the training samples use, never from held-out rows.

import { parse } from 'csv-parse/sync';
import type { Dataset } from '../core/dataset';
import { diagnosticAt, type Diagnostic } from '../diagnostics/diagnostic';
import { readReferencedFile } from './readFailure';
import { failed, type DataResult } from './result';
import type { CsvColumn, CsvData, SpecLocator } from './spec';
import { noTrainingSample, trainingCount } from './validationSplit';

interface ParsedRow {
  readonly record: string[];
  readonly raw: string;
  readonly info: { readonly lines: number };
}

export interface ColumnStats {
  readonly mean: number;
  readonly std: number;
}

export async function loadCsv(spec: CsvData, doc: SpecLocator): Promise<DataResult> {
  const read = await readReferencedFile(spec.csv, (message) => doc.at(['data', 'csv'], message));
  if ('problem' in read) return failed(read.problem);
  const { text } = read;
  let rows: ParsedRow[];
  try {
    rows = parse(text, { info: true, raw: true, skip_empty_lines: true, trim: true, bom: true }) as unknown as ParsedRow[];
  } catch (err) {
    const e = err as { lines?: number; message: string; code?: string };
    return failed(diagnosticAt(spec.csv, e.lines ?? 1, 1, csvMessage(e)));
  }
  if (rows.length < 2) return failed(diagnosticAt(spec.csv, 1, 1, 'the CSV needs a header row and at least one data row'));
  const header = rows[0].record;
  const columnIndex = (column: CsvColumn, role: 'features' | 'targets', k: number): number | Diagnostic => {
    if (typeof column === 'number') {
      return column < header.length ? column
        : doc.at(['data', role, k], `column index ${column} is out of range: the CSV has ${header.length} columns (0 … ${header.length - 1})`);
    }
    const i = header.indexOf(column);
    return i >= 0 ? i : doc.at(['data', role, k], `no column "${column}" in ${spec.csv}; its header has ${header.map((h) => `"${h}"`).join(', ')}`);
  };
  const resolveColumns = (role: 'features' | 'targets') => spec[role].map((c, k) => columnIndex(c, role, k));
  const featureCols = resolveColumns('features');
  const targetCols = resolveColumns('targets');
  const bad = [...featureCols, ...targetCols].filter((c): c is Diagnostic => typeof c !== 'number');
  if (bad.length) return failed(...bad);
  const used = [...new Set([...(featureCols as number[]), ...(targetCols as number[])])];

  // Every used cell must be a number; the error names the CSV row and column.
  const body = rows.slice(1);
  const values = new Map<number, Float64Array>(used.map((c) => [c, new Float64Array(body.length)]));
  for (let r = 0; r < body.length; r++) {
    const row = body[r];
    for (const c of used) {
      const cell = row.record[c];
      const v = cell === '' ? NaN : Number(cell);
      if (!Number.isFinite(v)) {
        const where = cellColumn(row.raw, c);
        const shown = cell === '' ? 'an empty cell' : `"${cell}"`;
        return failed(diagnosticAt(spec.csv, row.info.lines, where, `column "${header[c]}": ${shown} is not a number`, Math.max(cell.length, 1)));
      }
      values.get(c)![r] = v;
    }
  }

  const R = body.length;
  const { window: T, horizon, stride } = spec;
  if (R < T + horizon) {
    return failed(doc.at(['data', 'window'], `the CSV has ${R} data rows; a window of ${T} with horizon ${horizon} needs at least ${T + horizon}`));
  }
  const N = Math.floor((R - T - horizon) / stride) + 1;
  const noTraining = noTrainingSample(N, spec.validationSplit, doc);
  if (noTraining) return failed(noTraining);
  const trainCount = trainingCount(N, spec.validationSplit);

  const stats = new Map<number, ColumnStats>();
  if (spec.normalize === 'zscore') {
    const lastTrainRow = (trainCount - 1) * stride + T - 1 + horizon;
    for (const c of used) stats.set(c, columnStats(values.get(c)!, lastTrainRow + 1));
  }
  const scaled = (c: number, r: number) => {
    const s = stats.get(c);
    const v = values.get(c)![r];
    return s ? (v - s.mean) / s.std : v;
  };
  const I = featureCols.length;
  const O = targetCols.length;
  const x = new Float64Array(N * T * I);
  const y = new Float64Array(N * O);
  for (let n = 0; n < N; n++) {
    const start = n * stride;
    for (let t = 0; t < T; t++) {
      (featureCols as number[]).forEach((c, i) => { x[(n * T + t) * I + i] = scaled(c, start + t); });
    }
    (targetCols as number[]).forEach((c, o) => { y[n * O + o] = scaled(c, start + T - 1 + horizon); });
  }
  const dataset: Dataset = { count: N, steps: T, inputSize: I, outputSize: O, sequenceTargets: false, x, y };
  const normalization = Object.fromEntries([...stats].map(([c, s]) => [header[c], s]));
  return { dataset, diagnostics: [], info: { rows: R, samples: N, ...(stats.size ? { normalization } : {}) } };
}

/** Mean and population standard deviation of values[0, count); std 0 becomes 1. */
function columnStats(values: Float64Array, count: number): ColumnStats {
  let mean = 0;
  for (let i = 0; i < count; i++) mean += values[i];
  mean /= count;
  let variance = 0;
  for (let i = 0; i < count; i++) variance += (values[i] - mean) ** 2;
  const std = Math.sqrt(variance / count);
  return { mean, std: std > 0 ? std : 1 };
}

/** 1-based character column where field `index` starts on the record's last line. */
function cellColumn(raw: string, index: number): number {
  const line = raw.replace(/\r?\n$/, '').split('\n').pop() ?? '';
  let field = 0;
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    if (field === index) return i + 1;
    const ch = line[i];
    if (ch === '"') quoted = !quoted;
    else if (ch === ',' && !quoted) field++;
  }
  return field === index ? line.length + 1 : 1;
}

function csvMessage(e: { message: string; code?: string }): string {
  const text = e.message.replace(/ on line \d+$/, '');
  return `malformed CSV: ${text}`;
}
