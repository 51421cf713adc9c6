#!/usr/bin/env python3
"""A correct student submission written with PyTorch (float64 tensors): the whole contract, speaking
nn-oracle's JSON-lines protocol on stdin/stdout. It shows that a PyTorch submission runs inside the
sandbox at the default limits (`import torch` maps far more address space than it uses).

Grade it with:  nn-oracle grade --cmd "python3 examples/students/torch_correct.py"
(with a Python that has torch: Debian's python3-torch, or pip install torch)
"""
import json
import math
import sys

import torch

T = torch.float64
DEFAULT_ALPHA = {"leaky_relu": 0.01, "elu": 1.0}


def tensor(x):
    return torch.tensor(x, dtype=T)


def alpha_of(name, alpha):
    return DEFAULT_ALPHA.get(name, 0.0) if alpha is None else alpha


def act(name, z, alpha):
    """σ(z) elementwise on a tensor (softmax over the last axis), the notes' conventions at the kinks."""
    a = alpha_of(name, alpha)
    if name == "identity":
        return z.clone()
    if name == "step":
        return (z >= 0).to(T)
    if name == "sigmoid":
        return torch.sigmoid(z)
    if name == "tanh":
        return torch.tanh(z)
    if name == "relu":
        return torch.where(z > 0, z, torch.zeros_like(z))
    if name == "leaky_relu":
        return torch.where(z > 0, z, a * z)
    if name == "softplus":
        return torch.clamp(z, min=0) + torch.log1p(torch.exp(-torch.abs(z)))
    if name == "elu":
        return torch.where(z >= 0, z, a * torch.expm1(torch.clamp(z, max=0)))
    if name == "softmax":
        return torch.softmax(z, dim=-1)
    raise ValueError("unknown activation " + str(name))


def act_grad(name, z, alpha):
    """σ'(z) elementwise (no elementwise derivative for softmax)."""
    a = alpha_of(name, alpha)
    if name == "identity":
        return torch.ones_like(z)
    if name == "step":
        return torch.zeros_like(z)
    if name == "sigmoid":
        s = torch.sigmoid(z)
        return s * (1 - s)
    if name == "tanh":
        t = torch.tanh(z)
        return 1 - t * t
    if name == "relu":
        return (z > 0).to(T)
    if name == "leaky_relu":
        return torch.where(z > 0, torch.ones_like(z), torch.full_like(z, a))
    if name == "softplus":
        return torch.sigmoid(z)
    if name == "elu":
        return torch.where(z >= 0, torch.ones_like(z), a * torch.exp(torch.clamp(z, max=0)))
    raise ValueError("no elementwise derivative for " + str(name))


def activate(name, z, alpha=None):
    return act(name, tensor(z), alpha).tolist()


def activate_grad(name, z, alpha=None):
    return act_grad(name, tensor(z), alpha).tolist()


def loss(name, A, Y):
    a, y = tensor(A), tensor(Y)
    if name == "mse":
        per = 0.5 * (a - y) ** 2
    elif name == "bce":
        per = -(torch.xlogy(y, a) + torch.xlogy(1 - y, 1 - a))
    elif name == "cce":
        per = -torch.xlogy(y, a)
    else:
        raise ValueError("unknown loss " + str(name))
    return float(per.sum() / a.shape[0])


def layers_of(net):
    return [(tensor(l["W"]), tensor(l["b"]), l["activation"], l.get("alpha")) for l in net["layers"]]


def run_forward(layers, X):
    zs, acts = [], []
    below = X
    for W, b, name, alpha in layers:
        z = below @ W.T + b  # z^l = W^l a^{l-1} + b^l, one row per example
        below = act(name, z, alpha)
        zs.append(z)
        acts.append(below)
    return zs, acts


def forward(net, X):
    zs, acts = run_forward(layers_of(net), tensor(X))
    return {"z": [z.tolist() for z in zs], "a": [a.tolist() for a in acts]}


def backward(net, X, Y, loss_name):
    layers = layers_of(net)
    x, y = tensor(X), tensor(Y)
    zs, acts = run_forward(layers, x)
    L, B = len(layers), x.shape[0]
    out_name, out_alpha = layers[-1][2], layers[-1][3]
    aL = acts[-1]
    # BP1: δ^L = ∇_a C ⊙ σ'(z^L) (the softmax Jacobian for softmax; a − y for the matched pairs)
    if (out_name, loss_name) in (("sigmoid", "bce"), ("softmax", "cce")):
        d = aL - y
    else:
        if loss_name == "mse":
            g = aL - y
        elif loss_name == "bce":
            g = (aL - y) / (aL * (1 - aL))
        else:
            g = torch.where(y == 0, torch.zeros_like(y), -y / aL)
        if out_name == "softmax":
            d = aL * (g - (aL * g).sum(dim=1, keepdim=True))
        else:
            d = g * act_grad(out_name, zs[-1], out_alpha)
    delta = [None] * L
    delta[L - 1] = d
    for l in range(L - 2, -1, -1):
        W_next = layers[l + 1][0]
        # BP2: δ^l = ((W^{l+1})ᵀ δ^{l+1}) ⊙ σ'(z^l)
        delta[l] = (delta[l + 1] @ W_next) * act_grad(layers[l][2], zs[l], layers[l][3])
    below = [x] + acts[:-1]
    grad_b = [dl.sum(dim=0) / B for dl in delta]  # BP3, the batch mean
    grad_w = [dl.T @ bl / B for dl, bl in zip(delta, below)]  # BP4: δ^l (a^{l-1})ᵀ, the batch mean
    return {"delta": [dl.tolist() for dl in delta], "gradW": [g.tolist() for g in grad_w], "gradB": [g.tolist() for g in grad_b]}


def flat(p):
    return torch.cat([tensor(M).reshape(-1) for M in p["W"]] + [tensor(v).reshape(-1) for v in p["b"]])


def unflat(like, v):
    out, at = {"W": [], "b": []}, 0
    for M in like["W"]:
        n = len(M) * len(M[0])
        out["W"].append(v[at : at + n].reshape(len(M), len(M[0])).tolist())
        at += n
    for b in like["b"]:
        out["b"].append(v[at : at + len(b)].tolist())
        at += len(b)
    return out


def step(opt, params, grads, state):
    w, g = flat(params), flat(grads)
    n = w.shape[0]
    s = state or {"t": 0, "m": [0.0] * n, "v": [0.0] * n}
    t = s["t"] + 1
    m, v = tensor(s["m"]), tensor(s["v"])
    name = opt["name"]
    if name == "sgd":
        new = w - opt["lr"] * g
    elif name == "momentum":
        v = opt["alpha"] * v - opt["lr"] * g
        new = w + v
    elif name in ("adagrad", "rmsprop"):
        v = v + g * g if name == "adagrad" else opt["rho"] * v + (1 - opt["rho"]) * g * g
        d = torch.sqrt(v) + opt["eps"]
        new = torch.where(d == 0, w, w - opt["lr"] * g / torch.where(d == 0, torch.ones_like(d), d))
    elif name == "adam":
        m = opt["beta1"] * m + (1 - opt["beta1"]) * g
        v = opt["beta2"] * v + (1 - opt["beta2"]) * g * g
        mh = m / (1 - opt["beta1"] ** t)
        vh = v / (1 - opt["beta2"] ** t)
        d = torch.sqrt(vh) + opt["eps"]
        new = torch.where(d == 0, w, w - opt["lr"] * mh / torch.where(d == 0, torch.ones_like(d), d))
    else:
        raise ValueError("unknown optimizer " + str(name))
    return {"params": unflat(params, new), "state": {"t": t, "m": m.tolist(), "v": v.tolist()}}


def perceptron_step(w, b, x, y, lr):
    wt, xt = tensor(w), tensor(x)
    yhat = 1 if float(wt @ xt) + b >= 0 else 0
    return {"w": (wt + lr * (y - yhat) * xt).tolist(), "b": b + lr * (y - yhat)}


FUNCTIONS = {
    "activate": activate,
    "activateGrad": activate_grad,
    "loss": loss,
    "forward": forward,
    "backward": backward,
    "step": step,
    "perceptronStep": perceptron_step,
}


# --- the JSON-lines protocol: NaN and ±Infinity travel as the strings "NaN", "Infinity", "-Infinity"
def decode(v):
    if isinstance(v, list):
        return [decode(x) for x in v]
    if isinstance(v, dict):
        return {k: decode(x) for k, x in v.items()}
    if v in ("NaN", "Infinity", "-Infinity"):
        return float(v.replace("Infinity", "inf"))
    return v


def encode(v):
    if isinstance(v, float) and not math.isfinite(v):
        return "NaN" if math.isnan(v) else ("Infinity" if v > 0 else "-Infinity")
    if isinstance(v, (list, tuple)):
        return [encode(x) for x in v]
    if isinstance(v, dict):
        return {k: encode(x) for k, x in v.items()}
    return v


def serve(functions):
    for line in sys.stdin:
        if not line.strip():
            continue
        req = decode(json.loads(line))
        fn = functions.get(req["fn"])
        if fn is None:
            answer = {"id": req["id"], "error": "not implemented: " + req["fn"]}
        else:
            try:
                answer = {"id": req["id"], "result": encode(fn(*req["args"]))}
            except Exception as e:  # the grader shows the message
                answer = {"id": req["id"], "error": type(e).__name__ + ": " + str(e)}
        sys.stdout.write(json.dumps(answer, allow_nan=False) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    serve(FUNCTIONS)
