"""Golden forward passes for test/analysis/predict-inspect.test.ts: what `rnn-lab predict` and
`rnn-lab inspect` must print for a model whose weights come from an rnn-lab/weights@1 file.

Every recurrent layer is PyTorch's own module, loaded through the README's mapping exactly as
make_golden_modules.py loads it (Wx = weight_ih_l0ᵀ, Wh = weight_hh_l0ᵀ, bx = bias_ih_l0,
bh = bias_hh_l0; rnn: b = bias_ih_l0, bias_hh_l0 = 0; dense: nn.Linear with W = weightᵀ).
torch.nn.LSTM / GRU / RNN return only h for every step, so each layer is also stepped by hand
from the module's own parameters to get c[t] and the gate activations (lstm i, f, g, o; gru
r, z, n); the stepped h is asserted equal to the module's output before anything is written.
Per-step weights use one nn.LSTMCell / GRUCell / RNNCell per step, stepped the same way and
checked against the cell's own forward. Regenerate with Debian's python3-torch:

    /usr/bin/python3 test/golden/make_golden_inspect.py   # writes test/golden/pytorch-inspect.json
"""
import json
import os

import numpy as np
import torch
from torch import nn

from make_golden_modules import dense, draw_entry, draw_samples, load_into, rec, t

torch.set_default_dtype(torch.float64)
rng = np.random.default_rng(12)
GATE_NAMES = {"lstm": ["i", "f", "g", "o"], "gru": ["r", "z", "n"]}


def params(mod, suffix):
    return [getattr(mod, n + suffix).detach() for n in ("weight_ih", "weight_hh", "bias_ih", "bias_hh")]


def step(kind, activation, p, x, h, c):
    """One step from a module's parameters: (h, c, gate activations as a list of (B, H))."""
    w_ih, w_hh, b_ih, b_hh = p
    gi = x @ w_ih.T + b_ih
    gh = h @ w_hh.T + b_hh
    if kind == "rnn":
        return {"tanh": torch.tanh, "relu": torch.relu}[activation](gi + gh), None, []
    if kind == "lstm":
        i, f, g, o = (gi + gh).chunk(4, dim=1)
        i, f, g, o = torch.sigmoid(i), torch.sigmoid(f), torch.tanh(g), torch.sigmoid(o)
        c = f * c + i * g
        return o * torch.tanh(c), c, [i, f, g, o]
    ir, iz, in_ = gi.chunk(3, dim=1)
    hr, hz, hn = gh.chunk(3, dim=1)
    r, z = torch.sigmoid(ir + hr), torch.sigmoid(iz + hz)
    n = torch.tanh(in_ + r * hn)
    return (1 - z) * n + z * h, None, [r, z, n]


def act(kind, z):
    return {"linear": lambda: z, "sigmoid": lambda: torch.sigmoid(z), "tanh": lambda: torch.tanh(z),
            "relu": lambda: torch.relu(z), "softmax": lambda: torch.softmax(z, dim=-1)}[kind]()


def forward(layers, entries, x, output):
    """x (B, T, I) → per recurrent layer {h, c?, gates?} each (B, T, H), and the outputs."""
    B, T, _ = x.shape
    seq, width, states, out = x, x.shape[2], [], None
    for layer, e in zip(layers, entries):
        kind, H = layer["type"], layer["units"]
        if kind == "dense":
            lin = nn.Linear(width, H)
            with torch.no_grad():
                lin.weight.copy_(t(e["W"]).T)
                lin.bias.copy_(t(e["b"]))
            if out is None:
                out = seq[:, -1, :] if output == "last" else seq
            out = act(layer["activation"], lin(out)).detach()
            width = H
            continue
        activation = layer.get("activation", "tanh")
        if "steps" in e:
            make = {"rnn": lambda: nn.RNNCell(width, H, nonlinearity=activation), "lstm": lambda: nn.LSTMCell(width, H), "gru": lambda: nn.GRUCell(width, H)}[kind]
            cells = [make() for _ in range(T)]
            for cell, s in zip(cells, e["steps"]):
                load_into(cell, s, kind, "")
            step_params = [params(cell, "") for cell in cells]
        else:
            mod = {"rnn": lambda: nn.RNN(width, H, nonlinearity=activation, batch_first=True),
                   "lstm": lambda: nn.LSTM(width, H, batch_first=True), "gru": lambda: nn.GRU(width, H, batch_first=True)}[kind]()
            load_into(mod, e, kind, "_l0")
            step_params = [params(mod, "_l0")] * T
        h, c = torch.zeros(B, H), torch.zeros(B, H)
        hs, cs, gs = [], [], []
        for s in range(T):
            h, c_new, gates = step(kind, activation, step_params[s], seq[:, s, :], h, c)
            if kind == "lstm":
                c = c_new
                cs.append(c)
            hs.append(h)
            gs.append(gates)
        hseq = torch.stack(hs, dim=1)
        # The hand-stepped h is the module's (or each cell's) own output.
        with torch.no_grad():
            if "steps" in e:
                hc = (torch.zeros(B, H), torch.zeros(B, H)) if kind == "lstm" else torch.zeros(B, H)
                ref = []
                for s in range(T):
                    hc = cells[s](seq[:, s, :], hc)
                    ref.append(hc[0] if kind == "lstm" else hc)
                reference = torch.stack(ref, dim=1)
            else:
                reference = mod(seq)[0]
        assert torch.allclose(hseq, reference, rtol=0, atol=1e-13), (kind, (hseq - reference).abs().max())
        state = {"kind": kind, "h": hseq}
        if kind == "lstm":
            state["c"] = torch.stack(cs, dim=1)
        if kind != "rnn":
            state["gates"] = {name: torch.stack([g[k] for g in gs], dim=1) for k, name in enumerate(GATE_NAMES[kind])}
        states.append(state)
        seq, width = hseq.detach(), H
    if out is None:
        out = seq[:, -1, :] if output == "last" else seq
    return states, out


def scenario(name, layers, output, loss, B, T, I):
    x, y = draw_samples(layers, output, loss, B, T, I, draw=rng)
    entries, width = [], I
    for layer in layers:
        entries.append(draw_entry(layer, width, T, draw=rng, dense_scale=0.8, weight_scale=0.7))
        width = layer["units"]
    with torch.no_grad():
        states, out = forward(layers, entries, t(x), output)
    samples = []
    for b in range(B):
        per_layer = []
        for s in states:
            entry = {"kind": s["kind"], "h": s["h"][b].tolist()}
            if "c" in s:
                entry["c"] = s["c"][b].tolist()
            if "gates" in s:
                entry["gates"] = {g: v[b].tolist() for g, v in s["gates"].items()}
            per_layer.append(entry)
        o = out[b].tolist()
        samples.append({"layers": per_layer, "output": o if output == "sequence" else [o]})
    return {"name": name, "layers": layers, "output": output, "loss": loss, "x": x.tolist(), "y": y.tolist(),
            "weights": {"format": "rnn-lab/weights@1", "layers": entries}, "samples": samples}


scenarios = [
    scenario("rnn stack: tanh -> relu -> linear readout of the last step", [rec("rnn", 5), rec("rnn", 4, activation="relu"), dense(2)], "last", "mse", B=3, T=6, I=3),
    scenario("lstm stack -> softmax at every step", [rec("lstm", 5), rec("lstm", 4), dense(3, "softmax")], "sequence", "crossEntropy", B=3, T=5, I=2),
    scenario("gru stack -> sigmoid of the last step", [rec("gru", 5), rec("gru", 3), dense(2, "sigmoid")], "last", "bce", B=4, T=5, I=3),
    scenario("gru -> lstm -> rnn, sequence output, no dense layer", [rec("gru", 4), rec("lstm", 3), rec("rnn", 2)], "sequence", "mse", B=2, T=4, I=2),
    scenario("per-step lstm and gru weights -> dense", [rec("lstm", 3, share=False), rec("gru", 3, share=False), dense(1)], "last", "mse", B=2, T=3, I=2),
]

out = os.path.join(os.path.dirname(__file__), "pytorch-inspect.json")
with open(out, "w") as f:
    json.dump({"torch": torch.__version__, "scenarios": scenarios}, f)
print(f"wrote {out} ({len(scenarios)} scenarios, torch {torch.__version__})")
