#!/usr/bin/env python3
"""Buggy on purpose: the perceptron fires only when w.x + b > 0 (a strict threshold).
Expected grade: only perceptronStep fails, diagnosis "strict threshold"."""
import correct


def perceptron_step(w, b, x, y, lr):
    yhat = 1 if sum(wi * xi for wi, xi in zip(w, x)) + b > 0 else 0  # BUG: > instead of >=
    return {"w": [wi + lr * (y - yhat) * xi for wi, xi in zip(w, x)], "b": b + lr * (y - yhat)}


if __name__ == "__main__":
    correct.serve({**correct.FUNCTIONS, "perceptronStep": perceptron_step})
