// The model of an experiment as PyTorch code: one torch module per RNN Lab layer, in a
// `Network` whose forward pass is spelled out layer by layer. torch.nn.RNN / LSTM / GRU /
// Linear wherever they compute what RNN Lab computes; small explicit modules where they
// cannot: nn.RNN knows only tanh and relu, and ties the weights of all steps.

import type { LayerSpec } from '../core/model';
import type { ResolvedExperiment } from '../experiment/types';
import { pyInt, pyName, pyString } from './python';

export interface ModelShape {
  readonly inputSize: number;
  readonly steps: number;
}

/** The Python classes train.py needs besides torch's, by name. */
export type HelperClass = 'Elman' | 'PerStep' | 'ElmanCell';

const TORCH_RNN_ACTIVATIONS = new Set(['tanh', 'relu']);

/** The activation of an Elman layer as a torch module (applied to the pre-activation). */
const ELMAN_ACTIVATION: Record<string, string> = {
  sigmoid: 'nn.Sigmoid()',
  linear: 'nn.Identity()',
  prelu: 'nn.PReLU(init=0.25)',
  tanh: 'nn.Tanh()',
  relu: 'nn.ReLU()',
};

/** Dense activations applied to the output of the layer's nn.Linear. */
function denseActivation(activation: string, z: string): string {
  switch (activation) {
    case 'linear':
      return z;
    case 'tanh':
      return `torch.tanh(${z})`;
    case 'sigmoid':
      return `torch.sigmoid(${z})`;
    case 'relu':
      return `torch.relu(${z})`;
    case 'softmax':
      return `torch.softmax(${z}, dim=-1)`;
    default:
      throw new Error(`no PyTorch form for dense activation ${activation}`);
  }
}

interface LayerCode {
  /** The constructor expression. */
  readonly module: string;
  readonly comment: string;
  /** Lines run after the ModuleList exists (freezing an rnn's second bias). */
  readonly setup: string[];
  readonly helpers: HelperClass[];
}

function units(n: number): string {
  return `${pyInt(n)} unit${n === 1 ? '' : 's'}`;
}

const ACTIVATIONS = Object.keys(ELMAN_ACTIVATION);

function layerCode(spec: LayerSpec, i: number, inputWidth: number, steps: number): LayerCode {
  // Every value below reaches code or a comment: numbers as ints, names only from the tables above.
  const self = `self.layers[${pyInt(i)}]`;
  const width = pyInt(inputWidth);
  pyInt(steps);
  pyInt(spec.units);
  const zeroBias = 'nn.init.zeros_(BIAS).requires_grad_(False)';
  switch (spec.type) {
    case 'dense':
      return {
        module: `nn.Linear(${width}, ${spec.units})`,
        comment: `dense, ${units(spec.units)}, ${spec.activation}`,
        setup: [],
        helpers: [],
      };
    case 'lstm':
    case 'gru': {
      const torch = spec.type === 'lstm' ? 'LSTM' : 'GRU';
      if (spec.shareWeights)
        return {
          module: `nn.${torch}(${width}, ${spec.units}, batch_first=True)`,
          comment: `${spec.type}, ${units(spec.units)}`,
          setup: [],
          helpers: [],
        };
      return {
        module: `PerStep([nn.${torch}Cell(${width}, ${spec.units}) for _ in range(${steps})])`,
        comment: `${spec.type}, ${units(spec.units)}, weights per step`,
        setup: [],
        helpers: ['PerStep'],
      };
    }
    case 'rnn': {
      pyName(spec.activation, ACTIVATIONS, 'rnn activation');
      const native = TORCH_RNN_ACTIVATIONS.has(spec.activation);
      const comment = `rnn, ${units(spec.units)}, ${spec.activation}${spec.shareWeights ? '' : ', weights per step'}`;
      if (spec.shareWeights && native) {
        return {
          module: `nn.RNN(${width}, ${spec.units}, nonlinearity=${pyString(spec.activation)}, batch_first=True)`,
          comment,
          setup: [zeroBias.replace('BIAS', `${self}.bias_hh_l0`)],
          helpers: [],
        };
      }
      if (spec.shareWeights) {
        return {
          module: `Elman(${width}, ${spec.units}, ${ELMAN_ACTIVATION[spec.activation]})`,
          comment,
          setup: [],
          helpers: ['Elman'],
        };
      }
      if (native) {
        return {
          module: `PerStep([nn.RNNCell(${width}, ${spec.units}, nonlinearity=${pyString(spec.activation)}) for _ in range(${steps})])`,
          comment,
          setup: [`for cell in ${self}.cells:`, `    ${zeroBias.replace('BIAS', 'cell.bias_hh')}`],
          helpers: ['PerStep'],
        };
      }
      return {
        module: `PerStep([ElmanCell(${width}, ${spec.units}) for _ in range(${steps})], ${ELMAN_ACTIVATION[spec.activation]})`,
        comment,
        setup: [],
        helpers: ['PerStep', 'ElmanCell'],
      };
    }
    default:
      return unhandled(spec);
  }
}

function unhandled(spec: never): never {
  throw new Error(`no PyTorch form for layer type ${JSON.stringify((spec as { type?: unknown }).type)}`);
}

export interface NetworkCode {
  readonly source: string;
  readonly helpers: readonly HelperClass[];
  /** Whether forward takes `logits=True` (crossEntropy is computed from the softmax's input). */
  readonly hasLogits: boolean;
}

/** The `Network` class of train.py. */
export function networkCode(e: ResolvedExperiment, shape: ModelShape): NetworkCode {
  const { layers, output } = e.model;
  const T = shape.steps;
  const codes: LayerCode[] = [];
  let width = shape.inputSize;
  for (const [i, spec] of layers.entries()) {
    codes.push(layerCode(spec, i, width, T));
    width = spec.units;
  }
  const hasLogits = e.training.loss === 'crossEntropy';
  const moduleLines = codes.map((c, i) => `            ${c.module},  # layer ${i}: ${c.comment}`);
  const setup = codes.flatMap((c) => c.setup);
  const init = [
    '    def __init__(self):',
    '        super().__init__()',
    '        self.layers = nn.ModuleList([',
    ...moduleLines,
    '        ])',
    ...(setup.length
      ? [
          "        # RNN Lab's rnn has one bias, b = bias_ih: torch's bias_hh stays 0 and is not trained",
          ...setup.map((l) => `        ${l}`),
        ]
      : []),
  ];

  const last = layers[layers.length - 1];
  const outWidth = last.units;
  const sequence = output === 'sequence';
  const lead = sequence ? `B, ${T}` : 'B';
  const forward: string[] = [];
  let seqWidth = shape.inputSize;
  let variable = 'x';
  let sliced = false;
  layers.forEach((spec, i) => {
    if (spec.type !== 'dense') {
      forward.push(`        h, _ = self.layers[${i}](${variable})  # (B, ${T}, ${spec.units})`);
      variable = 'h';
      seqWidth = spec.units;
      return;
    }
    if (!sequence && !sliced) {
      forward.push(`        h = h[:, -1]  # "output": "last": only the final step goes on, (B, ${seqWidth})`);
      sliced = true;
    }
    const isLast = i === layers.length - 1;
    const applied = `self.layers[${i}](h)`;
    if (isLast && spec.activation === 'softmax' && hasLogits) {
      forward.push(`        z = ${applied}  # (${lead}, ${spec.units})`);
      forward.push('        return z if logits else torch.softmax(z, dim=-1)');
    } else if (isLast) {
      forward.push(`        return ${denseActivation(spec.activation, applied)}`);
    } else {
      forward.push(`        h = ${denseActivation(spec.activation, applied)}  # (${lead}, ${spec.units})`);
    }
  });
  if (last.type !== 'dense')
    forward.push(sequence ? '        return h' : '        return h[:, -1]  # "output": "last": the final step');
  const signature = hasLogits ? 'def forward(self, x, logits=False):' : 'def forward(self, x):';
  const returns = `${sequence ? 'predictions at every step' : 'the prediction'} (${lead}, ${outWidth})`;
  const doc = hasLogits
    ? `"""x: (B, ${T}, ${shape.inputSize}) → ${returns}; logits=True: before the softmax."""`
    : `"""x: (B, ${T}, ${shape.inputSize}) → ${returns}."""`;
  const source = [
    'class Network(nn.Module):',
    `    """The experiment's layers in order, as RNN Lab stacks them."""`,
    '',
    ...init,
    '',
    `    ${signature}`,
    `        ${doc}`,
    ...forward,
  ].join('\n');
  const helpers = [...new Set(codes.flatMap((c) => c.helpers))].sort();
  return { source, helpers, hasLogits };
}

/** The explicit modules, each only when the model uses it. */
export const HELPER_SOURCE: Record<HelperClass, string> = {
  Elman: String.raw`class Elman(nn.Module):
    """An rnn layer for the activations nn.RNN lacks (it has only tanh and relu):
    h[t] = activation(x[t] @ Wx + h[t-1] @ Wh + b), h[-1] = 0. Parameters are named as
    nn.RNN's: weight_ih_l0 = Wxᵀ (H, I), weight_hh_l0 = Whᵀ (H, H), bias_ih_l0 = b (H,)."""

    def __init__(self, input_size, hidden_size, activation):
        super().__init__()
        self.weight_ih_l0 = nn.Parameter(torch.empty(hidden_size, input_size))
        self.weight_hh_l0 = nn.Parameter(torch.empty(hidden_size, hidden_size))
        self.bias_ih_l0 = nn.Parameter(torch.empty(hidden_size))
        self.activation = activation
        bound = 1 / math.sqrt(hidden_size)
        for p in self.parameters():
            nn.init.uniform_(p, -bound, bound)

    def forward(self, x):
        """x: (B, T, I) → (h for every step (B, T, H), the last h (B, H)), like nn.RNN."""
        h = x.new_zeros(x.shape[0], self.weight_hh_l0.shape[0])
        outputs = []
        for t in range(x.shape[1]):
            z = x[:, t] @ self.weight_ih_l0.T + h @ self.weight_hh_l0.T + self.bias_ih_l0  # (B, H)
            h = self.activation(z)
            outputs.append(h)
        return torch.stack(outputs, dim=1), h`,

  ElmanCell: String.raw`class ElmanCell(nn.Module):
    """One step of an rnn layer before its activation, x @ Wx + h @ Wh + b, for the activations
    nn.RNNCell lacks (PerStep applies the activation). Parameters are named as nn.RNNCell's:
    weight_ih = Wxᵀ (H, I), weight_hh = Whᵀ (H, H), bias_ih = b (H,)."""

    def __init__(self, input_size, hidden_size):
        super().__init__()
        self.weight_ih = nn.Parameter(torch.empty(hidden_size, input_size))
        self.weight_hh = nn.Parameter(torch.empty(hidden_size, hidden_size))
        self.bias_ih = nn.Parameter(torch.empty(hidden_size))
        bound = 1 / math.sqrt(hidden_size)
        for p in self.parameters():
            nn.init.uniform_(p, -bound, bound)

    def forward(self, x, h=None):
        if h is None:
            h = x.new_zeros(x.shape[0], self.weight_hh.shape[0])
        return x @ self.weight_ih.T + h @ self.weight_hh.T + self.bias_ih`,

  PerStep: String.raw`class PerStep(nn.Module):
    """A recurrent layer with its own weights at every step ("shareWeights": false): one cell per
    step (nn.RNN, LSTM and GRU tie the weights of all steps). The state starts at 0."""

    def __init__(self, cells, activation=None):
        super().__init__()
        self.cells = nn.ModuleList(cells)
        self.activation = activation  # applied to each step's output, for ElmanCell steps

    def forward(self, x):
        """x: (B, T, I) → (h for every step (B, T, H), the last state), like nn.RNN."""
        state = None
        outputs = []
        for t, cell in enumerate(self.cells):
            state = cell(x[:, t], state)
            if self.activation is not None:
                state = self.activation(state)
            outputs.append(state[0] if isinstance(state, tuple) else state)  # nn.LSTMCell: (h, c)
        return torch.stack(outputs, dim=1), state`,
};
