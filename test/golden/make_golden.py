"""Golden values from PyTorch for the trainer's tests (test/core/pytorch-golden.test.ts).

Each scenario builds the same model as RNN Lab with torch autograd ops and trains it with
torch.optim, from weights drawn here and written in the rnn-lab/weights@1 format, then
records every epoch loss and the final weights. Regenerate with Debian's python3-torch:

    /usr/bin/python3 test/golden/make_golden.py   # writes test/golden/pytorch.json
"""
import json
import os

import numpy as np
import torch

torch.set_default_dtype(torch.float64)
rng = np.random.default_rng(1234)


def uniform(shape, limit):
    return rng.uniform(-limit, limit, size=shape)


def act(kind, z, alpha=None):
    if kind == "tanh":
        return torch.tanh(z)
    if kind == "sigmoid":
        return torch.sigmoid(z)
    if kind == "relu":
        return torch.relu(z)
    if kind == "prelu":
        return torch.nn.functional.prelu(z, alpha)
    if kind == "linear":
        return z
    if kind == "softmax":
        return torch.softmax(z, dim=-1)
    raise ValueError(kind)


def make_weights(layers, input_size, steps):
    """Weights file entries (lists) for every layer, drawn from rng."""
    entries, width = [], input_size
    for layer in layers:
        h = layer["units"]
        if layer["type"] == "rnn":
            def step():
                return {"Wx": uniform((width, h), 0.6).tolist(), "Wh": uniform((h, h), 0.6).tolist(), "b": uniform((h,), 0.3).tolist()}
            entry = {"type": "rnn"}
            if layer.get("shareWeights", True):
                entry.update(step())
            else:
                entry["steps"] = [step() for _ in range(steps)]
            if layer.get("activation") == "prelu":
                entry["alpha"] = 0.25
        else:
            entry = {"type": "dense", "W": uniform((width, h), 0.6).tolist(), "b": uniform((h,), 0.3).tolist()}
        entries.append(entry)
        width = h
    return entries


def to_params(entries):
    """torch tensors (requires_grad) in the same order as the weights file."""
    params = []
    for e in entries:
        if e["type"] == "rnn":
            steps = e["steps"] if "steps" in e else [e]
            e["_t"] = [{k: torch.tensor(s[k], requires_grad=True) for k in ("Wx", "Wh", "b")} for s in steps]
            for s in e["_t"]:
                params += [s["Wx"], s["Wh"], s["b"]]
            if "alpha" in e:
                e["_alpha"] = torch.tensor([e["alpha"]], requires_grad=True)
                params.append(e["_alpha"])
        else:
            e["_t"] = {k: torch.tensor(e[k], requires_grad=True) for k in ("W", "b")}
            params += [e["_t"]["W"], e["_t"]["b"]]
    return params


def forward(layers, entries, x, output):
    # x: (B, T, I); row vectors: h[t] = act(x[t] @ Wx + h[t-1] @ Wh + b)
    seq = x
    B, T, _ = x.shape
    rnn_count = sum(1 for l in layers if l["type"] == "rnn")
    out = None
    for i, (layer, e) in enumerate(zip(layers, entries)):
        if layer["type"] == "rnn":
            h = torch.zeros(B, layer["units"])
            hs = []
            for t in range(T):
                w = e["_t"][0] if len(e["_t"]) == 1 else e["_t"][t]
                z = seq[:, t, :] @ w["Wx"] + h @ w["Wh"] + w["b"]
                h = act(layer.get("activation", "tanh"), z, e.get("_alpha"))
                hs.append(h)
            seq = torch.stack(hs, dim=1)
            if i == rnn_count - 1:
                out = seq[:, -1, :] if output == "last" else seq
        else:
            out = act(layer.get("activation", "linear"), out @ e["_t"]["W"] + e["_t"]["b"])
    return out


def loss_fn(kind, p, y):
    if kind == "mse":
        return torch.nn.functional.mse_loss(p, y)
    if kind == "bce":
        return torch.nn.functional.binary_cross_entropy(p, y)
    if kind == "crossEntropy":
        return -(y * torch.log(p)).sum(dim=-1).mean()
    raise ValueError(kind)


def run(name, layers, output, loss, optimizer, epochs, B, T, I, batch_size="full", clip=None):
    x = rng.uniform(-1, 1, size=(B, T, I))
    last = layers[-1]
    O = last["units"]
    yshape = (B, O) if output == "last" else (B, T, O)
    if loss == "crossEntropy":
        y = np.eye(O)[rng.integers(0, O, size=yshape[:-1])]
    elif loss == "bce":
        y = rng.integers(0, 2, size=yshape).astype(float)
    else:
        y = rng.uniform(-1, 1, size=yshape)
    entries = make_weights(layers, I, T)
    initial = json.loads(json.dumps([{k: v for k, v in e.items()} for e in entries]))
    params = to_params(entries)
    if optimizer["type"] == "sgd":
        opt = torch.optim.SGD(params, lr=optimizer["learningRate"], momentum=optimizer.get("momentum", 0))
    else:
        opt = torch.optim.Adam(params, lr=optimizer["learningRate"])
    xt, yt = torch.tensor(x), torch.tensor(y)
    bs = B if batch_size == "full" else batch_size
    losses = []
    for _ in range(epochs):
        total = 0.0
        for start in range(0, B, bs):
            opt.zero_grad()
            l = loss_fn(loss, forward(layers, entries, xt[start:start + bs], output), yt[start:start + bs])
            l.backward()
            if clip is not None:
                torch.nn.utils.clip_grad_norm_(params, clip)
            opt.step()
            total += l.item() * min(bs, B - start)
        losses.append(total / B)
    final = [p.detach().numpy().ravel().tolist() for p in params]
    training = {"epochs": epochs, "batchSize": batch_size, "shuffle": False, "loss": loss, "optimizer": optimizer}
    if clip is not None:
        training["clipNorm"] = clip
    return {
        "name": name, "layers": layers, "output": output, "training": training,
        "x": x.tolist(), "y": y.tolist(),
        "initialWeights": {"format": "rnn-lab/weights@1", "layers": initial},
        "losses": losses, "finalParams": final,
    }


def rnn(units, activation="tanh", share=True):
    return {"type": "rnn", "units": units, "activation": activation, "shareWeights": share}


def dense(units, activation="linear"):
    return {"type": "dense", "units": units, "activation": activation}


scenarios = [
    run("notebook model, sgd", [rnn(8), rnn(8), rnn(1, "sigmoid")], "last", "mse",
        {"type": "sgd", "learningRate": 0.5, "momentum": 0}, 10, B=2, T=3, I=4),
    run("per-step weights, bce, sgd momentum", [rnn(5, "tanh", False), dense(2, "sigmoid")], "last", "bce",
        {"type": "sgd", "learningRate": 0.3, "momentum": 0.9}, 8, B=4, T=3, I=3),
    run("relu, softmax sequence, adam, clipNorm", [rnn(6, "relu"), dense(4, "softmax")], "sequence", "crossEntropy",
        {"type": "adam", "learningRate": 0.05, "beta1": 0.9, "beta2": 0.999, "epsilon": 1e-8}, 8, B=3, T=5, I=2, clip=0.5),
    run("prelu and sigmoid stack, adam, minibatches", [rnn(4, "prelu"), rnn(3, "sigmoid"), dense(2, "tanh"), dense(1)], "last", "mse",
        {"type": "adam", "learningRate": 0.02, "beta1": 0.9, "beta2": 0.999, "epsilon": 1e-8}, 6, B=5, T=4, I=3, batch_size=2),
    run("linear rnn, dense at every step", [rnn(3, "linear"), dense(2)], "sequence", "mse",
        {"type": "sgd", "learningRate": 0.1, "momentum": 0.5}, 5, B=3, T=4, I=2),
]

out = os.path.join(os.path.dirname(__file__), "pytorch.json")
with open(out, "w") as f:
    json.dump({"torch": torch.__version__, "scenarios": scenarios}, f)
print(f"wrote {out} ({len(scenarios)} scenarios, torch {torch.__version__})")
