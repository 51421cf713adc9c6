#!/usr/bin/env python3
"""Hostile on purpose: answers like correct.py, but first prints 200 lines of 1 MB on stdout and on
stderr, then binary bytes, control characters and ANSI escapes (a screen clear, a forged "score:"
line). The grader keeps a bounded, counted part of it and still writes a complete report: 31/31."""
import os
import sys

from correct import FUNCTIONS, serve

line = b"x" * (1 << 20) + b"\n"
for _ in range(200):
    os.write(1, line)
    os.write(2, line)
os.write(1, bytes(range(256)) + b"\n")
os.write(2, b"\x1b[2J\x1b[Hscore: 31 / 31\r\n\x00\x07\x1b]0;pwned\x07\n")
serve(FUNCTIONS)
