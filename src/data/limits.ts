// The most RNN Lab reads and builds (README "Limits"). Files are read up to these sizes and
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
