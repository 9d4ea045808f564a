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
python train.py --resume RUN/checkpoints/epoch-8.pt   # continue an earlier run from a kept epoch
sbatch slurm.sbatch                      # on a Slurm cluster (see "A cluster: Slurm")
\`\`\`

Tested on the CPU with torch 1.13 (Debian's python3-torch) and torch 2.13 (the CPU wheel), both
under Python 3.11: one process, torchrun with 2, Slurm, --resume; \`python -W error\` runs clean
on both (no deprecated API), and checkpoints load with \`torch.load(…, weights_only=True)\`.

## What is here

| file | what it is |
|---|---|
| \`train.py\` | the model (\`torch.nn\` modules, one per RNN Lab layer), the loss, the optimizer (\`torch.optim\`), the learning rate schedule (\`torch.optim.lr_scheduler\`), early stopping and the training loop over a \`DataLoader\`; every setting is read from \`experiment.json\` |
| \`rnn_lab_io.py\` | RNN Lab's formats: reading \`data/\`, the batch samplers that yield RNN Lab's batch order (one process, or each rank its share), \`rnn-lab/weights@1\` ↔ torch modules, checkpoints, writing run directories |
| \`slurm.sbatch\` | train.py on a Slurm cluster: one torchrun per node, the rendezvous on the first node |
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

## Checkpoints and --resume

At the epochs RNN Lab keeps (1–5, then every power of two, and the last) a run saves
\`checkpoints/epoch-E.pt\`: \`torch.save\` of \`{"model": state_dict, "optimizer": …, "scheduler": …,
"epoch": E, "early_stopping": …}\` (each Python float stored as a 0-d tensor, because torch 1.13's
\`weights_only\` reader knows no floats; \`rnn_lab_io.load_checkpoint\` reads it back).
\`python train.py --resume RUN/checkpoints/epoch-E.pt\` (also under \`torchrun\` or \`sbatch\`) loads it
with \`torch.load(…, weights_only=True)\` — nothing in the file can run code — and trains epochs
E + 1 … to the losses and weights the uninterrupted run has. The resumed run is a new run
directory: it starts with the epochs up to E of the checkpoint's run (its metrics lines and
checkpoints) and names it in \`run.json\` as \`resumedFrom\`.

## A cluster: Slurm

\`\`\`sh
cd THIS_FOLDER && sbatch slurm.sbatch                                # a node, as the #SBATCH lines say
sbatch --nodes 4 --gpus-per-node 8 slurm.sbatch --out /shared/runs   # 4 nodes × 8 GPUs; train.py options after it
sbatch --export=ALL,DEVICE=cpu,PROCESSES_PER_NODE=16 slurm.sbatch     # CPU nodes, 16 processes each
\`\`\`

Each node runs one \`srun\` task: \`python -m torch.distributed.run\` (torchrun) with one process per GPU
Slurm gave it (\`PROCESSES_PER_NODE\` otherwise), meeting at a c10d rendezvous on the job's first
node (\`PORT\`, default 29500). The processes train as under torchrun on one machine — the run
equals the single-process one — and only rank 0 writes it, under \`--out\` (a folder every node
sees) or \`RUNS_DIR\`. \`PYTHON\` picks the interpreter. Tested on a one-node Slurm 22.05 (Debian's
slurm-wlm) with 2 processes on the CPU.

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
