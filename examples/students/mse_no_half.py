#!/usr/bin/env python3
"""Buggy on purpose: the mse loss drops the 1/2 (E_x = |a - y|^2). Everything else is correct.
Expected grade: only loss.mse fails, diagnosis "the 1/2 of mse dropped"."""
import correct


def loss(name, A, Y):
    if name != "mse":
        return correct.loss(name, A, Y)
    # BUG: no 0.5 in front of the square
    return sum(sum((ai - yi) ** 2 for ai, yi in zip(a, y)) for a, y in zip(A, Y)) / len(A)


if __name__ == "__main__":
    correct.serve({**correct.FUNCTIONS, "loss": loss})
