// One line of metrics.ndjson checked against the epoch event's typed contract before anything
// reads it: the file is data from disk (another version, a crash, a hand edit, an attacker),
// and the panel and `rnn-lab report` loop over the sizes it states. A line that is not an
// epoch is dropped; a statistic that does not fit its shape or its bounds is dropped (every
// statistic is optional: the charts show what is there). Pure: the webview may use it too.
//
// Bounds: histograms of at most MAX_HISTOGRAM_BINS bins; Wh snapshots of at most
// SNAPSHOT_MAX_SIDE × SNAPSHOT_MAX_SIDE with rows × cols = values.length and at most
// MAX_GATE_BLOCKS gate blocks (shape (H, G·H)); per-step series
// (dhNorms, dcNorms) of one length T ≤ MAX_SERIES_LENGTH in a line; at most MAX_KEYS names
// per statistic, each at most MAX_NAME_LENGTH characters. Fields this contract does not know
// are kept only when they are scalars (numbers, booleans, short strings, null).

import { SNAPSHOT_MAX_SIDE, type MatrixSnapshot } from '../core/snapshots';
import type { EpochSample } from '../core/sample';
import type { Histogram } from '../core/stats';
import type { EpochEvent, GateSaturationFractions } from '../core/trainer';

export const MAX_HISTOGRAM_BINS = 64;
/** Gate blocks side by side in a snapshot's matrix (lstm has 4): the heatmap draws a line per block. */
export const MAX_GATE_BLOCKS = 8;
export const MAX_SERIES_LENGTH = 100_000;
export const MAX_KEYS = 10_000;
export const MAX_NAME_LENGTH = 200;
/** Lines longer than this are not parsed at all (a statistics line of a large model is ~1 MB). */
export const MAX_SAMPLE_LENGTH = 100_000;
export const MAX_LINE_LENGTH = 64 * 1024 * 1024;

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
const isPositiveInteger = (v: unknown): v is number => isCount(v) && v >= 1;

/**
 * A recorded number: JSON has no NaN or ±Infinity, so a writer may have put null or the
 * words; those read back as the non-finite number. Anything else is not a number.
 */
function recordedNumber(v: unknown): number | undefined {
  if (typeof v === 'number') return v;
  if (v === null || v === 'NaN') return NaN;
  if (v === 'Infinity') return Infinity;
  if (v === '-Infinity') return -Infinity;
  return undefined;
}

/** The line's epoch event, or undefined when it is not one. */
export function parseMetricsLine(line: string): EpochEvent | undefined {
  if (line.length > MAX_LINE_LENGTH || !line.trim()) return undefined;
  try {
    return checkEpochLine(JSON.parse(line));
  } catch {
    return undefined; // torn line: the run was killed while appending it
  }
}

/** A parsed line as an epoch event: what fits the contract, nothing else. */
export function checkEpochLine(value: unknown): EpochEvent | undefined {
  if (!isObject(value)) return undefined;
  if (value.type !== undefined && value.type !== 'epoch') return undefined;
  const { epoch } = value;
  const loss = recordedNumber(value.loss);
  if (!isPositiveInteger(epoch) || loss === undefined) return undefined;
  const out: Json = {};
  for (const [key, v] of Object.entries(value)) {
    if (KNOWN.has(key)) continue;
    if (
      typeof v === 'number' ||
      typeof v === 'boolean' ||
      v === null ||
      (typeof v === 'string' && v.length <= MAX_NAME_LENGTH)
    )
      out[key] = v;
  }
  out.type = 'epoch';
  out.epoch = epoch;
  out.epochs = isPositiveInteger(value.epochs) && value.epochs >= epoch ? value.epochs : epoch;
  out.loss = loss;
  // null is "no validation data" here, not a non-finite loss
  out.valLoss = value.valLoss === null || value.valLoss === undefined ? null : (recordedNumber(value.valLoss) ?? null);
  const ms = value.ms;
  out.ms = typeof ms === 'number' && Number.isFinite(ms) && ms >= 0 ? ms : 0;
  if (value.clippedBatches !== undefined) out.clippedBatches = isCount(value.clippedBatches) ? value.clippedBatches : 0;
  const set = (key: string, v: unknown) => {
    if (v !== undefined) out[key] = v;
  };
  set('weightNorms', numbers(value.weightNorms));
  set('gradNorms', numbers(value.gradNorms));
  set('spectralNorms', numbers(value.spectralNorms));
  const length = seriesLength(value.dhNorms, value.dcNorms);
  set('dhNorms', series(value.dhNorms, length));
  set('dcNorms', series(value.dcNorms, length));
  set('gateSaturation', entries(value.gateSaturation, gateSaturation));
  set('histograms', entries(value.histograms, histogram));
  set('whSnapshots', entries(value.whSnapshots, matrixSnapshot));
  set('sample', epochSample(value.sample));
  return out as unknown as EpochEvent;
}

const KNOWN = new Set([
  'type',
  'epoch',
  'epochs',
  'loss',
  'valLoss',
  'ms',
  'clippedBatches',
  'weightNorms',
  'gradNorms',
  'spectralNorms',
  'dhNorms',
  'dcNorms',
  'gateSaturation',
  'histograms',
  'whSnapshots',
  'sample',
]);

/** An object of named entries, each checked by `check` (entries that fail are left out). */
function entries<T>(v: unknown, check: (entry: unknown) => T | undefined): Record<string, T> | undefined {
  if (!isObject(v)) return undefined;
  const names = Object.keys(v);
  if (names.length > MAX_KEYS) return undefined;
  const out: Record<string, T> = {};
  for (const name of names) {
    if (name.length > MAX_NAME_LENGTH || name === '__proto__') continue;
    const entry = check(v[name]);
    if (entry !== undefined) out[name] = entry;
  }
  return out;
}

function numbers(v: unknown): Record<string, number> | undefined {
  return entries(v, recordedNumber);
}

/** The one step count T of a line's per-step series, if they agree and are not too long. */
function seriesLength(...records: unknown[]): number | undefined {
  let length: number | undefined;
  for (const record of records) {
    if (!isObject(record)) continue;
    for (const s of Object.values(record)) {
      if (!Array.isArray(s)) continue;
      if (length !== undefined && s.length !== length) return undefined;
      length = s.length;
    }
  }
  return length !== undefined && length <= MAX_SERIES_LENGTH ? length : undefined;
}

function series(v: unknown, length: number | undefined): Record<string, number[]> | undefined {
  if (length === undefined) return undefined;
  return entries(v, (s) => {
    if (!Array.isArray(s) || s.length !== length) return undefined;
    const values: number[] = [];
    for (const x of s) {
      const v = recordedNumber(x);
      if (v === undefined) return undefined;
      values.push(v);
    }
    return values;
  });
}

function gateSaturation(v: unknown): GateSaturationFractions | undefined {
  if (!isObject(v)) return undefined;
  const { low, high } = v;
  const fraction = (x: unknown): x is number => typeof x === 'number' && x >= 0 && x <= 1;
  return fraction(low) && fraction(high) ? { low, high } : undefined;
}

function histogram(v: unknown): Histogram | undefined {
  if (!isObject(v)) return undefined;
  const { min, max, counts } = v;
  if (typeof min !== 'number' || typeof max !== 'number' || !Number.isFinite(min) || !Number.isFinite(max) || min > max)
    return undefined;
  if (!Array.isArray(counts) || counts.length < 1 || counts.length > MAX_HISTOGRAM_BINS || !counts.every(isCount))
    return undefined;
  return { min, max, counts };
}

/** A character model's sample of the epoch (runs/periodicSamples.ts): texts of at most MAX_SAMPLE_LENGTH characters. */
function epochSample(v: unknown): EpochSample | undefined {
  if (!isObject(v)) return undefined;
  const { prime, text, temperature, seed } = v;
  const short = (x: unknown): x is string => typeof x === 'string' && x.length <= MAX_SAMPLE_LENGTH;
  if (!short(prime) || !short(text) || typeof temperature !== 'number' || !(temperature >= 0) || !isCount(seed))
    return undefined;
  return { prime, text, temperature, seed };
}

function matrixSnapshot(v: unknown): MatrixSnapshot | undefined {
  if (!isObject(v)) return undefined;
  const { rows, cols, shape, values } = v;
  const side = (x: unknown): x is number => isPositiveInteger(x) && x <= SNAPSHOT_MAX_SIDE;
  if (!side(rows) || !side(cols)) return undefined;
  if (!Array.isArray(shape) || shape.length !== 2 || !isPositiveInteger(shape[0]) || !isPositiveInteger(shape[1]))
    return undefined;
  if (rows > shape[0] || cols > shape[1]) return undefined;
  if (shape[1] % shape[0] === 0 && shape[1] / shape[0] > MAX_GATE_BLOCKS) return undefined;
  if (
    !Array.isArray(values) ||
    values.length !== rows * cols ||
    !values.every((x) => typeof x === 'number' && Number.isFinite(x))
  )
    return undefined;
  return { rows, cols, shape: [shape[0], shape[1]], values: values as number[] };
}
