// The templates "New RNN Experiment" offers: every bundled example, each with the one thing
// it teaches, the name of the file it becomes and its text. No `vscode` here, so it is unit-tested.

import { applyEdits, modify, parseTree, findNodeAtLocation, type Edit } from 'jsonc-parser';

export interface Template {
  readonly label: string;
  /** One line: what the example teaches. */
  readonly detail: string;
  /** Its file in examples/. */
  readonly example: string;
  /** The data file it reads, copied beside the new experiment. */
  readonly dataFile?: string;
}

export const TEMPLATES: readonly Template[] = [
  {
    label: 'Notebook',
    detail: 'Three stacked rnn layers on inline data: read the shape trace of every step',
    example: 'notebook.rnn.json',
  },
  {
    label: 'Sine wave',
    detail: 'Predict the next value of a noisy sine: the quickest loss curve to watch fall',
    example: 'sine.rnn.json',
  },
  {
    label: 'CSV series',
    detail: 'Forecast a time series from a CSV file: sliding windows and z-scored features',
    example: 'temperature-csv.rnn.json',
    dataFile: 'data/temperature.csv',
  },
  {
    label: 'Character text',
    detail: 'A character-level language model: watch validation loss fall, then flatten as it starts to memorise',
    example: 'alice-chars.rnn.json',
    dataFile: 'data/alice.txt',
  },
  {
    label: 'Adding problem',
    detail: 'Sum two marked values of a 15-step sequence: memory over a short distance',
    example: 'addition.rnn.json',
  },
  {
    label: 'Parity (XOR)',
    detail: 'XOR of 6 bits with sigmoid and binary cross-entropy: a loss stuck at ln 2 before it drops',
    example: 'parity.rnn.json',
  },
  {
    label: 'Copy memory',
    detail: 'Remember 3 symbols across a delay and write them back: softmax at every step',
    example: 'copy.rnn.json',
  },
  {
    label: 'LSTM: 80-step adding problem',
    detail: 'An LSTM plateaus at the baseline, then learns to carry a value 79 steps',
    example: 'adding-lstm.rnn.json',
  },
  {
    label: 'GRU: 80-step adding problem',
    detail: 'The same task with a GRU, which leaves the baseline within a few epochs',
    example: 'adding-gru.rnn.json',
  },
  {
    label: 'Elman RNN: 80-step adding problem',
    detail: 'The same task with a plain rnn layer, which stays at the baseline: vanishing gradients',
    example: 'adding-rnn.rnn.json',
  },
];

const SUFFIX = '.rnn.json';

/**
 * The experiment file for the path a save dialog returned: always `<name>.rnn.json`, however
 * the dialog or the user spelled it (`weather`, `weather.json`, `weather.rnn.json`, or a
 * dialog that appended its filter's extension once more: `weather.rnn.json.rnn.json`).
 */
export function experimentFileFor(chosen: string): string {
  let base = chosen;
  for (;;) {
    if (base.endsWith(SUFFIX) && base.length > SUFFIX.length) base = base.slice(0, -SUFFIX.length);
    else if (base.endsWith('.json') && base.length > '.json'.length) base = base.slice(0, -'.json'.length);
    else break;
  }
  return `${base}${SUFFIX}`;
}

/**
 * The new experiment's text: the template's as written (its layout, its comments), with its own
 * name and a description that says where it started from, and without the `$schema` line
 * (the extension maps *.rnn.json to the schema already).
 */
export function experimentText(templateText: string, template: Template, name: string): string {
  const description = `Started from the "${template.label}" template: ${template.detail}.`;
  let text = templateText;
  const edit = (path: string[], value: string | undefined) => {
    const root = parseTree(text);
    if (value === undefined && !(root && findNodeAtLocation(root, path))) return;
    const edits: Edit[] = modify(text, path, value, { formattingOptions: { insertSpaces: true, tabSize: 2 } });
    text = applyEdits(text, edits);
  };
  edit(['$schema'], undefined);
  edit(['name'], name);
  edit(['description'], description);
  return text.endsWith('\n') ? text : `${text}\n`;
}
