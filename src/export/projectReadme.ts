// README.md of an exported project: what is in it, how to run it, what it guarantees, and
// how weights trained here go back to RNN Lab.

import type { ResolvedExperiment } from '../experiment/types';
import { mdText } from './markdown';

export interface ReadmeInput {
  readonly experiment: ResolvedExperiment;
  readonly source: string;
  readonly toolVersion: string;
  readonly shuffled: boolean;
}

export function projectReadme({ experiment: e, source, toolVersion, shuffled }: ReadmeInput): string {
  const agreement =
    e.dtype === 'float64'
      ? 'to 1e-9, relative (float64).'
      : "to rounding (float32): the losses to about 1e-6, the weights as closely wherever their gradients stand above float32's rounding. Adam divides each step by √v, so a weight whose gradient is at rounding level (a saturated unit: inputs not normalised) moves by the learning rate in a direction rounding chose, and may differ by up to learning rate × steps while the losses agree; export a float64 experiment to compare weights closely.";
  return `# ${mdText(e.name)} in PyTorch

Exported by RNN Lab ${mdText(toolVersion)} from ${mdText(source)}${e.description ? `: ${mdText(e.description)}` : '.'}

\`\`\`sh
python train.py                          # CPU; Python ≥ 3.9, torch ≥ 1.13 (2.x too), nothing else
python train.py --device cuda            # or cuda:1, or mps (float32 experiments only)
torchrun --nproc_per_node 4 train.py     # data-parallel over 4 processes (DistributedDataParallel)
python train.py --out DIR                # the runs directory (default: see RUNS_DIR in train.py)
\`\`\`

## What is here

| file | what it is |
|---|---|
| \`train.py\` | the settings, the model (\`torch.nn\` modules, one per RNN Lab layer), the loss, the optimizer and the training loop |
| \`rnn_lab_io.py\` | RNN Lab's formats: reading \`data/\`, \`rnn-lab/weights@1\` ↔ torch modules, writing run directories |
| \`experiment.json\` | the experiment as RNN Lab resolved it (every default filled in); each run records it |
| \`initial_weights.json\` | the weights RNN Lab starts from (\`rnn-lab/weights@1\`), loaded through the mapping in \`rnn_lab_io.py\` |
| \`data/\` | the samples exactly as RNN Lab prepared them (windows, normalisation, one-hot characters, validation split) as raw little-endian float64 arrays, described by \`data/data.json\`${shuffled ? '; `batch_order.bin`: the sample order of every epoch, as RNN Lab shuffles' : ''} |

## Reproducibility

On the CPU, \`python train.py\` gives RNN Lab's epoch losses (the sample-weighted mean of the
batch losses, each before its update; validation loss with the weights after the epoch) and
its final weights ${agreement} Other devices compute in another order and agree
only to rounding. With \`torchrun\`, each process computes its share of every batch (samples
rank, rank + N, …, as \`DistributedSampler\` splits them), weighted by that share, so the
averaged gradient is the whole batch's: the losses equal the single-process ones. Only rank 0
writes. \`gloo\` is used on the CPU, \`nccl\` on GPUs. (Debian's torch 1.13 under Python 3.11
fails in torchrun's own option parsing; \`torchrun --redirects 2 --tee 2 …\` avoids it.)

## The run

Each run is a directory in RNN Lab's layout (\`experiment.json\`, \`metrics.ndjson\`,
\`weights.json\`, \`run.json\`) with \`"host": "pytorch"\` and the device in \`run.json\`, filed
under the experiment above: written to RNN Lab's runs directory, it appears in the Runs view
and opens in the panel (loss, validation loss, accuracy and perplexity where the loss has them,
weight and gradient norms); \`checkpoints/epoch-E.json\` hold the weights of the epochs RNN Lab
keeps (1–5, powers of two, the best, the last), and \`run.json\` the best epoch and figures.

## Back to RNN Lab

\`weights.json\` of a run is an \`rnn-lab/weights@1\` file: \`"init": {"weights": "…/weights.json"}\`
starts an RNN Lab experiment from it. Weights of a \`Network\` trained any other way go back
through its state_dict, written as JSON:

\`\`\`python
rnn_lab_io.write_state_dict_json(model.state_dict(), "state_dict.json")   # in Python, or:
\`\`\`
\`\`\`sh
python rnn_lab_io.py state-dict model.pt state_dict.json   # a torch.save'd state_dict
rnn-lab import-weights state_dict.json --experiment experiment.json -o weights.json
\`\`\`

RNN Lab reads JSON only: a \`.pt\` file needs torch, hence the helper. The keys are
\`layers.<i>.<name>\` of the \`Network\` in \`train.py\` (a \`module.\` prefix from
DistributedDataParallel is dropped): \`weight_ih_l0\`, \`weight_hh_l0\`, \`bias_ih_l0\`,
\`bias_hh_l0\` for shared weights, \`cells.<t>.weight_ih\` … for weights per step, \`weight\`
and \`bias\` for dense layers, \`activation.weight\` for a PReLU slope.
`;
}
