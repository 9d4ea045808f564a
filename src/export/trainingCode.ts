// How an experiment trains, as the Python of train.py: its loss, its torch.optim optimizer,
// the learning rate of each epoch (RNN Lab's schedules, written out as the same formulas)
// and early stopping.

import type { LossKind } from '../core/losses';
import type { OptimizerSpec } from '../core/optimizers';
import type { TrainingSpec } from '../core/trainer';
import { jsNumber, pyFloat, pyInt, wrap } from './python';

/** batch_loss(model, x, y) → (loss, predictions), and the loss's figures beside it (core/metrics.ts). */
export function lossCode(loss: LossKind): string {
  return `${batchLossCode(loss)}\n\n\n${metricsCode(loss)}`;
}

function batchLossCode(loss: LossKind): string {
  switch (loss) {
    case 'mse':
      return String.raw`def batch_loss(model, x, y):
    """mse: the mean over all elements of (p − y)²; returns it and the predictions p."""
    p = model(x)
    return F.mse_loss(p, y), p`;
    case 'bce':
      return String.raw`def batch_loss(model, x, y):
    """bce: the mean of −(y·ln p + (1 − y)·ln(1 − p)), logs clamped at −100 (as RNN Lab does);
    returns it and the predictions p."""
    p = model(x)
    return F.binary_cross_entropy(p, y), p`;
    case 'crossEntropy':
      return String.raw`def batch_loss(model, x, y):
    """crossEntropy: the mean over samples (and steps) of −Σₖ yₖ·ln pₖ on the softmax outputs,
    computed from the logits through log-softmax; returns it and the softmax outputs p."""
    z = model(x, logits=True)
    return -(y * F.log_softmax(z, dim=-1)).sum(dim=-1).mean(), torch.softmax(z.detach(), dim=-1)`;
    default:
      return unhandled(loss);
  }
}

function metricsCode(loss: LossKind): string {
  const perplexity = `PERPLEXITY = ${loss === 'crossEntropy' ? 'True  # exp(loss), exp(valLoss)' : 'False  # crossEntropy only'}`;
  switch (loss) {
    case 'mse':
      return String.raw`${perplexity}


def right_answers(p, y):
    """mse has no accuracy."""
    return None`;
    case 'bce':
      return String.raw`${perplexity}


def right_answers(p, y):
    """bce's accuracy: every output is a yes/no answer, right when (p > 0.5) = (y > 0.5).
    Returns (right answers, answers)."""
    return ((p > 0.5) == (y > 0.5)).sum().item(), p.numel()`;
    case 'crossEntropy':
      return String.raw`${perplexity}


def right_answers(p, y):
    """crossEntropy's accuracy: a row (a sample, or a step of one) is right when the argmax of p is
    the argmax of y (the first on ties). Returns (right answers, answers)."""
    return (p.argmax(dim=-1) == y.argmax(dim=-1)).sum().item(), p.numel() // p.shape[-1]`;
    default:
      return unhandled(loss);
  }
}

function unhandled(value: never): never {
  throw new Error(`no PyTorch form for ${JSON.stringify(value)}`);
}

/** torch.optim's form of the optimizer: RNN Lab's optimizers step as these do. */
function optimizerCall(o: OptimizerSpec): { make: string; what: string } {
  const lr = `lr=${pyFloat(o.learningRate)}`;
  const decay = o.weightDecay ? `, weight_decay=${pyFloat(o.weightDecay)}` : '';
  if (o.type === 'sgd') {
    const momentum = o.momentum !== 0 ? `, momentum=${pyFloat(o.momentum)}` : '';
    return {
      make: `torch.optim.SGD(parameters, ${lr}${momentum}${decay})`,
      what: o.momentum !== 0 ? 'SGD with momentum' : 'Plain SGD',
    };
  }
  const betas = `betas=(${pyFloat(o.beta1)}, ${pyFloat(o.beta2)}), eps=${pyFloat(o.epsilon)}`;
  const adamw = o.type === 'adamw';
  return {
    // AdamW's weight decay is part of it (torch's default 0.01): always written out
    make: `torch.optim.${adamw ? 'AdamW' : 'Adam'}(parameters, ${lr}, ${betas}${adamw ? `, weight_decay=${pyFloat(o.weightDecay ?? 0.01)}` : decay})`,
    what: adamw ? 'AdamW (decoupled weight decay)' : 'Adam',
  };
}

export function optimizerCode(o: OptimizerSpec): string {
  const { make, what } = optimizerCall(o);
  return [
    'def make_optimizer(parameters):',
    `    """${what}. The learning rate of each epoch is set by LearningRate."""`,
    `    return ${make}`,
  ].join('\n');
}

/**
 * `class LearningRate`: for_epoch(epoch) is the rate epoch `epoch` trains with, after_epoch sees
 * the monitored loss (only ReduceLROnPlateau uses it) — RNN Lab's schedules.ts, formula for formula.
 */
export function learningRateCode(t: TrainingSpec): string {
  const base = pyFloat(t.optimizer.learningRate);
  const s = t.schedule;
  const warmup = s?.warmup ?? 0;
  const warmupLines =
    warmup > 0
      ? [
          `        if epoch <= ${pyInt(warmup)}:  # linear warmup`,
          `            return (${base} * epoch) / ${pyInt(warmup)}`,
        ]
      : [];
  const k = `        k = epoch - ${pyInt(warmup + 1)}  # epochs since the schedule started`;
  const warmupText = warmup > 0 ? `, after a linear warmup over ${pyInt(warmup)} epoch${warmup === 1 ? '' : 's'}` : '';
  const noLookBack = [
    '    def after_epoch(self, epoch, monitored):',
    '        """Only ReduceLROnPlateau looks at the loss."""',
  ];
  let doc: string;
  let body: string[];
  if (!s) {
    doc = `The learning rate: ${base} every epoch (no schedule).`;
    body = ['    def for_epoch(self, epoch):', `        return ${base}`, '', ...noLookBack];
  } else if (s.type === 'step') {
    doc = `StepLR: ${base} · ${pyFloat(s.gamma)}^⌊k / ${pyInt(s.stepSize)}⌋${warmupText}.`;
    body = [
      '    def for_epoch(self, epoch):',
      ...warmupLines,
      k,
      `        return ${base} * ${pyFloat(s.gamma)} ** (k // ${pyInt(s.stepSize)})`,
      '',
      ...noLookBack,
    ];
  } else if (s.type === 'exponential') {
    doc = `ExponentialLR: ${base} · ${pyFloat(s.gamma)}^k${warmupText}.`;
    body = [
      '    def for_epoch(self, epoch):',
      ...warmupLines,
      k,
      `        return ${base} * ${pyFloat(s.gamma)} ** k`,
      '',
      ...noLookBack,
    ];
  } else if (s.type === 'cosine') {
    const min = pyFloat(s.minLearningRate);
    doc = `CosineAnnealingLR from ${base} to ${min} over ${pyInt(s.tMax)} epochs${warmupText}.`;
    body = [
      '    def for_epoch(self, epoch):',
      ...warmupLines,
      k,
      `        return ${min} + ((${base} - ${min}) * (1 + math.cos((math.pi * k) / ${pyInt(s.tMax)}))) / 2`,
      '',
      ...noLookBack,
    ];
  } else {
    doc = `ReduceLROnPlateau on the validation loss (the training loss without one): × ${pyFloat(s.factor)} after more than ${pyInt(s.patience)} epochs without a relative improvement of ${pyFloat(s.threshold)}, then ${pyInt(s.cooldown)} epochs of cooldown; never below ${pyFloat(s.minLearningRate)}${warmupText}.`;
    body = [
      '    def __init__(self):',
      `        self.rate, self.best, self.bad_epochs, self.cooldown_left = ${base}, math.inf, 0, 0`,
      '',
      '    def for_epoch(self, epoch):',
      ...warmupLines,
      '        return self.rate',
      '',
      '    def after_epoch(self, epoch, monitored):',
      ...(warmup > 0 ? [`        if epoch <= ${pyInt(warmup)}:`, '            return'] : []),
      `        if monitored < self.best * (1 - ${pyFloat(s.threshold)}):`,
      '            self.best, self.bad_epochs = monitored, 0',
      '        else:',
      '            self.bad_epochs += 1',
      '        if self.cooldown_left > 0:',
      '            self.cooldown_left -= 1',
      '            self.bad_epochs = 0',
      `        if self.bad_epochs > ${pyInt(s.patience)}:`,
      `            reduced = max(self.rate * ${pyFloat(s.factor)}, ${pyFloat(s.minLearningRate)})`,
      '            if self.rate - reduced > 1e-8:  # torch does not make smaller reductions',
      '                self.rate = reduced',
      `            self.cooldown_left, self.bad_epochs = ${pyInt(s.cooldown)}, 0`,
    ];
  }
  return ['class LearningRate:', ...docLines(doc), '', ...body].join('\n');
}

function docLines(text: string): string[] {
  const lines = wrap(text, 92).map((l) => `    ${l}`);
  lines[0] = `    """${lines[0].trimStart()}`;
  lines[lines.length - 1] += '"""';
  return lines;
}

/** make_early_stopping(parameters): an EarlyStopping as RNN Lab's (Keras' rule), or None. */
export function earlyStoppingCode(t: TrainingSpec): string {
  const e = t.earlyStopping;
  if (!e) {
    return [
      'def make_early_stopping(parameters):',
      '    """No early stopping: every epoch runs."""',
      '    return None',
    ].join('\n');
  }
  const monitor = e.monitor === 'valLoss' ? 'valLoss' : 'loss';
  // The reason's numbers as RNN Lab writes them (JavaScript's String(minDelta)).
  const reason = `f"stopped early at epoch {epoch}: ${monitor} did not improve by more than ${jsNumber(e.minDelta)} for ${pyInt(e.patience)} epochs "\n                f"(best {rnn_lab_io.to_precision(self.best, 6)} at epoch {self.best_epoch})"`;
  return String.raw`class EarlyStopping:
    """Keras' EarlyStopping, as RNN Lab's: ${monitor} improves when it falls below the best so far by
    more than ${jsNumber(e.minDelta)}; after ${pyInt(e.patience)} epochs without improvement training stops.${e.restoreBest ? "\n    The best epoch's weights are put back at the end." : ''}"""

    def __init__(self, parameters):
        self.parameters = parameters
        self.best, self.best_epoch, self.since_best = math.inf, 0, 0
        self.best_weights = ${e.restoreBest ? '[p.detach().clone() for p in parameters.values()]' : 'None'}

    def observe(self, epoch, metrics):
        """After an epoch: records an improvement; True when training should stop."""
        value = metrics["${monitor}"] if metrics["${monitor}"] is not None else metrics["loss"]
        if value < self.best - ${pyFloat(e.minDelta)}:
            self.best, self.best_epoch, self.since_best = value, epoch, 0
            if self.best_weights is not None:
                self.best_weights = [p.detach().clone() for p in self.parameters.values()]
            return False
        self.since_best += 1
        return self.since_best >= ${pyInt(e.patience)}

    def reason(self, epoch):
        return (${reason})

    @torch.no_grad()
    def restore(self, last, message):
        """Puts the best epoch's weights back (restoreBest); returns the run's message and the
        epoch whose weights the model holds now (None when nothing was restored)."""
        if self.best_weights is None or self.best_epoch == 0:
            return message, None
        for p, best in zip(self.parameters.values(), self.best_weights):
            p.copy_(best)
        if self.best_epoch == last["epoch"]:
            return message, self.best_epoch
        restored = f"weights of epoch {self.best_epoch} restored"
        return (f"{message}; {restored}" if message else restored), self.best_epoch


def make_early_stopping(parameters):
    return EarlyStopping(parameters)`;
}
