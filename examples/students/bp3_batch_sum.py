#!/usr/bin/env python3
"""Buggy on purpose: the bias gradient sums delta over the batch instead of averaging (BP3).
Expected grade: only backward.bp3 fails, diagnosis batch.reduction-mismatch: gradB is a sum over
the batch where the loss and gradW are means."""
import correct


def backward(net, X, Y, loss_name):
    r = correct.backward(net, X, Y, loss_name)
    B = len(X)
    # BUG: sum over the examples, no division by B
    r["gradB"] = [[sum(d[x][j] for x in range(B)) for j in range(len(d[0]))] for d in r["delta"]]
    return r


if __name__ == "__main__":
    correct.serve({**correct.FUNCTIONS, "backward": backward})
