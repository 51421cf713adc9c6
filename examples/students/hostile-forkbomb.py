#!/usr/bin/env python3
"""Hostile on purpose: perceptronStep starts a fork bomb (every child forks again, for ever); everything
else like correct.py. The process limit stops it: perceptronStep is an error naming the process limit,
the rest is graded, and every process of the bomb is killed at the end."""
import os

from correct import FUNCTIONS, serve


def bomb(*_):
    while True:
        os.fork()


serve({**FUNCTIONS, "perceptronStep": bomb})
