// rnn_lab_io.py of an exported project: RNN Lab's file formats from Python — the exported
// data, rnn-lab/weights@1 and its mapping onto torch modules (README "Weights file"), run
// directories (README "Runs on disk") — and a state_dict → JSON helper for import-weights.
// The same for every export; train.py holds what is specific to one experiment.

export const IO_MODULE = String.raw`"""RNN Lab's files, read and written from PyTorch: the exported data, the rnn-lab/weights@1
format and its mapping onto torch modules, and run directories (rnn-lab/run@1).

Nothing here is specific to one experiment; train.py holds the model and the training loop.
Also a command: "python rnn_lab_io.py state-dict MODEL.pt STATE_DICT.json" writes a saved
state_dict (or a saved module) as the JSON that "rnn-lab import-weights" reads.
"""
import json
import math
import os
import re
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

import torch
from torch import nn

WEIGHTS_FORMAT = "rnn-lab/weights@1"
RUN_FORMAT = "rnn-lab/run@1"


# ---- data ---------------------------------------------------------------------------------

class Data:
    """The samples exactly as RNN Lab prepared them, read from data/ (see data/data.json).

    x: (N, T, I); y: (N, O), or (N, T, O) with a target at every step. batch_order: (epochs, N)
    sample indices per epoch when RNN Lab shuffles, else None (data order every epoch).
    """

    def __init__(self, folder, dtype, device):
        folder = Path(folder)
        self.manifest = json.loads((folder / "data.json").read_text())

        def array(name):
            entry = self.manifest.get(name)
            if entry is None:
                return None
            raw = bytearray((folder / entry["file"]).read_bytes())
            tensor = torch.frombuffer(raw, dtype=getattr(torch, entry["dtype"])) if raw else torch.empty(0, dtype=getattr(torch, entry["dtype"]))
            return tensor.reshape(entry["shape"])

        self.train_x, self.train_y = array("train_x"), array("train_y")
        self.validation_x, self.validation_y = array("validation_x"), array("validation_y")
        order = array("batch_order")
        self.batch_order = order.long() if order is not None else None
        # float64 on disk: converting here rounds to float32 exactly as RNN Lab's float32 batches do
        for name in ("train_x", "train_y", "validation_x", "validation_y"):
            value = getattr(self, name)
            if value is not None:
                setattr(self, name, value.to(device=device, dtype=dtype))

    @property
    def info(self):
        """What RNN Lab records about the data in run.json (vocabulary, normalisation)."""
        return self.manifest.get("info")

    def epoch_order(self, epoch):
        """The sample indices of epoch 1, 2, … in the order RNN Lab visits them."""
        if self.batch_order is None:
            return torch.arange(self.train_x.shape[0])
        return self.batch_order[epoch - 1]


# ---- weights: rnn-lab/weights@1 <-> torch modules (README "Weights file") ---------------------
#
#   RNN Lab                   nn.RNN / LSTM / GRU (shared)   nn.*Cell per step    nn.Linear
#   Wx (I, G·H)               weight_ih_l0ᵀ                  weight_ih ᵀ          —
#   Wh (H, G·H)               weight_hh_l0ᵀ                  weight_hh ᵀ          —
#   bx, or an rnn's b         bias_ih_l0                     bias_ih              —
#   bh (lstm, gru)            bias_hh_l0 (rnn: 0, frozen)    bias_hh              —
#   dense W (In, O), b        —                              —                    weightᵀ, bias
#   prelu alpha               activation.weight (nn.PReLU)

def _step_tensors(module, kind, suffix):
    """The parameters of one step in weights-file order, by their key in the file."""
    names = {"Wx": "weight_ih", "Wh": "weight_hh", "b" if kind == "rnn" else "bx": "bias_ih"}
    if kind != "rnn":
        names["bh"] = "bias_hh"
    return {key: getattr(module, name + suffix) for key, name in names.items()}


def _steps(module, kind):
    """The step parameters of a layer: one set for shared weights, one per step for PerStep."""
    if hasattr(module, "cells"):
        return [_step_tensors(cell, kind, "") for cell in module.cells]
    return [_step_tensors(module, kind, "_l0")]


def _prelu(module):
    activation = getattr(module, "activation", None)
    return activation if isinstance(activation, nn.PReLU) else None


@torch.no_grad()
def load_weights(layers, kinds, document):
    """Copies an rnn-lab/weights@1 document into the modules (the nn.ModuleList "layers")."""
    if document.get("format") != WEIGHTS_FORMAT:
        raise ValueError(f'expected a weights file with "format": "{WEIGHTS_FORMAT}"')
    entries = document["layers"]
    if len(entries) != len(layers):
        raise ValueError(f"the model has {len(layers)} layers, the weights file {len(entries)}")
    for i, (module, kind, entry) in enumerate(zip(layers, kinds, entries)):
        if entry.get("type") != kind:
            raise ValueError(f"layer {i} is {kind} in the model, {entry.get('type')} in the weights file")
        if kind == "dense":
            _copy(module.weight, entry["W"], transpose=True)
            _copy(module.bias, entry["b"])
            continue
        step_entries = entry["steps"] if "steps" in entry else [entry]
        for tensors, step in zip(_steps(module, kind), step_entries):
            for key, tensor in tensors.items():
                _copy(tensor, step[key], transpose=key in ("Wx", "Wh"))
        if kind == "rnn":  # RNN Lab's rnn has one bias, b: torch's second one (if any) is 0
            for cell in module.cells if hasattr(module, "cells") else [module]:
                for name in ("bias_hh_l0", "bias_hh"):
                    if hasattr(cell, name):
                        getattr(cell, name).zero_()
        if _prelu(module) is not None:
            _prelu(module).weight.fill_(entry.get("alpha", 0.25))


def _copy(tensor, values, transpose=False):
    source = torch.tensor(values, dtype=torch.float64)
    source = source.T if transpose else source
    if source.shape != tensor.shape:
        raise ValueError(f"expected shape {tuple(tensor.T.shape if transpose else tensor.shape)}, got {tuple(source.T.shape if transpose else source.shape)}")
    tensor.copy_(source)


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
        steps = [{key: _values(t.T if key in ("Wx", "Wh") else t) for key, t in tensors.items()} for tensors in _steps(module, kind)]
        if hasattr(module, "cells"):
            entry["steps"] = steps
        else:
            entry.update(steps[0])
        if _prelu(module) is not None:
            entry["alpha"] = _prelu(module).weight.item()
        entries.append(entry)
    return {"format": WEIGHTS_FORMAT, **metadata, "layers": entries}


def _values(tensor):
    return tensor.detach().to(device="cpu", dtype=torch.float64).tolist()


def parameter_names(layers, specs):
    """RNN Lab's name of every trainable parameter ("layer0.Wx", "layer1.step2.bh", "layer2.W"),
    as its statistics (weightNorms, gradNorms) name them."""
    names = {}
    for i, (module, spec) in enumerate(zip(layers, specs)):
        kind = spec["type"]
        if kind == "dense":
            names[module.weight] = f"layer{i}.W"
            names[module.bias] = f"layer{i}.b"
            continue
        steps = _steps(module, kind)
        for s, tensors in enumerate(steps):
            prefix = f"layer{i}.step{s}" if hasattr(module, "cells") else f"layer{i}"
            for key, tensor in tensors.items():
                if tensor.requires_grad:
                    names[tensor] = f"{prefix}.{key}"
        if _prelu(module) is not None:
            names[_prelu(module).weight] = f"layer{i}.alpha"
    return names


# ---- run directories (README "Runs on disk") ---------------------------------------------------

def _slug(name):
    s = re.sub(r"^[-.]+|-+$", "", re.sub(r"[^A-Za-z0-9._-]+", "-", name))
    return s or "experiment"


def _json_value(value):
    """JSON as RNN Lab writes it: NaN and ±∞ become null."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {k: _json_value(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_json_value(v) for v in value]
    return value


def _write_json_atomic(path, value):
    temp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    temp.write_text(json.dumps(_json_value(value)))
    os.replace(temp, path)


def _all_finite(value):
    if isinstance(value, float):
        return math.isfinite(value)
    if isinstance(value, list):
        return all(_all_finite(v) for v in value)
    if isinstance(value, dict):
        return all(_all_finite(v) for v in value.values())
    return True


class RunDirectory:
    """One run in RNN Lab's layout: RUNS/<name>-<YYYYMMDD-HHMMSS>[-k]/ with experiment.json,
    metrics.ndjson (one epoch per line), weights.json and run.json. Created under a hidden
    temporary name and renamed into place, so it never appears without its run.json."""

    PROGRESS_INTERVAL = 1.0  # run.json is refreshed at most once a second while running
    METRICS_FLUSH = 0.1  # metrics lines reach the disk at least every 100 ms

    def __init__(self, runs_dir, experiment, source, tool_version, host_details, data_info=None):
        runs_dir = Path(runs_dir)
        runs_dir.mkdir(parents=True, exist_ok=True)
        started = datetime.now()
        self.record = {
            "format": RUN_FORMAT, "name": experiment["name"], "status": "running",
            "startedAt": _iso(started), "endedAt": None,
            "epochs": experiment["training"]["epochs"], "epochsCompleted": 0,
            "finalLoss": None, "finalValLoss": None, "seed": experiment["seed"],
            "source": source, "toolVersion": tool_version, "pid": os.getpid(), "host": "pytorch",
            **host_details,
        }
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
                os.rename(temp, self.dir)
                break
            except OSError:
                continue  # that name is taken (renaming onto a non-empty directory fails)
        self._metrics = open(self.dir / "metrics.ndjson", "a")
        self._last_flush = self._last_progress = time.monotonic()

    def epoch(self, metrics):
        self._metrics.write(json.dumps(_json_value(metrics)) + "\n")
        now = time.monotonic()
        if now - self._last_flush >= self.METRICS_FLUSH:
            self._flush(now)
        if now - self._last_progress >= self.PROGRESS_INTERVAL:
            self._last_progress = now
            self._flush(now)  # run.json never counts an epoch metrics.ndjson does not have yet
            self._update(epochsCompleted=metrics["epoch"], finalLoss=metrics["loss"], finalValLoss=metrics["valLoss"])

    def finish(self, status, epochs_completed, final_loss, final_val_loss, weights=None, message=None):
        self._flush(time.monotonic())
        self._metrics.close()
        if weights is not None and _all_finite(weights):
            _write_json_atomic(self.dir / "weights.json", weights)
        change = {"status": status, "endedAt": _iso(datetime.now()), "epochsCompleted": epochs_completed,
                  "finalLoss": final_loss, "finalValLoss": final_val_loss}
        if message:
            change["message"] = message
        self._update(**change)

    def _flush(self, now):
        self._metrics.flush()
        self._last_flush = now

    def _update(self, **change):
        self.record.update(change)
        _write_json_atomic(self.dir / "run.json", self.record)


def _iso(moment):
    """2026-11-28T22:20:55.123Z, as JavaScript's toISOString writes it."""
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def format_loss(value):
    """Six decimals, as RNN Lab prints losses (exponent form below 5e-7)."""
    if value is None:
        return "n/a"
    if not math.isfinite(value):
        return "NaN" if math.isnan(value) else ("Infinity" if value > 0 else "-Infinity")
    return f"{value:.6f}" if value == 0 or abs(value) >= 5e-7 else f"{value:.3e}"


# ---- state_dict as JSON, for "rnn-lab import-weights" ------------------------------------------

def write_state_dict_json(state_dict, path):
    """Writes a state_dict (model.state_dict()) as JSON: every tensor as nested lists."""
    values = {key: value.detach().to(device="cpu", dtype=torch.float64).tolist() for key, value in state_dict.items()}
    Path(path).write_text(json.dumps(values))


def _main(argv):
    if len(argv) != 3 or argv[0] != "state-dict":
        print("usage: python rnn_lab_io.py state-dict MODEL.pt STATE_DICT.json", file=sys.stderr)
        return 2
    saved = torch.load(argv[1], map_location="cpu")
    state = saved.state_dict() if isinstance(saved, nn.Module) else saved
    write_state_dict_json(state, argv[2])
    print(f"wrote {argv[2]} ({len(state)} tensors)")
    return 0


if __name__ == "__main__":
    sys.exit(_main(sys.argv[1:]))
`;
