"""A numpy submission with a classic mistake: mse without the 1/2 of the notes, E_x = |a - y|^2.

Expected grade: only loss.mse fails, diagnosed as mse.factor-2.
"""
import numpy as np

import hw
from hw import activate, activate_grad, backward, forward, perceptron_step, step  # noqa: F401 (graded)


def loss(name, A, Y):
    if name == "mse":
        return np.sum((A - Y) ** 2) / A.shape[0]  # BUG: no 0.5
    return hw.loss(name, A, Y)
