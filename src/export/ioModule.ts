// rnn_lab_io.py of an exported project: RNN Lab's file formats from Python — the exported
// data, rnn-lab/weights@1 and its mapping onto torch modules (README "Weights file"), run
// directories (README "Runs on disk") — and a state_dict → JSON helper for import-weights.
// The same for every export; train.py holds what is specific to one experiment.

export const IO_MODULE = String.raw`"""RNN Lab's files from PyTorch: the exported data, the rnn-lab/weights@1 format and its mapping
onto torch modules, run directories (rnn-lab/run@1) and the lines RNN Lab prints.

Nothing here is specific to one experiment: train.py holds the model and the training loop.
It is also a command, for "rnn-lab import-weights", which reads JSON only:

    python rnn_lab_io.py state-dict MODEL.pt STATE_DICT.json
"""
import copy
import inspect
import json
import math
import os
import pickle
import re
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timezone
from decimal import Decimal
from pathlib import Path

import torch
from torch import nn
from torch.utils.data import Sampler

WEIGHTS_FORMAT = "rnn-lab/weights@1"
RUN_FORMAT = "rnn-lab/run@1"


# ---- data ------------------------------------------------------------------------------------

class Data:
    """The samples exactly as RNN Lab prepared them, from data/ (described by data/data.json).

    train_x, validation_x: (N, T, I); train_y, validation_y: (N, O), or (N, T, O) with a target at
    every step; validation_* are None without a validation split. batch_order: (epochs, N), the
    sample order of every epoch when RNN Lab shuffles, else None (data order every epoch).
    """

    def __init__(self, folder, dtype, device):
        self.folder = Path(folder)
        self.manifest = json.loads((self.folder / "data.json").read_text(encoding="utf-8"))
        # float64 on disk; converting rounds to float32 exactly as RNN Lab's float32 batches do
        self.train_x = self._read("train_x", dtype, device)
        self.train_y = self._read("train_y", dtype, device)
        self.validation_x = self._read("validation_x", dtype, device)
        self.validation_y = self._read("validation_y", dtype, device)
        self.batch_order = self._read("batch_order", torch.long, "cpu")

    def _read(self, name, dtype, device):
        entry = self.manifest.get(name)
        if entry is None:
            return None
        raw = bytearray((self.folder / entry["file"]).read_bytes())  # little-endian
        values = torch.frombuffer(raw, dtype=getattr(torch, entry["dtype"]))
        return values.reshape(entry["shape"]).to(device=device, dtype=dtype)

    @property
    def info(self):
        """What RNN Lab records about the data in run.json (vocabulary, normalisation), if any."""
        return self.manifest.get("info")



class BatchOrderSampler(Sampler):
    """RNN Lab's batches, for a DataLoader's batch_sampler: each epoch's sample order
    (data/batch_order.bin, drawn by RNN Lab, or data order when it does not shuffle) cut into
    batches of batch_size, the last one smaller when the samples do not divide. set_epoch(e)
    before each epoch, as with DistributedSampler."""

    def __init__(self, orders, count, batch_size):
        self.orders, self.count, self.batch_size = orders, count, batch_size
        self.epoch = 1

    def set_epoch(self, epoch):
        self.epoch = epoch

    def __iter__(self):
        order = torch.arange(self.count) if self.orders is None else self.orders[self.epoch - 1]
        for start in range(0, self.count, self.batch_size):
            yield order[start:start + self.batch_size].tolist()

    def __len__(self):
        return (self.count + self.batch_size - 1) // self.batch_size

    def shares(self):
        """(samples this process trains, samples of the whole batch) of every batch."""
        return [(len(b), len(b)) for b in self._sizes()]

    def _sizes(self):
        starts = range(0, self.count, self.batch_size)
        return [range(start, min(start + self.batch_size, self.count)) for start in starts]


class DistributedBatchSampler(Sampler):
    """Each process's share of every batch a BatchOrderSampler yields: the samples rank,
    rank + world_size, … of it, as DistributedSampler splits a dataset. A batch with fewer samples
    than processes gives the processes without one its first sample, weighted 0 by the training
    loop, so that every process takes part in every step of DistributedDataParallel."""

    def __init__(self, batches, rank, world_size):
        self.batches, self.rank, self.world_size = batches, rank, world_size

    def set_epoch(self, epoch):
        self.batches.set_epoch(epoch)

    def __iter__(self):
        for batch in self.batches:
            share = batch[self.rank::self.world_size]
            yield share if share else batch[:1]

    def __len__(self):
        return len(self.batches)

    def shares(self):
        return [(len(b[self.rank::self.world_size]), len(b)) for b in self.batches._sizes()]


# ---- weights: rnn-lab/weights@1 <-> torch modules (RNN Lab's README, "Weights file") ------------
#
#   RNN Lab             nn.RNN / LSTM / GRU       nn.*Cell (one per step)   nn.Linear
#   Wx (I, G·H)         weight_ih_l0ᵀ             weight_ihᵀ                —
#   Wh (H, G·H)         weight_hh_l0ᵀ             weight_hhᵀ                —
#   bx, an rnn's b      bias_ih_l0                bias_ih                   —
#   bh (lstm, gru)      bias_hh_l0 (rnn: 0)       bias_hh (rnn: 0)          —
#   dense W (In, O), b  —                         —                         weightᵀ, bias
#   prelu alpha         activation.weight (the layer's nn.PReLU)

def _step_parameters(module, kind, suffix):
    """One step's parameters by their key in the weights file: Wx, Wh, then b or bx, bh."""
    names = {"Wx": "weight_ih", "Wh": "weight_hh", "b" if kind == "rnn" else "bx": "bias_ih"}
    if kind != "rnn":
        names["bh"] = "bias_hh"
    return {key: getattr(module, name + suffix) for key, name in names.items()}


def _per_step(module):
    return hasattr(module, "cells")


def _steps(module, kind):
    """A recurrent layer's parameters: one set for shared weights, one per step for PerStep."""
    if _per_step(module):
        return [_step_parameters(cell, kind, "") for cell in module.cells]
    return [_step_parameters(module, kind, "_l0")]


def _prelu(module):
    activation = getattr(module, "activation", None)
    return activation if isinstance(activation, nn.PReLU) else None


def _transposed(key):
    return key in ("Wx", "Wh", "W")


@torch.no_grad()
def load_weights(layers, specs, document):
    """Copies an rnn-lab/weights@1 document into the modules of layers (one per experiment layer)."""
    if document.get("format") != WEIGHTS_FORMAT:
        raise ValueError(f'expected a weights file with "format": "{WEIGHTS_FORMAT}"')
    entries = document["layers"]
    if len(entries) != len(layers):
        raise ValueError(f"the model has {len(layers)} layers, the weights file {len(entries)}")
    for i, (module, spec, entry) in enumerate(zip(layers, specs, entries)):
        kind = spec["type"]
        if entry.get("type") != kind:
            raise ValueError(f"layer {i} is {kind} in the model, {entry.get('type')} in the weights file")
        if kind == "dense":
            _copy(module.weight, entry["W"], transpose=True)
            _copy(module.bias, entry["b"])
            continue
        for parameters, step in zip(_steps(module, kind), entry["steps"] if _per_step(module) else [entry]):
            for key, parameter in parameters.items():
                _copy(parameter, step[key], transpose=_transposed(key))
        if kind == "rnn":  # RNN Lab's rnn has one bias, b: torch's second one, if any, is 0
            for cell in module.cells if _per_step(module) else [module]:
                for name in ("bias_hh_l0", "bias_hh"):
                    if hasattr(cell, name):
                        getattr(cell, name).zero_()
        if _prelu(module) is not None:
            _prelu(module).weight.fill_(entry.get("alpha", 0.25))


def _copy(parameter, values, transpose=False):
    source = torch.tensor(values, dtype=torch.float64)
    source = source.T if transpose else source
    if source.shape != parameter.shape:
        raise ValueError(f"expected {tuple(parameter.shape)} in torch's layout, got {tuple(source.shape)}")
    parameter.copy_(source)


@torch.no_grad()
def weights_document(layers, specs, metadata):
    """The modules' current weights as an rnn-lab/weights@1 document (RNN Lab's weights.json)."""
    entries = []
    for module, spec in zip(layers, specs):
        kind = spec["type"]
        if kind == "dense":
            entries.append({"type": "dense", "units": spec["units"], "activation": spec["activation"],
                            "W": _values(module.weight.T), "b": _values(module.bias)})
            continue
        entry = {"type": kind, "units": spec["units"]}
        if kind == "rnn":
            entry["activation"] = spec["activation"]
        steps = [{key: _values(p.T if _transposed(key) else p) for key, p in parameters.items()}
                 for parameters in _steps(module, kind)]
        if _per_step(module):
            entry["steps"] = steps
        else:
            entry.update(steps[0])
        if _prelu(module) is not None:
            entry["alpha"] = _prelu(module).weight.item()
        entries.append(entry)
    return {"format": WEIGHTS_FORMAT, **metadata, "layers": entries}


def _values(tensor):
    return tensor.detach().to(device="cpu", dtype=torch.float64).tolist()


def named_parameters(layers, specs):
    """The trainable parameters by RNN Lab's names ("layer0.Wx", "layer1.step2.bh", "layer2.W"),
    which its statistics (weightNorms, gradNorms) and messages use."""
    named = {}
    for i, (module, spec) in enumerate(zip(layers, specs)):
        kind = spec["type"]
        if kind == "dense":
            named[f"layer{i}.W"], named[f"layer{i}.b"] = module.weight, module.bias
            continue
        for s, parameters in enumerate(_steps(module, kind)):
            prefix = f"layer{i}.step{s}" if _per_step(module) else f"layer{i}"
            named.update({f"{prefix}.{key}": p for key, p in parameters.items() if p.requires_grad})
        if _prelu(module) is not None:
            named[f"layer{i}.alpha"] = _prelu(module).weight
    return named


def describe_parameter(name, specs):
    """RNN Lab's "layer0.Wh" as its messages say it: "layer 0 (lstm) Wh"."""
    layer, _, rest = name.partition(".")
    index = int(layer[len("layer"):])
    return f"layer {index} ({specs[index]['type']}) {rest}"


# ---- learning rate, checkpoints ---------------------------------------------------------------------

class Schedule:
    """The learning rate of every epoch: main, a torch.optim.lr_scheduler scheduler (None: the
    optimizer's rate throughout), stepped after each epoch — ReduceLROnPlateau with the monitored
    loss. With a warmup (a LambdaLR ramp) the first warmup_epochs epochs step the ramp instead,
    and ReduceLROnPlateau does not see them (RNN Lab's rule)."""

    def __init__(self, main=None, warmup=None, warmup_epochs=0):
        self.main, self.warmup, self.warmup_epochs = main, warmup, warmup_epochs

    def step(self, epoch, monitored):
        if self.warmup is not None and epoch <= self.warmup_epochs:
            self.warmup.step()
        elif isinstance(self.main, torch.optim.lr_scheduler.ReduceLROnPlateau):
            self.main.step(monitored)
        elif self.main is not None:
            self.main.step()

    def state_dict(self):
        return {"main": self.main.state_dict() if self.main is not None else None,
                "warmup": self.warmup.state_dict() if self.warmup is not None else None}

    def load_state_dict(self, state):
        if self.main is not None:
            self.main.load_state_dict(state["main"])
        if self.warmup is not None:
            self.warmup.load_state_dict(state["warmup"])


def save_checkpoint(state, file):
    """torch.save(state) in a form torch.load(weights_only=True) reads on torch 1.13 too: its
    reader knows no Python float, so each float (a learning rate, a beta, a best loss) is stored
    as {"float": a 0-d float64 tensor}, which load_checkpoint turns back into the float."""
    torch.save(_tensor_floats(state), file)


def load_checkpoint(file, device="cpu"):
    """A checkpoint read without running code from it: torch.load(weights_only=True) (torch ≥ 1.13),
    which unpickles only tensors, numbers, strings, lists, tuples and dicts."""
    if "weights_only" not in inspect.signature(torch.load).parameters:
        raise RuntimeError(f"torch {torch.__version__} cannot load a file safely (weights_only): torch ≥ 1.13 can")
    return _python_floats(torch.load(file, map_location=device, weights_only=True))


def _tensor_floats(value):
    if isinstance(value, float):
        return {"float": torch.tensor(value, dtype=torch.float64)}
    if isinstance(value, dict):
        return {k: _tensor_floats(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(_tensor_floats(v) for v in value)
    return value


def _python_floats(value):
    if isinstance(value, dict):
        if list(value) == ["float"] and isinstance(value["float"], torch.Tensor):
            return value["float"].item()
        return {k: _python_floats(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(_python_floats(v) for v in value)
    return value


# ---- run directories (RNN Lab's README, "Runs on disk") ------------------------------------------

class RunDirectory:
    """One run in RNN Lab's layout: RUNS/<name>-<YYYYMMDD-HHMMSS>[-k]/ with experiment.json,
    metrics.ndjson (one epoch per line), weights.json, run.json and checkpoints/epoch-E.json. It is
    filled under a hidden temporary name and renamed into place, so it never appears without its
    run.json. run.json carries what RNN Lab's carries: the best epoch (best), the last epoch's
    accuracy and perplexity (finalMetrics), the best of each figure (bestMetrics), the kept
    checkpoints, and how early stopping ended the run (stoppedEarly, restoredEpoch)."""

    PROGRESS_INTERVAL = 1.0  # run.json is refreshed at most once a second while running
    METRICS_FLUSH = 0.1  # metrics lines reach the disk at least every 100 ms

    def __init__(self, runs_dir, experiment, source, tool_version, details, data_info=None, layers=None,
                 resumed=None):
        """layers: the model's modules (one per experiment layer), for the checkpoints; resumed:
        (checkpoint file, its epoch) for train.py --resume — the new run starts with the epochs up
        to that one from the checkpoint's run (its metrics lines and checkpoints), when the file
        is in one, and says so in run.json's resumedFrom."""
        runs_dir = Path(runs_dir)
        runs_dir.mkdir(parents=True, exist_ok=True)
        started = datetime.now()
        self.record = {
            "format": RUN_FORMAT, "name": experiment["name"], "status": "running",
            "startedAt": _iso(started), "endedAt": None,
            "epochs": experiment["training"]["epochs"], "epochsCompleted": 0,
            "finalLoss": None, "finalValLoss": None, "seed": experiment["seed"],
            "source": source, "toolVersion": tool_version, "pid": os.getpid(), "host": "pytorch",
            **details,
        }
        started_process = _process_start()
        if started_process:
            self.record["processStart"] = started_process
        if data_info:
            self.record["data"] = data_info
        base = f"{_slug(experiment['name'])}-{started.strftime('%Y%m%d-%H%M%S')}"
        temp = Path(tempfile.mkdtemp(prefix=f".{base}-", dir=runs_dir))
        _write_json_atomic(temp / "experiment.json", experiment)
        _write_json_atomic(temp / "run.json", self.record)
        (temp / "metrics.ndjson").write_text("")
        for k in range(1, 1000):
            self.dir = runs_dir / (base if k == 1 else f"{base}-{k}")
            try:
                os.rename(temp, self.dir)  # fails when another run has taken the name
                break
            except OSError:
                continue
        self._metrics = open(self.dir / "metrics.ndjson", "a", encoding="utf-8")
        self._last_flush = self._last_progress = time.monotonic()
        self.best = BestEpoch()
        self.figures = BestFigures()
        self._last_figures = {}
        metadata = {"name": experiment["name"], "seed": experiment["seed"]}
        self.checkpoints = Checkpoints(self.dir, layers, experiment["model"]["layers"], metadata) \
            if layers is not None else None
        self.last = None  # the last epoch's metrics
        if resumed is not None:
            self._resume(*resumed)

    def _resume(self, file, epoch):
        source = Path(file).resolve().parent.parent
        lines = []
        if (source / "metrics.ndjson").is_file():
            for line in (source / "metrics.ndjson").read_text(encoding="utf-8").splitlines():
                try:
                    metrics = json.loads(line)
                except ValueError:
                    continue  # a torn last line
                if isinstance(metrics, dict) and metrics.get("type") == "epoch" and metrics.get("epoch", 0) <= epoch:
                    lines.append(metrics)
        for metrics in lines:
            self.best.observe(metrics)
            self.figures.add(metrics)
            self._last_figures = {k: metrics[k] for k in FIGURES[2:] if metrics.get(k) is not None}
            self._metrics.write(json.dumps(metrics) + "\n")
        if self.checkpoints is not None:
            self.checkpoints.adopt(source / "checkpoints", epoch, self.best.best)
        self.last = lines[-1] if lines else None
        resumed = {"run": str(source) if lines else None, "checkpoint": str(Path(file).resolve()), "epoch": epoch}
        self._update(resumedFrom=resumed, **_progress(self.last), **self._figures())

    def epoch(self, metrics):
        """Appends one epoch's line (RNN Lab's epoch event); keeps the checkpoints it calls for."""
        self.last = metrics
        improved = self.best.observe(metrics)
        self.figures.add(metrics)
        self._last_figures = {k: metrics[k] for k in FIGURES[2:] if metrics.get(k) is not None}
        if self.checkpoints is not None:
            self.checkpoints.epoch(metrics["epoch"], improved)
        self._metrics.write(json.dumps(_json_value(metrics)) + "\n")
        now = time.monotonic()
        if now - self._last_flush >= self.METRICS_FLUSH:
            self._flush(now)
        if now - self._last_progress >= self.PROGRESS_INTERVAL:
            self._last_progress = now
            self._flush(now)  # run.json never counts an epoch metrics.ndjson does not have yet
            if self.checkpoints is not None:
                self.checkpoints.flush(self.best.best)
            self._update(**_progress(metrics), **self._figures())

    def finish(self, status, last_epoch, weights=None, message=None, stopped_early=False, restored_epoch=None):
        """Ends the run: weights.json (when finite), the last and best checkpoints, the final run.json."""
        self._flush(time.monotonic())
        self._metrics.close()
        if weights is not None and _all_finite(weights):
            _write_json_atomic(self.dir / "weights.json", weights)
        if self.checkpoints is not None:
            self.checkpoints.finish(self.best.best)
        change = {"status": status, "endedAt": _iso(datetime.now()), **self._figures(), **_progress(last_epoch)}
        if message:
            change["message"] = message
        if stopped_early:
            change["stoppedEarly"] = True
        if restored_epoch is not None:
            change["restoredEpoch"] = restored_epoch
        self._update(**change)

    def _figures(self):
        figures = {}
        if self.best.best is not None:
            figures["best"] = dict(self.best.best)
        if self._last_figures:
            figures["finalMetrics"] = dict(self._last_figures)
        if self.figures.best:
            figures["bestMetrics"] = dict(self.figures.best)
        kept = self.checkpoints.epochs() if self.checkpoints is not None else []
        if kept:
            figures["checkpoints"] = kept
        return figures

    def _flush(self, now):
        self._metrics.flush()
        self._last_flush = now

    def _update(self, **change):
        self.record.update(change)
        _write_json_atomic(self.dir / "run.json", self.record)


# ---- run.json's figures (RNN Lab's src/core/metrics.ts and src/runs/bestFigures.ts) ----------------

# Every figure an epoch may record, and whether lower is better.
FIGURES = ("loss", "valLoss", "accuracy", "valAccuracy", "perplexity", "valPerplexity")
_LOWER_IS_BETTER = {"loss": True, "valLoss": True, "accuracy": False, "valAccuracy": False,
                    "perplexity": True, "valPerplexity": True}


class BestEpoch:
    """The best epoch: the lowest validation loss when the run has one, else the lowest training
    loss; the earliest wins a tie, a non-finite loss never wins. best: {"epoch", "by", "value"}."""

    def __init__(self):
        self.best = None

    def observe(self, metrics):
        """True when this epoch is the new best."""
        by = "valLoss" if metrics.get("valLoss") is not None else "loss"
        value = metrics[by]
        if not math.isfinite(value):
            return False
        better = (self.best is None or (by == "valLoss" and self.best["by"] == "loss")
                  or (by == self.best["by"] and value < self.best["value"]))
        if better:
            self.best = {"epoch": metrics["epoch"], "by": by, "value": value}
        return better


class BestFigures:
    """The best value of each figure over the epochs so far (run.json's bestMetrics)."""

    def __init__(self):
        self.best = {}

    def add(self, metrics):
        for name in FIGURES:
            value = metrics.get(name)
            if not isinstance(value, (int, float)) or not math.isfinite(value):
                continue
            known = self.best.get(name)
            if known is None or (value < known if _LOWER_IS_BETTER[name] else value > known):
                self.best[name] = value


def epoch_figures(loss, accuracy, val_loss, val_accuracy, perplexity):
    """An epoch's accuracy and perplexity fields, where the loss has them (RNN Lab's MetricsMeter)."""
    figures = {}
    if accuracy is not None:
        figures["accuracy"] = accuracy
    if val_loss is not None and val_accuracy is not None:
        figures["valAccuracy"] = val_accuracy
    if perplexity:
        figures["perplexity"] = _exp(loss)
        if val_loss is not None:
            figures["valPerplexity"] = _exp(val_loss)
    return figures


def _exp(value):
    try:
        return math.exp(value)
    except OverflowError:
        return math.inf


class Checkpoints:
    """RUN/checkpoints/epoch-E.json as RNN Lab keeps them (src/runs/checkpoints.ts), each an
    rnn-lab/weights@1 file with its "epoch": epochs 1–5 and every power of two while their files
    stay within BUDGET bytes; the best epoch so far, whose file replaces the previous best's; and
    the last epoch, written at the end. predict, inspect and sample read them."""

    BUDGET = 64 * 1024 * 1024
    FIRST_EPOCHS = 5

    def __init__(self, run_dir, layers, specs, metadata):
        self.folder = Path(run_dir) / "checkpoints"
        self.layers, self.specs, self.metadata = layers, specs, metadata
        self._scratch = None  # a copy of the modules to write a copied epoch's weights from
        self.scheduled, self.scheduled_bytes = set(), 0
        self.best_copy, self.best_pending, self.best_written = None, False, None
        self.last_copy, self.last_written = None, None

    @classmethod
    def is_scheduled(cls, epoch):
        return epoch <= cls.FIRST_EPOCHS or epoch & (epoch - 1) == 0

    def epoch(self, epoch, is_best):
        """After each epoch, with the modules as that epoch left them."""
        if self.is_scheduled(epoch) and self.scheduled_bytes < self.BUDGET:
            self.scheduled_bytes += self._write(epoch, self._state())
            self.scheduled.add(epoch)
        state = self._state()  # also the last epoch's: restoring the best weights changes the modules
        if is_best:
            self.best_copy, self.best_pending = (epoch, state), True
        self.last_copy = (epoch, state)

    def flush(self, best):
        """Writes the best epoch's file if it changed since, and removes the previous best's."""
        if not self.best_pending or best is None:
            return
        self.best_pending = False
        epoch, state = self.best_copy
        if epoch not in self.scheduled:
            self._write(epoch, state)
        if self.best_written is not None and self.best_written != epoch and self.best_written not in self.scheduled:
            (self.folder / f"epoch-{self.best_written}.json").unlink(missing_ok=True)
        self.best_written = epoch

    def finish(self, best):
        self.flush(best)
        if self.last_copy is None or self.last_copy[0] in self.epochs():
            return
        self._write(*self.last_copy)
        self.last_written = self.last_copy[0]

    def epochs(self):
        extra = {e for e in (self.best_written, self.last_written) if e is not None}
        return sorted(self.scheduled | extra)

    def save(self, epoch, state):
        """RUN/checkpoints/epoch-E.pt: torch.save of what train.py --resume continues from."""
        self.folder.mkdir(exist_ok=True)
        temp = self.folder / f".epoch-{epoch}.pt.{os.getpid()}.tmp"
        save_checkpoint(state, temp)
        os.replace(temp, self.folder / f"epoch-{epoch}.pt")

    def adopt(self, folder, epoch, best):
        """A resumed run's checkpoints up to epoch, copied from the run it continues."""
        for source in sorted(Path(folder).glob("epoch-*.*")) if Path(folder).is_dir() else []:
            match = re.fullmatch(r"epoch-(\d+)\.(json|pt)", source.name)
            if not match or int(match.group(1)) > epoch:
                continue
            self.folder.mkdir(exist_ok=True)
            shutil.copyfile(source, self.folder / source.name)
            e = int(match.group(1))
            if match.group(2) == "json":
                if self.is_scheduled(e):
                    self.scheduled.add(e)
                    self.scheduled_bytes += source.stat().st_size
                elif best is not None and e == best["epoch"]:
                    self.best_written = e

    def _state(self):
        return {k: v.detach().clone() for k, v in self.layers.state_dict().items()}

    def _write(self, epoch, state):
        if self._scratch is None:
            self._scratch = copy.deepcopy(self.layers)
        self._scratch.load_state_dict(state)
        document = weights_document(self._scratch, self.specs, {**self.metadata, "epoch": epoch})
        self.folder.mkdir(exist_ok=True)
        text = json.dumps(_json_value(document))
        temp = self.folder / f".epoch-{epoch}.json.{os.getpid()}.tmp"
        temp.write_text(text, encoding="utf-8")
        os.replace(temp, self.folder / f"epoch-{epoch}.json")
        return len(text)


def _progress(metrics):
    if metrics is None:
        return {"epochsCompleted": 0, "finalLoss": None, "finalValLoss": None}
    return {"epochsCompleted": metrics["epoch"], "finalLoss": metrics["loss"],
            "finalValLoss": metrics["valLoss"]}


def _process_start():
    """When this process started, recorded beside its pid as RNN Lab records it (run.json's
    processStart): a reader that finds the pid alive but started at another time knows that the
    pid went to another process, so Stop never signals that one. On Linux the boot's id and field
    22 of /proc/PID/stat (clock ticks since boot); elsewhere what "ps -o lstart=" prints."""
    if sys.platform.startswith("linux"):
        try:
            stat = Path("/proc/self/stat").read_text()
            boot = Path("/proc/sys/kernel/random/boot_id").read_text().strip()
        except OSError:
            return None
        ticks = stat[stat.rindex(")") + 2:].split(" ")[22 - 3]  # COMM may hold spaces: count after ")"
        return f"linux:{boot}:{ticks}" if ticks.isdigit() else None
    if os.name == "nt":
        return None
    try:
        started = subprocess.run(["ps", "-o", "lstart=", "-p", str(os.getpid())], capture_output=True,
                                 text=True, timeout=2).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return None
    return f"ps:{started}" if started else None


MAX_SLUG_LENGTH = 100  # RNN Lab's cut: a run directory keeps at most this much of the name


def _slug(name):
    """The run directory's name part, as RNN Lab makes it (src/runs/runDirectory.ts, slug): anything
    outside A-Za-z0-9._- becomes -, no leading - or ., no trailing -, cut at MAX_SLUG_LENGTH."""
    s = re.sub(r"\A[-.]+|-+\Z", "", re.sub(r"[^A-Za-z0-9._-]+", "-", name))
    s = re.sub(r"-+\Z", "", s[:MAX_SLUG_LENGTH])
    return s or "experiment"


def _iso(moment):
    """2026-11-28T22:20:55.123Z, as JavaScript's toISOString writes it (run.json's times)."""
    utc = moment.astimezone(timezone.utc)
    return utc.strftime("%Y-%m-%dT%H:%M:%S.") + f"{utc.microsecond // 1000:03d}Z"


def _json_value(value):
    """JSON as RNN Lab writes it: NaN and ±∞ become null."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {k: _json_value(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_json_value(v) for v in value]
    return value


def _all_finite(value):
    if isinstance(value, float):
        return math.isfinite(value)
    if isinstance(value, list):
        return all(_all_finite(v) for v in value)
    if isinstance(value, dict):
        return all(_all_finite(v) for v in value.values())
    return True


def _write_json_atomic(path, value):
    temp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    temp.write_text(json.dumps(_json_value(value)), encoding="utf-8")
    os.replace(temp, path)


# ---- the lines RNN Lab prints --------------------------------------------------------------------

def format_loss(value):
    """Six decimals (exponent form below 5e-7), as RNN Lab prints losses."""
    if value is None:
        return "n/a"
    if not math.isfinite(value):
        return "NaN" if math.isnan(value) else ("Infinity" if value > 0 else "-Infinity")
    return f"{value:.6f}" if value == 0 or abs(value) >= 5e-7 else f"{value:.3e}"


def js_number(value):
    """JavaScript's String(n) of a number, which RNN Lab's messages use: 1, 0.5, 1e-7, 1e+21."""
    if value == 0:
        return "0"
    if not math.isfinite(value):
        return "NaN" if math.isnan(value) else ("Infinity" if value > 0 else "-Infinity")
    sign, (_, digits, exponent) = ("-" if value < 0 else ""), Decimal(repr(abs(float(value)))).as_tuple()
    text = "".join(map(str, digits)).rstrip("0")
    k, n = len(text), len(digits) + exponent  # value = 0.text × 10ⁿ
    if k <= n <= 21:
        return sign + text + "0" * (n - k)
    if 0 < n <= 21:
        return sign + text[:n] + "." + text[n:]
    if -6 < n <= 0:
        return sign + "0." + "0" * -n + text
    mantissa = text[0] + ("." + text[1:] if k > 1 else "")
    return f"{sign}{mantissa}e{'+' if n - 1 > 0 else '-'}{abs(n - 1)}"


def to_precision(value, digits):
    """JavaScript's Number.prototype.toPrecision, which RNN Lab's messages use."""
    mantissa, exponent = f"{value:.{digits - 1}e}".split("e")
    e = int(exponent)
    if e < -6 or e >= digits:
        return f"{mantissa}e{'+' if e >= 0 else '-'}{abs(e)}"
    return f"{value:.{digits - 1 - e}f}"


def epoch_line(metrics):
    """epoch 3/10 loss 0.248731 val_loss 0.251200 (4 ms)"""
    m = metrics
    val = f" val_loss {format_loss(m['valLoss'])}" if m["valLoss"] is not None else ""
    return f"epoch {m['epoch']}/{m['epochs']} loss {format_loss(m['loss'])}{val} ({round(m['ms'])} ms)"


def summary_lines(run):
    """How the run ended, and where it is saved."""
    r = run.record
    if r["status"] != "completed":
        return [f"run saved to {run.dir} ({r['status']})"]
    val = f" val_loss {format_loss(r['finalValLoss'])}" if r["finalValLoss"] is not None else ""
    return [f"completed {r['epochsCompleted']}/{r['epochs']} epochs: loss {format_loss(r['finalLoss'])}{val}",
            f"run saved to {run.dir}"]


# ---- state_dict as JSON, for "rnn-lab import-weights" ---------------------------------------------

def write_state_dict_json(state_dict, path):
    """Writes a state_dict (model.state_dict()) as JSON: every tensor as nested lists."""
    values = {key: _values(tensor) for key, tensor in state_dict.items()}
    Path(path).write_text(json.dumps(values), encoding="utf-8")


def _main(argv):
    if len(argv) != 3 or argv[0] != "state-dict":
        print("usage: python rnn_lab_io.py state-dict MODEL.pt STATE_DICT.json", file=sys.stderr)
        return 2
    try:
        saved = load_checkpoint(argv[1])
    except pickle.UnpicklingError as err:
        print(f"{argv[1]}: error: not a state_dict that can be read without running code from it ({err}); "
              "save model.state_dict(), not the module", file=sys.stderr)
        return 2
    # a train.py checkpoint holds the model's state_dict under "model"
    state_dict = saved["model"] if isinstance(saved, dict) and isinstance(saved.get("model"), dict) else saved
    write_state_dict_json(state_dict, argv[2])
    print(f"wrote {argv[2]} ({len(state_dict)} tensors)")
    return 0


if __name__ == "__main__":
    sys.exit(_main(sys.argv[1:]))
`;
