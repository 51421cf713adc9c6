"""Homework 2: a neural network from scratch with numpy.

Written the way the course hands it out: plain functions, numpy, no grader code. Shapes follow the
course notes: a batch X has one row per example (B x n_0); W^l has n_l rows and n_{l-1} columns, so
z^l = a^{l-1} W^lT + b^l row by row.

Grade it with:  nn-oracle grade examples/students/python/hw.py
"""
import numpy as np

DEFAULT_ALPHA = {"leaky_relu": 0.01, "elu": 1.0}


def sigmoid(z):
    # e^{-|z|} never overflows: 1/(1+e^{-z}) for z >= 0, e^{z}/(1+e^{z}) below
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def _act(name, z, alpha):
    if name == "identity":
        return z.astype(float)
    if name == "step":
        return np.where(z >= 0, 1.0, 0.0)
    if name == "sigmoid":
        return sigmoid(z)
    if name == "tanh":
        return np.tanh(z)
    if name == "relu":
        return np.where(z > 0, z, 0.0)
    if name == "leaky_relu":
        return np.where(z > 0, z, alpha * z)
    if name == "softplus":
        return np.maximum(z, 0.0) + np.log1p(np.exp(-np.abs(z)))
    if name == "elu":
        return np.where(z >= 0, z, alpha * np.expm1(np.minimum(z, 0.0)))
    if name == "softmax":  # along the last axis: one distribution per example
        e = np.exp(z - z.max(axis=-1, keepdims=True))
        return e / e.sum(axis=-1, keepdims=True)
    raise ValueError("unknown activation %r" % name)


def _act_prime(name, z, alpha):
    if name == "identity":
        return np.ones_like(z, dtype=float)
    if name == "step":
        return np.zeros_like(z, dtype=float)
    if name == "sigmoid":
        s = sigmoid(z)
        return s * (1 - s)
    if name == "tanh":
        return 1 - np.tanh(z) ** 2
    if name == "relu":
        return np.where(z > 0, 1.0, 0.0)  # relu'(0) = 0
    if name == "leaky_relu":
        return np.where(z > 0, 1.0, alpha)
    if name == "softplus":
        return sigmoid(z)
    if name == "elu":
        return np.where(z >= 0, 1.0, alpha * np.exp(np.minimum(z, 0.0)))
    raise ValueError("no elementwise derivative for %r" % name)


def _alpha(name, alpha):
    return DEFAULT_ALPHA.get(name, 0.0) if alpha is None else alpha


def activate(name, z, alpha=None):
    return _act(name, np.asarray(z, dtype=float), _alpha(name, alpha))


def activate_grad(name, z, alpha=None):
    return _act_prime(name, np.asarray(z, dtype=float), _alpha(name, alpha))


def _xlogy(y, a):
    # y log a with 0 log 0 = 0 (log is never taken where y = 0)
    return np.where(y == 0, 0.0, y * np.log(np.where(y == 0, 1.0, a)))


def loss(name, A, Y):
    A, Y = np.asarray(A, dtype=float), np.asarray(Y, dtype=float)
    B = A.shape[0]
    if name == "mse":
        return 0.5 * np.sum((A - Y) ** 2) / B
    if name == "bce":
        return -np.sum(_xlogy(Y, A) + _xlogy(1 - Y, 1 - A)) / B
    if name == "cce":
        return -np.sum(_xlogy(Y, A)) / B
    raise ValueError("unknown loss %r" % name)


def forward(net, X):
    zs, activations = [], []
    a = np.asarray(X, dtype=float)
    for layer in net["layers"]:
        W, b = np.asarray(layer["W"], dtype=float), np.asarray(layer["b"], dtype=float)
        z = a @ W.T + b
        a = _act(layer["activation"], z, _alpha(layer["activation"], layer.get("alpha")))
        zs.append(z)
        activations.append(a)
    return {"z": zs, "a": activations}


def output_delta(activation, alpha, z, a, Y, loss_name):
    """BP1: delta^L = grad_a E (.) sigma'(z^L); a^L - y for sigmoid+bce and softmax+cce."""
    if (activation, loss_name) in (("sigmoid", "bce"), ("softmax", "cce")):
        return a - Y
    if loss_name == "mse":
        g = a - Y
    elif loss_name == "bce":
        g = (a - Y) / (a * (1 - a))
    elif loss_name == "cce":
        g = np.where(Y == 0, 0.0, -Y / np.where(Y == 0, 1.0, a))
    else:
        raise ValueError("unknown loss %r" % loss_name)
    if activation == "softmax":  # the softmax Jacobian, row by row
        return a * (g - np.sum(a * g, axis=1, keepdims=True))
    return g * _act_prime(activation, z, alpha)


def backward(net, X, Y, loss_name):
    X, Y = np.asarray(X, dtype=float), np.asarray(Y, dtype=float)
    layers = net["layers"]
    f = forward(net, X)
    zs, acts = f["z"], f["a"]
    L, B = len(layers), X.shape[0]
    alphas = [_alpha(l["activation"], l.get("alpha")) for l in layers]
    deltas = [None] * L
    deltas[-1] = output_delta(layers[-1]["activation"], alphas[-1], zs[-1], acts[-1], Y, loss_name)
    # BP2: delta^l = (W^{l+1}T delta^{l+1}) (.) sigma'(z^l)
    for l in range(L - 2, -1, -1):
        W_next = np.asarray(layers[l + 1]["W"], dtype=float)
        deltas[l] = (deltas[l + 1] @ W_next) * _act_prime(layers[l]["activation"], zs[l], alphas[l])
    # BP3 and BP4, averaged over the batch
    grad_b = [d.mean(axis=0) for d in deltas]
    below = [X] + acts[:-1]
    grad_W = [d.T @ a_prev / B for d, a_prev in zip(deltas, below)]
    return {"delta": deltas, "gradW": grad_W, "gradB": grad_b}


def _update(w, num, r, lr, eps):
    # w - lr num / (sqrt(r) + eps), w unchanged where the denominator is 0 (eps = 0 and r = 0)
    den = np.sqrt(r) + eps
    return np.where(den == 0, w, w - np.divide(lr * num, den, out=np.zeros_like(w), where=den != 0))


def step(opt, params, grads, state):
    name = opt["name"]
    ws = [np.asarray(W, dtype=float) for W in params["W"]] + [np.asarray(b, dtype=float) for b in params["b"]]
    gs = [np.asarray(G, dtype=float) for G in grads["W"]] + [np.asarray(g, dtype=float) for g in grads["b"]]
    if state is None:
        state = {"t": 0, "m": [np.zeros_like(w) for w in ws], "v": [np.zeros_like(w) for w in ws]}
    t = state["t"] + 1
    m, v = list(state["m"]), list(state["v"])
    new = []
    for i, (w, g) in enumerate(zip(ws, gs)):
        if name == "sgd":
            new.append(w - opt["lr"] * g)
        elif name == "momentum":
            v[i] = opt["alpha"] * v[i] - opt["lr"] * g
            new.append(w + v[i])
        elif name == "adagrad":
            v[i] = v[i] + g * g
            new.append(_update(w, g, v[i], opt["lr"], opt["eps"]))
        elif name == "rmsprop":
            v[i] = opt["rho"] * v[i] + (1 - opt["rho"]) * g * g
            new.append(_update(w, g, v[i], opt["lr"], opt["eps"]))
        elif name == "adam":
            m[i] = opt["beta1"] * m[i] + (1 - opt["beta1"]) * g
            v[i] = opt["beta2"] * v[i] + (1 - opt["beta2"]) * g * g
            m_hat = m[i] / (1 - opt["beta1"] ** t)
            v_hat = v[i] / (1 - opt["beta2"] ** t)
            new.append(_update(w, m_hat, v_hat, opt["lr"], opt["eps"]))
        else:
            raise ValueError("unknown optimizer %r" % name)
    n = len(params["W"])
    return {"W": new[:n], "b": new[n:]}, {"t": t, "m": m, "v": v}


def perceptron_step(w, b, x, y, lr):
    w, x = np.asarray(w, dtype=float), np.asarray(x, dtype=float)
    y_hat = 1 if w @ x + b >= 0 else 0
    return w + lr * (y - y_hat) * x, b + lr * (y - y_hat)


if __name__ == "__main__":
    # the student's own smoke test: never run by the grader
    net = {"layers": [{"W": [[0.5, -0.2]], "b": [0.1], "activation": "sigmoid"}]}
    print(forward(net, [[1.0, 2.0]]))
    raise SystemExit("this block must not run under the grader")
