"""Golden values from torch.nn.RNN / LSTM / GRU / Linear for test/core/pytorch-modules.test.ts.

Unlike make_golden.py (hand-written autograd ops), every recurrent layer here is PyTorch's own
module, and its parameters come from an rnn-lab/weights@1 file through the README's mapping:

    Wx = weight_ih_l0ᵀ, Wh = weight_hh_l0ᵀ, bx = bias_ih_l0, bh = bias_hh_l0  (lstm, gru)
    Wx = weight_ih_l0ᵀ, Wh = weight_hh_l0ᵀ, b = bias_ih_l0, bias_hh_l0 = 0      (rnn)
    W = weightᵀ, b = bias                                                        (dense: nn.Linear)

Per-step weights (shareWeights false) use one nn.LSTMCell / nn.GRUCell / nn.RNNCell per step
with the same mapping (weight_ih, weight_hh, bias_ih, bias_hh). After training, the final
module parameters are written back through the same mapping, so the test checks the mapping
in both directions as well as the losses. Regenerate with Debian's python3-torch:

    /usr/bin/python3 test/golden/make_golden_modules.py   # writes test/golden/pytorch-modules.json
"""
import json
import os

import numpy as np
import torch
from torch import nn

torch.set_default_dtype(torch.float64)
rng = np.random.default_rng(2026)
GATES = {"rnn": 1, "lstm": 4, "gru": 3}


def t(a):
    return torch.tensor(np.asarray(a, dtype=np.float64))


def draw_entry(layer, width, steps, draw=None, dense_scale=0.6, weight_scale=0.5):
    """A weights-file entry for one layer, drawn from `draw` (this file's rng by default; our layout: row vectors)."""
    rng_ = draw if draw is not None else rng
    h, kind = layer["units"], layer["type"]
    if kind == "dense":
        return {"type": "dense", "W": rng_.uniform(-dense_scale, dense_scale, (width, h)).tolist(), "b": rng_.uniform(-0.3, 0.3, h).tolist()}
    g = GATES[kind]

    def step():
        s = {"Wx": rng_.uniform(-weight_scale, weight_scale, (width, g * h)).tolist(), "Wh": rng_.uniform(-weight_scale, weight_scale, (h, g * h)).tolist()}
        if kind == "rnn":
            s["b"] = rng_.uniform(-0.3, 0.3, h).tolist()
        else:
            s["bx"] = rng_.uniform(-0.3, 0.3, g * h).tolist()
            s["bh"] = rng_.uniform(-0.3, 0.3, g * h).tolist()
        return s

    entry = {"type": kind}
    if layer.get("shareWeights", True):
        entry.update(step())
    else:
        entry["steps"] = [step() for _ in range(steps)]
    return entry


def load_into(mod, s, kind, suffix):
    """Our step entry s → the module's weight_ih{suffix} etc. (the README's mapping)."""
    with torch.no_grad():
        getattr(mod, "weight_ih" + suffix).copy_(t(s["Wx"]).T)
        getattr(mod, "weight_hh" + suffix).copy_(t(s["Wh"]).T)
        if kind == "rnn":
            getattr(mod, "bias_ih" + suffix).copy_(t(s["b"]))
            getattr(mod, "bias_hh" + suffix).zero_()
            getattr(mod, "bias_hh" + suffix).requires_grad_(False)
        else:
            getattr(mod, "bias_ih" + suffix).copy_(t(s["bx"]))
            getattr(mod, "bias_hh" + suffix).copy_(t(s["bh"]))


def read_from(mod, kind, suffix):
    s = {"Wx": getattr(mod, "weight_ih" + suffix).detach().T.tolist(), "Wh": getattr(mod, "weight_hh" + suffix).detach().T.tolist()}
    if kind == "rnn":
        s["b"] = getattr(mod, "bias_ih" + suffix).detach().tolist()
    else:
        s["bx"] = getattr(mod, "bias_ih" + suffix).detach().tolist()
        s["bh"] = getattr(mod, "bias_hh" + suffix).detach().tolist()
    return s


class Stack(nn.Module):
    """Recurrent layers (modules, or one cell per step), then nn.Linear layers, as RNN Lab stacks them."""

    def __init__(self, layers, entries, input_size, steps, output):
        super().__init__()
        self.layers, self.output, self.steps = layers, output, steps
        self.mods = nn.ModuleList()
        width = input_size
        for layer, e in zip(layers, entries):
            h, kind = layer["units"], layer["type"]
            if kind == "dense":
                m = nn.Linear(width, h)
                with torch.no_grad():
                    m.weight.copy_(t(e["W"]).T)
                    m.bias.copy_(t(e["b"]))
            elif "steps" in e:
                cell = {"rnn": lambda: nn.RNNCell(width, h, nonlinearity=layer.get("activation", "tanh")),
                        "lstm": lambda: nn.LSTMCell(width, h), "gru": lambda: nn.GRUCell(width, h)}[kind]
                m = nn.ModuleList([cell() for _ in range(steps)])
                for c, s in zip(m, e["steps"]):
                    load_into(c, s, kind, "")
            else:
                m = {"rnn": lambda: nn.RNN(width, h, nonlinearity=layer.get("activation", "tanh"), batch_first=True),
                     "lstm": lambda: nn.LSTM(width, h, batch_first=True), "gru": lambda: nn.GRU(width, h, batch_first=True)}[kind]()
                load_into(m, e, kind, "_l0")
            self.mods.append(m)
            width = h

    def forward(self, x):  # x: (B, T, I)
        seq, out = x, None
        for layer, m in zip(self.layers, self.mods):
            kind = layer["type"]
            if kind == "dense":
                if out is None:
                    out = seq[:, -1, :] if self.output == "last" else seq
                out = act(layer.get("activation", "linear"), m(out))
            elif isinstance(m, nn.ModuleList):
                B, h = seq.shape[0], layer["units"]
                state = (torch.zeros(B, h), torch.zeros(B, h)) if kind == "lstm" else torch.zeros(B, h)
                hs = []
                for step in range(self.steps):
                    state = m[step](seq[:, step, :], state)
                    hs.append(state[0] if kind == "lstm" else state)
                seq = torch.stack(hs, dim=1)
            else:
                seq = m(seq)[0]
        if out is None:
            out = seq[:, -1, :] if self.output == "last" else seq
        return out

    def weights(self):
        entries = []
        for layer, m in zip(self.layers, self.mods):
            kind = layer["type"]
            if kind == "dense":
                entries.append({"type": "dense", "W": m.weight.detach().T.tolist(), "b": m.bias.detach().tolist()})
            elif isinstance(m, nn.ModuleList):
                entries.append({"type": kind, "steps": [read_from(c, kind, "") for c in m]})
            else:
                entries.append({"type": kind, **read_from(m, kind, "_l0")})
        return {"format": "rnn-lab/weights@1", "layers": entries}


def act(kind, z):
    return {"linear": lambda: z, "sigmoid": lambda: torch.sigmoid(z), "tanh": lambda: torch.tanh(z),
            "relu": lambda: torch.relu(z), "softmax": lambda: torch.softmax(z, dim=-1)}[kind]()


def loss_fn(kind, p, y):
    if kind == "mse":
        return nn.functional.mse_loss(p, y)
    if kind == "bce":
        return nn.functional.binary_cross_entropy(p, y)
    return -(y * torch.log(p)).sum(dim=-1).mean()


def draw_samples(layers, output, loss, B, T, I, draw=None):
    """Inputs x (B, T, I) in ±1 and targets that fit the loss: one-hot, bits or values in ±1."""
    rng_ = draw if draw is not None else rng
    x = rng_.uniform(-1, 1, size=(B, T, I))
    O = layers[-1]["units"]
    yshape = (B, O) if output == "last" else (B, T, O)
    if loss == "crossEntropy":
        y = np.eye(O)[rng_.integers(0, O, size=yshape[:-1])]
    elif loss == "bce":
        y = rng_.integers(0, 2, size=yshape).astype(float)
    else:
        y = rng_.uniform(-1, 1, size=yshape)
    return x, y


def run(name, layers, output, loss, optimizer, epochs, B, T, I, batch_size="full", clip=None):
    x, y = draw_samples(layers, output, loss, B, T, I)
    entries, width = [], I
    for layer in layers:
        entries.append(draw_entry(layer, width, T))
        width = layer["units"]
    initial = {"format": "rnn-lab/weights@1", "layers": entries}
    model = Stack(layers, entries, I, T, output)
    params = [p for p in model.parameters() if p.requires_grad]
    if optimizer["type"] == "sgd":
        opt = torch.optim.SGD(params, lr=optimizer["learningRate"], momentum=optimizer["momentum"])
    else:
        opt = torch.optim.Adam(params, lr=optimizer["learningRate"], betas=(optimizer["beta1"], optimizer["beta2"]), eps=optimizer["epsilon"])
    xt, yt = t(x), t(y)
    bs = B if batch_size == "full" else batch_size
    losses = []
    for _ in range(epochs):
        total = 0.0
        for start in range(0, B, bs):
            opt.zero_grad()
            l = loss_fn(loss, model(xt[start:start + bs]), yt[start:start + bs])
            l.backward()
            if clip is not None:
                torch.nn.utils.clip_grad_norm_(params, clip)
            opt.step()
            total += l.item() * min(bs, B - start)
        losses.append(total / B)
    training = {"epochs": epochs, "batchSize": batch_size, "shuffle": False, "loss": loss, "optimizer": optimizer}
    if clip is not None:
        training["clipNorm"] = clip
    with torch.no_grad():
        outputs = model(xt).tolist()
    return {"name": name, "layers": layers, "output": output, "training": training, "x": x.tolist(), "y": y.tolist(),
            "initialWeights": initial, "losses": losses, "finalWeights": model.weights(), "finalOutputs": outputs}


def rec(kind, units, share=True, activation=None):
    layer = {"type": kind, "units": units, "shareWeights": share}
    if kind == "rnn":
        layer["activation"] = activation or "tanh"
    return layer


def dense(units, activation="linear"):
    return {"type": "dense", "units": units, "activation": activation}


def main():
    SGD = {"type": "sgd", "learningRate": 0.3, "momentum": 0.0}
    MOMENTUM = {"type": "sgd", "learningRate": 0.2, "momentum": 0.9}
    ADAM = {"type": "adam", "learningRate": 0.03, "beta1": 0.9, "beta2": 0.999, "epsilon": 1e-8}

    scenarios = [
        run("lstm, last step, mse, sgd", [rec("lstm", 5)], "last", "mse", SGD, 8, B=4, T=5, I=3),
        run("gru, last step, mse, sgd momentum", [rec("gru", 5)], "last", "mse", MOMENTUM, 8, B=4, T=5, I=3),
        run("stacked lstm, dense readout, adam, clipNorm, minibatches with a remainder", [rec("lstm", 6), rec("lstm", 4), dense(2)],
            "last", "mse", ADAM, 6, B=5, T=4, I=3, batch_size=2, clip=0.3),
        run("gru -> lstm -> dense softmax, sequence output, crossEntropy, adam, clipNorm", [rec("gru", 6), rec("lstm", 5), dense(3, "softmax")],
            "sequence", "crossEntropy", ADAM, 6, B=3, T=5, I=2, clip=0.5),
        run("rnn -> lstm -> dense sigmoid, bce, sgd momentum", [rec("rnn", 4), rec("lstm", 4), dense(2, "sigmoid")],
            "last", "bce", MOMENTUM, 6, B=4, T=4, I=3),
        run("lstm -> gru -> rnn relu, sequence output, mse, adam", [rec("lstm", 4), rec("gru", 3), rec("rnn", 2, activation="relu")],
            "sequence", "mse", ADAM, 6, B=3, T=4, I=2),
        run("gru without dense, last step, sgd", [rec("gru", 3)], "last", "mse", SGD, 6, B=3, T=6, I=2),
        run("per-step lstm and gru weights, dense readout, adam", [rec("lstm", 3, share=False), rec("gru", 3, share=False), dense(1)],
            "last", "mse", ADAM, 5, B=3, T=3, I=2),
    ]

    out = os.path.join(os.path.dirname(__file__), "pytorch-modules.json")
    with open(out, "w") as f:
        json.dump({"torch": torch.__version__, "scenarios": scenarios}, f)
    print(f"wrote {out} ({len(scenarios)} scenarios, torch {torch.__version__})")


if __name__ == "__main__":
    main()
