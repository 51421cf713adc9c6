"""A numpy submission with a classic mistake: the bias gradient is summed over the batch, not
averaged (BP3 of the batch-mean loss divides by B).

Expected grade: only backward.bp3 fails, diagnosed as batch.reduction-mismatch (gradB a sum while the
loss and gradW, means, pass).
"""
import hw
from hw import activate, activate_grad, forward, loss, perceptron_step, step  # noqa: F401 (graded)


def backward(net, X, Y, loss_name):
    r = hw.backward(net, X, Y, loss_name)
    r["gradB"] = [d.sum(axis=0) for d in r["delta"]]  # BUG: .sum(axis=0) instead of .mean(axis=0)
    return r
