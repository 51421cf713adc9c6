"""A numpy submission with a classic mistake: BP2 forgets sigma'(z^l).

    delta^l = W^{l+1}T delta^{l+1}              # should be (W^{l+1}T delta^{l+1}) (.) sigma'(z^l)

Expected grade: only backward.bp2 fails, diagnosed as bp2.missing-sigma-prime (BP3 and BP4 are
judged from the submission's own delta, so they still pass).
"""
import numpy as np

from hw import activate, activate_grad, forward, loss, perceptron_step, step  # noqa: F401 (graded)
from hw import _alpha, output_delta


def backward(net, X, Y, loss_name):
    X, Y = np.asarray(X, dtype=float), np.asarray(Y, dtype=float)
    layers = net["layers"]
    f = forward(net, X)
    zs, acts = f["z"], f["a"]
    L, B = len(layers), X.shape[0]
    out = layers[-1]
    deltas = [None] * L
    deltas[-1] = output_delta(out["activation"], _alpha(out["activation"], out.get("alpha")), zs[-1], acts[-1], Y, loss_name)
    for l in range(L - 2, -1, -1):
        W_next = np.asarray(layers[l + 1]["W"], dtype=float)
        deltas[l] = deltas[l + 1] @ W_next  # BUG: no * sigma'(z^l)
    grad_b = [d.mean(axis=0) for d in deltas]
    grad_W = [d.T @ a_prev / B for d, a_prev in zip(deltas, [X] + acts[:-1])]
    return {"delta": deltas, "gradW": grad_W, "gradB": grad_b}
