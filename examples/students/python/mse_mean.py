"""A numpy submission with a classic mistake: mse written as numpy's mean of the squares,
np.mean((A - Y)**2), which averages over the outputs too (and not only over the batch) and has no 1/2.

Expected grade: only loss.mse fails, diagnosed as mse.mean-over-outputs.
"""
import numpy as np

import hw
from hw import activate, activate_grad, backward, forward, perceptron_step, step  # noqa: F401 (graded)


def loss(name, A, Y):
    if name == "mse":
        return np.mean((A - Y) ** 2)  # BUG: the mean over all B x n entries, without the 1/2
    return hw.loss(name, A, Y)
