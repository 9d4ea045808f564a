"""Golden values for schedules, weight decay and AdamW (test/core/pytorch-training.test.ts).

An lstm → dense model (torch.nn.LSTM + nn.Linear, loaded from a weights file through the
README's mapping, as in make_golden_modules.py) trained for 24 epochs by torch.optim with
torch.optim.lr_scheduler: the loss, validation loss and learning rate of every epoch, and
the final weights. The warmup in front of a schedule is torch's
SequentialLR([LinearLR(start_factor=1/W, total_iters=W-1), schedule], milestones=[W]); in
front of ReduceLROnPlateau (which SequentialLR cannot hold), the same LinearLR for W epochs
and then the plateau scheduler. Regenerate with Debian's python3-torch:

    /usr/bin/python3 test/golden/make_golden_training.py   # writes test/golden/pytorch-training.json
"""
import json
import os

import numpy as np
import torch
from torch.optim import lr_scheduler as sched

from make_golden_modules import Stack, draw_entry, loss_fn, t

torch.set_default_dtype(torch.float64)
rng = np.random.default_rng(77)
LAYERS = [{"type": "lstm", "units": 5, "shareWeights": True}, {"type": "dense", "units": 1, "activation": "linear"}]
EPOCHS = 24
B, T, I, BV = 12, 6, 2, 6


def optimizer_for(spec, params):
    wd = spec.get("weightDecay", 0)
    if spec["type"] == "sgd":
        return torch.optim.SGD(params, lr=spec["learningRate"], momentum=spec["momentum"], weight_decay=wd)
    make = torch.optim.Adam if spec["type"] == "adam" else torch.optim.AdamW
    return make(params, lr=spec["learningRate"], betas=(spec["beta1"], spec["beta2"]), eps=spec["epsilon"], weight_decay=wd)


def scheduler_for(spec, opt):
    """(scheduler, is_plateau) for a schedule spec without its warmup."""
    kind = spec["type"]
    if kind == "step":
        return sched.StepLR(opt, step_size=spec["stepSize"], gamma=spec["gamma"])
    if kind == "exponential":
        return sched.ExponentialLR(opt, gamma=spec["gamma"])
    if kind == "cosine":
        return sched.CosineAnnealingLR(opt, T_max=spec["tMax"], eta_min=spec["minLearningRate"])
    return sched.ReduceLROnPlateau(opt, mode="min", factor=spec["factor"], patience=spec["patience"],
                                   threshold=spec["threshold"], cooldown=spec["cooldown"], min_lr=spec["minLearningRate"])


def run(name, optimizer, schedule=None, batch_size="full"):
    x = rng.uniform(-1, 1, size=(B + BV, T, I))
    y = np.sin(x.sum(axis=(1, 2)))[:, None] + rng.normal(0, 0.1, size=(B + BV, 1))
    entries, width = [], I
    for layer in LAYERS:
        entries.append(draw_entry(layer, width, T))
        width = layer["units"]
    model = Stack(LAYERS, entries, I, T, "last")
    params = [p for p in model.parameters() if p.requires_grad]
    opt = optimizer_for(optimizer, params)
    warmup = (schedule or {}).get("warmup", 0)
    main = None
    if schedule and schedule["type"] != "plateau":
        main = scheduler_for(schedule, opt)
        if warmup:
            linear = sched.LinearLR(opt, start_factor=1 / warmup, end_factor=1.0, total_iters=warmup - 1)
            main = sched.SequentialLR(opt, [linear, main], milestones=[warmup])
    linear = sched.LinearLR(opt, start_factor=1 / warmup, end_factor=1.0, total_iters=warmup - 1) if schedule and schedule["type"] == "plateau" and warmup else None
    plateau = None
    xt, yt = t(x[:B]), t(y[:B])
    xv, yv = t(x[B:]), t(y[B:])
    bs = B if batch_size == "full" else batch_size
    losses, val_losses, rates = [], [], []
    for epoch in range(1, EPOCHS + 1):
        rates.append(opt.param_groups[0]["lr"])
        total = 0.0
        for start in range(0, B, bs):
            opt.zero_grad()
            loss = loss_fn("mse", model(xt[start:start + bs]), yt[start:start + bs])
            loss.backward()
            opt.step()
            total += loss.item() * min(bs, B - start)
        losses.append(total / B)
        with torch.no_grad():
            val_losses.append(loss_fn("mse", model(xv), yv).item())
        if main is not None:
            main.step()
        elif schedule and schedule["type"] == "plateau":
            if linear is not None and epoch < warmup:
                linear.step()
            elif epoch == warmup:
                plateau = scheduler_for(schedule, opt)  # starts from the full rate after warmup
            else:
                if plateau is None:
                    plateau = scheduler_for(schedule, opt)
                plateau.step(val_losses[-1])
    training = {"epochs": EPOCHS, "batchSize": batch_size, "shuffle": False, "loss": "mse", "optimizer": optimizer}
    if schedule:
        training["schedule"] = schedule
    return {"name": name, "layers": LAYERS, "training": training, "x": x[:B].tolist(), "y": y[:B].tolist(),
            "validationX": x[B:].tolist(), "validationY": y[B:].tolist(), "initialWeights": {"format": "rnn-lab/weights@1", "layers": entries},
            "losses": losses, "valLosses": val_losses, "learningRates": rates, "finalWeights": model.weights()}


SGD = {"type": "sgd", "learningRate": 0.2, "momentum": 0.0, "weightDecay": 0}
MOMENTUM = {"type": "sgd", "learningRate": 0.1, "momentum": 0.9, "weightDecay": 0}
ADAM = {"type": "adam", "learningRate": 0.02, "beta1": 0.9, "beta2": 0.999, "epsilon": 1e-8, "weightDecay": 0}

scenarios = [
    run("sgd with momentum and weight decay", {**MOMENTUM, "weightDecay": 0.01}, batch_size=5),
    run("adam with weight decay (coupled L2)", {**ADAM, "weightDecay": 0.01}),
    run("adamw (decoupled weight decay)", {**ADAM, "type": "adamw", "weightDecay": 0.05}, batch_size=5),
    run("step schedule", SGD, {"type": "step", "stepSize": 5, "gamma": 0.5, "warmup": 0}),
    run("exponential schedule, adam", ADAM, {"type": "exponential", "gamma": 0.9, "warmup": 0}),
    run("cosine schedule past tMax", MOMENTUM, {"type": "cosine", "tMax": 10, "minLearningRate": 0.001, "warmup": 0}),
    run("plateau schedule on the validation loss", SGD, {"type": "plateau", "factor": 0.5, "patience": 1, "threshold": 0.01, "cooldown": 1, "minLearningRate": 0.01, "warmup": 0}),
    run("warmup then step", SGD, {"type": "step", "stepSize": 4, "gamma": 0.5, "warmup": 3}),
    run("warmup then cosine, adamw", {**ADAM, "type": "adamw", "weightDecay": 0.01}, {"type": "cosine", "tMax": 12, "minLearningRate": 0.0, "warmup": 4}),
    run("warmup then plateau", SGD, {"type": "plateau", "factor": 0.5, "patience": 1, "threshold": 0.01, "cooldown": 0, "minLearningRate": 0.0, "warmup": 2}),
]

out = os.path.join(os.path.dirname(__file__), "pytorch-training.json")
with open(out, "w") as f:
    json.dump({"torch": torch.__version__, "scenarios": scenarios}, f)
print(f"wrote {out} ({len(scenarios)} scenarios, torch {torch.__version__})")
