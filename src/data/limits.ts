// The most RNN Lab reads and builds (docs/reference/limits.md). Files are read up to these sizes and
// only when they are regular files; samples are built only when they fit.

const MiB = 1024 * 1024;
const GiB = 1024 * MiB;

/** An experiment file (inline data included). */
export const MAX_EXPERIMENT_FILE_BYTES = 16 * MiB;
/** A text file for a character-level model. */
export const MAX_TEXT_FILE_BYTES = 64 * MiB;
/** A weights file (model.init.weights). */
export const MAX_WEIGHTS_FILE_BYTES = 256 * MiB;
/** A CSV file, streamed: only the columns an experiment uses are kept, as numbers. */
export const MAX_CSV_FILE_BYTES = 4 * GiB;
/**
 * The samples of a run as the trainer holds them, x and y in float64 — and the numbers kept
 * from a CSV's used columns while reading it.
 */
export const MAX_SAMPLE_BYTES = 2 * GiB;

// ── What the commands that read runs take from a user (predict, inspect, sample, import-weights) ──

/** A run's run.json. */
export const MAX_RUN_RECORD_BYTES = 16 * MiB;
/** predict and inspect --input: a text, a CSV or a JSON file of samples. */
export const MAX_INPUT_FILE_BYTES = 64 * MiB;
/** The samples an --input makes, x and y in float64 (a 1 MB text is 20,000 one-hot sequences). */
export const MAX_INPUT_SAMPLE_BYTES = 64 * MiB;
/** import-weights: a state_dict as JSON, as large as a weights file. */
export const MAX_STATE_DICT_BYTES = MAX_WEIGHTS_FILE_BYTES;
/** sample --length: characters generated (as a run's periodic samples, metricsLine.ts). */
export const MAX_GENERATED_CHARACTERS = 100_000;
/** sample --prime and inspect --text: characters fed to the model. */
export const MAX_PROBE_CHARACTERS = 10_000;
/** A seed (--seed, the experiment's "seed"): the random streams take 32 bits. */
export const MAX_SEED = 0xffff_ffff;
/** sample --temperature: above this every character is as likely (p ∝ exp(z / T) is flat). */
export const MAX_TEMPERATURE = 1000;
/** sample --temperature above 0: below this exp(z / T) leaves float64 (use 0 for the most likely character). */
export const MIN_TEMPERATURE = 1e-6;
