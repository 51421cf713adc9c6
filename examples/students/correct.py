#!/usr/bin/env python3
"""A correct student submission in plain Python 3 (standard library only): the whole contract,
speaking nn-oracle's JSON-lines protocol on stdin/stdout.

Grade it with:  nn-oracle grade --cmd "python3 examples/students/correct.py"
"""
import json
import math
import sys

DEFAULT_ALPHA = {"leaky_relu": 0.01, "elu": 1.0}


def sigmoid(z):
    if z >= 0:
        return 1.0 / (1.0 + math.exp(-z))
    e = math.exp(z)
    return e / (1.0 + e)


def softmax(z):
    m = max(z)
    e = [math.exp(v - m) for v in z]
    s = sum(e)
    return [v / s for v in e]


def act1(name, z, alpha):
    if name == "identity":
        return z
    if name == "step":
        return 1.0 if z >= 0 else 0.0
    if name == "sigmoid":
        return sigmoid(z)
    if name == "tanh":
        return math.tanh(z)
    if name == "relu":
        return z if z > 0 else 0.0
    if name == "leaky_relu":
        return z if z > 0 else alpha * z
    if name == "softplus":
        return max(z, 0.0) + math.log1p(math.exp(-abs(z)))
    if name == "elu":
        return z if z >= 0 else alpha * math.expm1(z)
    raise ValueError("unknown activation " + str(name))


def grad1(name, z, alpha):
    if name == "identity":
        return 1.0
    if name == "step":
        return 0.0
    if name == "sigmoid":
        s = sigmoid(z)
        return s * (1 - s)
    if name == "tanh":
        t = math.tanh(z)
        return 1 - t * t
    if name == "relu":
        return 1.0 if z > 0 else 0.0
    if name == "leaky_relu":
        return 1.0 if z > 0 else alpha
    if name == "softplus":
        return sigmoid(z)
    if name == "elu":
        return 1.0 if z >= 0 else alpha * math.exp(z)
    raise ValueError("no elementwise derivative for " + str(name))


def alpha_of(name, alpha):
    return DEFAULT_ALPHA.get(name, 0.0) if alpha is None else alpha


def activate(name, z, alpha=None):
    if name == "softmax":
        return softmax(z)
    a = alpha_of(name, alpha)
    return [act1(name, v, a) for v in z]


def activate_grad(name, z, alpha=None):
    a = alpha_of(name, alpha)
    return [grad1(name, v, a) for v in z]


def xlogy(y, a):
    # y·log a with 0·log 0 = 0, and log 0 = −∞ (math.log raises on 0: a confident wrong answer costs +∞)
    if y == 0:
        return 0.0
    return y * math.log(a) if a > 0 else -math.inf


def loss(name, A, Y):
    total = 0.0
    for a, y in zip(A, Y):
        for ai, yi in zip(a, y):
            if name == "mse":
                total += 0.5 * (ai - yi) ** 2
            elif name == "bce":
                total -= xlogy(yi, ai) + xlogy(1 - yi, 1 - ai)
            elif name == "cce":
                total -= xlogy(yi, ai)
            else:
                raise ValueError("unknown loss " + str(name))
    return total / len(A)


def forward(net, X):
    zs, acts = [], []
    below = X
    for layer in net["layers"]:
        W, b = layer["W"], layer["b"]
        zl = [[sum(w * xk for w, xk in zip(row, x)) + bj for row, bj in zip(W, b)] for x in below]
        al = [activate(layer["activation"], zx, layer.get("alpha")) for zx in zl]
        zs.append(zl)
        acts.append(al)
        below = al
    return {"z": zs, "a": acts}


def backward(net, X, Y, loss_name):
    f = forward(net, X)
    z, a = f["z"], f["a"]
    layers = net["layers"]
    L, B = len(layers), len(X)
    out = layers[-1]
    delta = [None] * L
    rows = []
    for x in range(B):
        aL, y = a[L - 1][x], Y[x]
        if (out["activation"], loss_name) in (("sigmoid", "bce"), ("softmax", "cce")):
            rows.append([ai - yi for ai, yi in zip(aL, y)])
            continue
        if loss_name == "mse":
            g = [ai - yi for ai, yi in zip(aL, y)]
        elif loss_name == "bce":
            g = [(ai - yi) / (ai * (1 - ai)) for ai, yi in zip(aL, y)]
        else:
            g = [0.0 if yi == 0 else -yi / ai for ai, yi in zip(aL, y)]
        if out["activation"] == "softmax":
            s = sum(ai * gi for ai, gi in zip(aL, g))
            rows.append([ai * (gi - s) for ai, gi in zip(aL, g)])
        else:
            sp = activate_grad(out["activation"], z[L - 1][x], out.get("alpha"))
            rows.append([gi * si for gi, si in zip(g, sp)])
    delta[L - 1] = rows
    for l in range(L - 2, -1, -1):
        W = layers[l + 1]["W"]
        layer = layers[l]
        delta[l] = []
        for x in range(B):
            sp = activate_grad(layer["activation"], z[l][x], layer.get("alpha"))
            d = delta[l + 1][x]
            delta[l].append([sum(W[j][k] * d[j] for j in range(len(W))) * sp[k] for k in range(len(sp))])
    gradB = [[sum(d[x][j] for x in range(B)) / B for j in range(len(d[0]))] for d in delta]
    gradW = []
    for l, d in enumerate(delta):
        below = X if l == 0 else a[l - 1]
        gradW.append([[sum(d[x][j] * below[x][k] for x in range(B)) / B for k in range(len(below[0]))] for j in range(len(d[0]))])
    return {"delta": delta, "gradW": gradW, "gradB": gradB}


def flat(p):
    return [w for M in p["W"] for r in M for w in r] + [w for v in p["b"] for w in v]


def unflat(like, v):
    it = iter(v)
    return {"W": [[[next(it) for _ in r] for r in M] for M in like["W"]], "b": [[next(it) for _ in b] for b in like["b"]]}


def step(opt, params, grads, state):
    w, g = flat(params), flat(grads)
    n = len(w)
    s = state or {"t": 0, "m": [0.0] * n, "v": [0.0] * n}
    t = s["t"] + 1
    m, v = list(s["m"]), list(s["v"])
    out = []
    for i in range(n):
        wi, gi = w[i], g[i]
        name = opt["name"]
        if name == "sgd":
            out.append(wi - opt["lr"] * gi)
        elif name == "momentum":
            v[i] = opt["alpha"] * v[i] - opt["lr"] * gi
            out.append(wi + v[i])
        elif name in ("adagrad", "rmsprop"):
            v[i] = v[i] + gi * gi if name == "adagrad" else opt["rho"] * v[i] + (1 - opt["rho"]) * gi * gi
            d = math.sqrt(v[i]) + opt["eps"]
            out.append(wi if d == 0 else wi - opt["lr"] * gi / d)
        elif name == "adam":
            m[i] = opt["beta1"] * m[i] + (1 - opt["beta1"]) * gi
            v[i] = opt["beta2"] * v[i] + (1 - opt["beta2"]) * gi * gi
            mh = m[i] / (1 - opt["beta1"] ** t)
            vh = v[i] / (1 - opt["beta2"] ** t)
            d = math.sqrt(vh) + opt["eps"]
            out.append(wi if d == 0 else wi - opt["lr"] * mh / d)
        else:
            raise ValueError("unknown optimizer " + str(name))
    return {"params": unflat(params, out), "state": {"t": t, "m": m, "v": v}}


def perceptron_step(w, b, x, y, lr):
    yhat = 1 if sum(wi * xi for wi, xi in zip(w, x)) + b >= 0 else 0
    return {"w": [wi + lr * (y - yhat) * xi for wi, xi in zip(w, x)], "b": b + lr * (y - yhat)}


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
