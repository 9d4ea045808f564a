// The workspace every real-VS Code test opens: examples to train, a long experiment to
// stop and a broken one to diagnose.
import fs from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '../..');

/** A workspace with the examples the tests train, plus a long and a broken experiment. */
export function makeWorkspace(scratch) {
  const ws = path.join(scratch, 'workspace');
  fs.mkdirSync(path.join(ws, 'data'), { recursive: true });
  const copyExample = (name) => {
    const e = JSON.parse(fs.readFileSync(path.join(ROOT, 'examples', name), 'utf8'));
    delete e.$schema; // the extension maps *.rnn.json to its schema
    fs.writeFileSync(path.join(ws, name), JSON.stringify(e, null, 2) + '\n');
    return e;
  };
  copyExample('notebook.rnn.json');
  const sine = copyExample('sine.rnn.json');
  fs.writeFileSync(
    path.join(ws, 'long.rnn.json'),
    JSON.stringify({ ...sine, name: 'long', training: { ...sine.training, epochs: 100000 } }, null, 2),
  );
  fs.writeFileSync(
    path.join(ws, 'broken.rnn.json'),
    JSON.stringify(
      {
        data: { x: [[[1], [2]]], y: [[0]] },
        model: {
          layers: [
            { type: 'rnn', units: 4 },
            { type: 'dense', units: 3 },
          ],
        },
        training: { epochs: 1, loss: 'mse', optimizer: { type: 'sgd', learningRate: 0.1 } },
      },
      null,
      2,
    ),
  );
  return ws;
}
