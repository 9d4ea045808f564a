// How an experiment trains, as the Python of train.py: its loss and figures, its torch.optim
// optimizer, the learning rate of each epoch (RNN Lab's schedules through
// torch.optim.lr_scheduler) and early stopping — each reading its settings from experiment.json,
// so no value of the experiment is written into the code twice.

import type { LossKind } from '../core/losses';
import type { OptimizerSpec } from '../core/optimizers';
import type { TrainingSpec } from '../core/trainer';

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

/** torch.optim's optimizer, its settings read from experiment.json: RNN Lab's optimizers step as these do. */
export function optimizerCode(o: OptimizerSpec): string {
  const head = ['def make_optimizer(parameters):'];
  const settings = '    o = TRAINING["optimizer"]';
  const decay = 'o.get("weightDecay") or 0.0';
  switch (o.type) {
    case 'sgd':
      return [
        ...head,
        '    """SGD (with momentum when it is not 0). The learning rate of each epoch is set by make_schedule."""',
        settings,
        `    return torch.optim.SGD(parameters, lr=o["learningRate"], momentum=o.get("momentum", 0.0), weight_decay=${decay})`,
      ].join('\n');
    case 'adam':
    case 'adamw': {
      const adamw = o.type === 'adamw';
      return [
        ...head,
        adamw
          ? '    """AdamW (decoupled weight decay, 0.01 unless set). The learning rate of each epoch is set by make_schedule."""'
          : '    """Adam. The learning rate of each epoch is set by make_schedule."""',
        settings,
        ...(adamw ? ['    decay = o["weightDecay"] if o.get("weightDecay") is not None else 0.01'] : []),
        `    return torch.optim.${adamw ? 'AdamW' : 'Adam'}(parameters, lr=o["learningRate"], betas=(o["beta1"], o["beta2"]), eps=o["epsilon"],`,
        `                            weight_decay=${adamw ? 'decay' : decay})`,
      ].join('\n');
    }
    default:
      throw new Error(`no PyTorch form for optimizer ${JSON.stringify((o as { type?: unknown }).type)}`);
  }
}

const SCHEDULE_WHY = `    LambdaLR with RNN Lab's closed form rather than StepLR, ExponentialLR or CosineAnnealingLR: those
    compute each epoch's rate from the last one (lr · γ per decay; cosine by a ratio), one rounding
    per epoch, and part from RNN Lab's base · γⁿ by more than 1e-15 after ~90 decays; their closed
    forms run only through the deprecated step(epoch). LambdaLR computes base · factor(epoch).`;

/**
 * make_schedule(optimizer): RNN Lab's learning rate of each epoch (src/core/schedules.ts) through
 * torch.optim.lr_scheduler, the settings read from experiment.json; a Schedule (rnn_lab_io) steps it.
 */
export function scheduleCode(t: TrainingSpec): string {
  const s = t.schedule;
  if (!s) {
    return [
      'def make_schedule(optimizer):',
      '    """No schedule: every epoch trains with the optimizer\'s learning rate."""',
      '    return rnn_lab_io.Schedule()',
    ].join('\n');
  }
  const head = [
    'def make_schedule(optimizer):',
    '    s = TRAINING["schedule"]',
    '    warmup = s.get("warmup", 0)  # epochs of linear warmup: epoch e trains with base · e / warmup',
  ];
  const lambda = (doc: string, factor: string[]) =>
    [
      'def make_schedule(optimizer):',
      `    """${doc}, after a linear warmup over s["warmup"] epochs when it is set.`,
      '',
      SCHEDULE_WHY,
      '    """',
      ...head.slice(1),
      '',
      '    def factor(t):  # LambdaLR counts epochs done: epoch t + 1 trains with base · factor(t)',
      '        if t < warmup:',
      '            return (t + 1) / warmup',
      '        k = t - warmup  # epochs since the warmup',
      ...factor.map((l) => `        ${l}`),
      '',
      '    return rnn_lab_io.Schedule(torch.optim.lr_scheduler.LambdaLR(optimizer, factor))',
    ].join('\n');
  switch (s.type) {
    case 'step':
      return lambda("StepLR's rule: base · γ^⌊k / step_size⌋", ['return s["gamma"] ** (k // s["stepSize"])']);
    case 'exponential':
      return lambda("ExponentialLR's rule: base · γ^k", ['return s["gamma"] ** k']);
    case 'cosine':
      return lambda("CosineAnnealingLR's rule: from base to minLearningRate over tMax epochs", [
        'base, low = TRAINING["optimizer"]["learningRate"], s["minLearningRate"]',
        'rate = low + ((base - low) * (1 + math.cos((math.pi * k) / s["tMax"]))) / 2',
        'return rate / base if base else 0.0',
      ]);
    case 'plateau':
      return [
        'def make_schedule(optimizer):',
        '    """ReduceLROnPlateau on the validation loss (the training loss without one), after a linear',
        '    warmup (LambdaLR) over s["warmup"] epochs when it is set: torch has no class that chains a',
        '    warmup before ReduceLROnPlateau (SequentialLR takes none), so rnn_lab_io.Schedule steps the',
        '    one, then the other."""',
        ...head.slice(1),
        '    plateau = torch.optim.lr_scheduler.ReduceLROnPlateau(',
        '        optimizer, mode="min", factor=s["factor"], patience=s["patience"], threshold=s["threshold"],',
        '        threshold_mode="rel", cooldown=s["cooldown"], min_lr=s["minLearningRate"], eps=1e-8)',
        '    ramp = torch.optim.lr_scheduler.LambdaLR(optimizer, lambda t: min(1.0, (t + 1) / warmup)) if warmup else None',
        '    return rnn_lab_io.Schedule(plateau, ramp, warmup)',
      ].join('\n');
    default:
      return unhandled(s);
  }
}

/** make_early_stopping(parameters): an EarlyStopping as RNN Lab's (Keras' rule), or None. */
export function earlyStoppingCode(t: TrainingSpec): string {
  if (!t.earlyStopping) {
    return [
      'def make_early_stopping(parameters):',
      '    """No early stopping: every epoch runs."""',
      '    return None',
    ].join('\n');
  }
  return String.raw`class EarlyStopping:
    """Keras' EarlyStopping, as RNN Lab's, with experiment.json's training.earlyStopping: the
    monitored loss (valLoss, or loss without a validation split) improves when it falls below the
    best so far by more than minDelta; after patience epochs without improvement training stops.
    With restoreBest the best epoch's weights are put back at the end."""

    def __init__(self, parameters, spec):
        self.parameters, self.spec = parameters, spec
        self.best, self.best_epoch, self.since_best = math.inf, 0, 0
        self.best_weights = [p.detach().clone() for p in parameters.values()] if spec["restoreBest"] else None

    def observe(self, epoch, metrics):
        """After an epoch: records an improvement; True when training should stop."""
        monitor = self.spec["monitor"]
        value = metrics[monitor] if metrics.get(monitor) is not None else metrics["loss"]
        if value < self.best - self.spec["minDelta"]:
            self.best, self.best_epoch, self.since_best = value, epoch, 0
            if self.best_weights is not None:
                self.best_weights = [p.detach().clone() for p in self.parameters.values()]
            return False
        self.since_best += 1
        return self.since_best >= self.spec["patience"]

    def reason(self, epoch):
        s = self.spec
        return (f"stopped early at epoch {epoch}: {s['monitor']} did not improve by more than "
                f"{rnn_lab_io.js_number(s['minDelta'])} for {s['patience']} epochs "
                f"(best {rnn_lab_io.to_precision(self.best, 6)} at epoch {self.best_epoch})")

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

    def state_dict(self):
        return {"best": self.best, "best_epoch": self.best_epoch, "since_best": self.since_best,
                "best_weights": self.best_weights}

    def load_state_dict(self, state):
        self.best, self.best_epoch, self.since_best = state["best"], state["best_epoch"], state["since_best"]
        if state["best_weights"] is not None:
            self.best_weights = [w.to(p) for w, p in zip(state["best_weights"], self.parameters.values())]


def make_early_stopping(parameters):
    return EarlyStopping(parameters, TRAINING["earlyStopping"])`;
}
