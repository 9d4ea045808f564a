// CSV time series → sliding windows: x = feature rows [i, i+T), y = target row i+T−1+horizon.
// z-score statistics come from the rows the training samples use, never from held-out rows.
//
// The file is streamed (csv-parse's streaming API): each record is checked as it arrives and
// only the cells of the columns in use are kept, as float64 in chunks, so reading takes about
// 8 bytes per used cell (no strings, no per-row objects kept). The windows are built only when
// training asks for them (DataPlan.build).

import { parse, type CsvError, type InfoRecord, type Options } from 'csv-parse';
import type { Dataset } from '../core/dataset';
import { diagnosticAt, type Diagnostic } from '../diagnostics/diagnostic';
import { quoted } from '../diagnostics/excerpt';
import { formatBytes } from '../diagnostics/quantities';
import { MAX_CSV_FILE_BYTES, MAX_SAMPLE_BYTES } from './limits';
import { openRegularFile, tooLarge } from './readFailure';
import { failed, type DataResult } from './result';
import type { CsvColumn, CsvData, SpecLocator } from './spec';
import { noTrainingSample, trainingCount } from './validationSplit';

export interface ColumnStats {
  readonly mean: number;
  readonly std: number;
}

/** The longest record (in characters) the reader buffers: a file without line breaks stops here. */
const MAX_RECORD_CHARACTERS = 1 << 20;
/** Header names shown in a message at most. */
const MAX_NAMES_SHOWN = 20;
const CHUNK = 1 << 16;

/** Numbers of one column, appended in fixed-size chunks (no copy while growing). */
class ColumnBuilder {
  private readonly chunks: Float64Array[] = [];
  private last = new Float64Array(CHUNK);
  private filled = 0;
  length = 0;

  push(v: number): void {
    if (this.filled === CHUNK) {
      this.chunks.push(this.last);
      this.last = new Float64Array(CHUNK);
      this.filled = 0;
    }
    this.last[this.filled++] = v;
    this.length++;
  }

  finish(): Float64Array {
    const out = new Float64Array(this.length);
    let at = 0;
    for (const c of this.chunks) {
      out.set(c, at);
      at += c.length;
    }
    out.set(this.last.subarray(0, this.filled), at);
    return out;
  }
}

/** The CSV's header and the numbers of the columns in use, or the first problem found. */
interface Columns {
  readonly header: string[];
  readonly values: Map<number, Float64Array>;
  readonly rows: number;
}

export async function loadCsv(spec: CsvData, doc: SpecLocator): Promise<DataResult> {
  const read = await readColumns(spec, doc);
  if ('problems' in read) return failed(...read.problems);
  const { header, values, rows: R } = read;
  const { window: T, horizon, stride } = spec;
  if (R < T + horizon) {
    return failed(
      doc.at(
        ['data', 'window'],
        `the CSV has ${R} data rows; a window of ${T} with horizon ${horizon} needs at least ${T + horizon}`,
      ),
    );
  }
  const N = Math.floor((R - T - horizon) / stride) + 1;
  const noTraining = noTrainingSample(N, spec.validationSplit, doc);
  if (noTraining) return failed(noTraining);
  const trainCount = trainingCount(N, spec.validationSplit);
  const featureCols = spec.features.map((c) => columnOf(header, c));
  const targetCols = spec.targets.map((c) => columnOf(header, c));

  const stats = new Map<number, ColumnStats>();
  if (spec.normalize === 'zscore') {
    const lastTrainRow = (trainCount - 1) * stride + T - 1 + horizon;
    for (const [c, column] of values) stats.set(c, columnStats(column, lastTrainRow + 1));
  }
  const I = featureCols.length;
  const O = targetCols.length;
  const build = (): Dataset => {
    // each used column scaled once, then the windows are copies
    const scaled = new Map(
      [...values].map(([c, column]) => {
        const s = stats.get(c);
        return [c, s ? column.map((v) => (v - s.mean) / s.std) : column];
      }),
    );
    const features = featureCols.map((c) => scaled.get(c)!);
    const targets = targetCols.map((c) => scaled.get(c)!);
    const x = new Float64Array(N * T * I);
    const y = new Float64Array(N * O);
    for (let n = 0; n < N; n++) {
      const start = n * stride;
      for (let t = 0; t < T; t++) {
        const row = start + t;
        const at = (n * T + t) * I;
        for (let i = 0; i < I; i++) x[at + i] = features[i][row];
      }
      for (let o = 0; o < O; o++) y[n * O + o] = targets[o][start + T - 1 + horizon];
    }
    return { count: N, steps: T, inputSize: I, outputSize: O, sequenceTargets: false, x, y };
  };
  const normalization = Object.fromEntries([...stats].map(([c, s]) => [header[c], s]));
  return {
    plan: {
      shape: { count: N, steps: T, inputSize: I, outputSize: O, sequenceTargets: false },
      sizeField: ['data', 'window'],
      build,
    },
    diagnostics: [],
    info: { rows: R, samples: N, ...(stats.size ? { normalization } : {}) },
  };
}

function columnOf(header: readonly string[], column: CsvColumn): number {
  return typeof column === 'number' ? column : header.indexOf(column);
}

/** Streams the file: the header, then every used cell of every row as a number. */
async function readColumns(spec: CsvData, doc: SpecLocator): Promise<Columns | { problems: Diagnostic[] }> {
  const opened = await openRegularFile(spec.csv, 'a CSV file', MAX_CSV_FILE_BYTES);
  if ('problem' in opened) return { problems: [doc.at(['data', 'csv'], opened.problem)] };
  const { handle } = opened;
  let header: string[] | undefined;
  let used: number[] = [];
  let builders: ColumnBuilder[] = [];
  let problems: Diagnostic[] = [];
  let rows = 0;
  let bytesRead = 0;
  const maxRows = (usedCount: number) => Math.floor(MAX_SAMPLE_BYTES / (8 * Math.max(1, usedCount)));

  const onHeader = (record: string[]): Diagnostic[] => {
    header = record;
    const resolved: number[] = [];
    const bad: Diagnostic[] = [];
    for (const role of ['features', 'targets'] as const) {
      spec[role].forEach((column, k) => {
        const i = columnOf(record, column);
        if (i >= 0 && i < record.length) resolved.push(i);
        else
          bad.push(
            doc.at(
              ['data', role, k],
              typeof column === 'number'
                ? `column index ${column} is out of range: the CSV has ${record.length} columns (0 … ${record.length - 1})`
                : `no column ${quoted(column)} in ${spec.csv}; its header has ${headerNames(record)}`,
            ),
          );
      });
    }
    used = [...new Set(resolved)];
    builders = used.map(() => new ColumnBuilder());
    return bad;
  };

  const onRow = (record: string[], raw: string, line: number): Diagnostic[] => {
    if (rows >= maxRows(used.length)) {
      return [
        doc.at(
          ['data', 'csv'],
          `the CSV's ${used.length} columns in use hold more than ${formatBytes(MAX_SAMPLE_BYTES)} of numbers ` +
            `(${rows} rows so far); RNN Lab holds at most ${formatBytes(MAX_SAMPLE_BYTES)} of samples`,
        ),
      ];
    }
    for (let k = 0; k < used.length; k++) {
      const c = used[k];
      const cell = record[c];
      const v = cell === '' ? NaN : Number(cell);
      if (!Number.isFinite(v)) {
        const shown = cell === '' ? 'an empty cell' : quoted(cell, 40);
        return [
          diagnosticAt(
            spec.csv,
            line,
            cellColumn(raw, c),
            `column ${quoted(header![c])}: ${shown} is not a number`,
            Math.max(cell.length, 1),
          ),
        ];
      }
      builders[k].push(v);
    }
    rows++;
    return [];
  };

  const options: Options<null, { record: string[]; raw: string }> = {
    bom: true,
    skip_empty_lines: true,
    trim: true,
    raw: true,
    max_record_size: MAX_RECORD_CHARACTERS,
    // with raw: each record comes with its text, for the column of a bad cell
    on_record: ({ record, raw }: { record: string[]; raw: string }, context: InfoRecord) => {
      if (problems.length === 0) problems = header === undefined ? onHeader(record) : onRow(record, raw, context.lines);
      return null;
    },
  };
  const parser = parse(options as unknown as Options); // the typings tie on_record's record to the output rows
  const stream = handle.createReadStream({ highWaterMark: 1 << 20 });
  try {
    await new Promise<void>((resolve, reject) => {
      const stop = () => {
        stream.destroy();
        resolve();
      };
      stream.on('data', (chunk: string | Buffer) => {
        bytesRead += chunk.length;
        if (bytesRead > MAX_CSV_FILE_BYTES) {
          if (problems.length === 0)
            problems = [doc.at(['data', 'csv'], tooLarge(spec.csv, 'a CSV file', MAX_CSV_FILE_BYTES))];
          stop();
          return;
        }
        if (!parser.write(chunk)) {
          stream.pause();
          parser.once('drain', () => stream.resume());
        }
        if (problems.length) stop();
      });
      stream.on('end', () => parser.end());
      stream.on('error', reject);
      parser.on('data', () => {});
      parser.on('end', resolve);
      parser.on('error', (err: CsvError & { lines?: number }) => {
        if (problems.length === 0) problems = [diagnosticAt(spec.csv, err.lines ?? 1, 1, csvMessage(err))];
        stop();
      });
    });
  } catch (err) {
    if (problems.length === 0)
      problems = [doc.at(['data', 'csv'], `cannot read ${spec.csv}: ${(err as Error).message}`)];
  } finally {
    stream.destroy();
    await handle.close().catch(() => {});
  }
  if (problems.length) return { problems };
  if (header === undefined || rows === 0)
    return { problems: [diagnosticAt(spec.csv, 1, 1, 'the CSV needs a header row and at least one data row')] };
  return { header, rows, values: new Map(used.map((c, k) => [c, builders[k].finish()])) };
}

function headerNames(header: readonly string[]): string {
  const shown = header
    .slice(0, MAX_NAMES_SHOWN)
    .map((h) => quoted(h, 40))
    .join(', ');
  return header.length > MAX_NAMES_SHOWN ? `${shown} and ${header.length - MAX_NAMES_SHOWN} more` : shown;
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
  const line =
    raw
      .replace(/\r?\n$/, '')
      .split('\n')
      .pop() ?? '';
  let field = 0;
  let quotedField = false;
  for (let i = 0; i < line.length; i++) {
    if (field === index) return i + 1;
    const ch = line[i];
    if (ch === '"') quotedField = !quotedField;
    else if (ch === ',' && !quotedField) field++;
  }
  return field === index ? line.length + 1 : 1;
}

function csvMessage(e: { message: string }): string {
  const text = e.message.replace(/ on line \d+$/, '').replace(/ at line \d+$/, '');
  return `malformed CSV: ${text}`;
}
