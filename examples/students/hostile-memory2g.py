#!/usr/bin/env python3
"""Hostile on purpose: loss allocates 2 GiB (and touches it); everything else like correct.py. The
memory limit (what the program uses, not the address space it maps) stops it: the loss checks are
errors naming "memory limit 512 MiB", the rest is graded."""
from correct import FUNCTIONS, serve


def hog(*_):
    block = bytearray(2 << 30)
    for i in range(0, len(block), 4096):
        block[i] = 1
    return 0.0


serve({**FUNCTIONS, "loss": hog})
