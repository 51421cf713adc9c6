"""A numpy submission with a classic mistake: Adam without the bias correction, w -= lr m / (sqrt(v) + eps).

Expected grade: only step.adam fails, diagnosed as adam.no-bias-correction.
"""
import numpy as np

import hw
from hw import activate, activate_grad, backward, forward, loss, perceptron_step  # noqa: F401 (graded)


def step(opt, params, grads, state):
    if opt["name"] != "adam":
        return hw.step(opt, params, grads, state)
    ws = [np.asarray(w, dtype=float) for w in list(params["W"]) + list(params["b"])]
    gs = [np.asarray(g, dtype=float) for g in list(grads["W"]) + list(grads["b"])]
    if state is None:
        state = ([np.zeros_like(w) for w in ws], [np.zeros_like(w) for w in ws])
    m, v = state
    m = [opt["beta1"] * mi + (1 - opt["beta1"]) * g for mi, g in zip(m, gs)]
    v = [opt["beta2"] * vi + (1 - opt["beta2"]) * g * g for vi, g in zip(v, gs)]
    # BUG: m and v used as they are, not m / (1 - beta1^t) and v / (1 - beta2^t)
    new = [hw._update(w, mi, vi, opt["lr"], opt["eps"]) for w, mi, vi in zip(ws, m, v)]
    n = len(params["W"])
    return {"params": {"W": new[:n], "b": new[n:]}, "state": (m, v)}
