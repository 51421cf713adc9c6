#!/usr/bin/env python3
"""Hostile on purpose: answers like correct.py, but leaves an orphan behind (setsid, re-parented) that
keeps copies of the submission's stdout and stderr open for ten minutes. Without care the grader
waits for those pipes to close; inside the sandbox the orphan dies with the submission, and the grader
never waits for a pipe anyway."""
import os
import sys

from correct import FUNCTIONS, serve

if os.fork() == 0:
    os.setsid()
    if os.fork() == 0:
        # the marker in its command line lets a test find it: the submission's own path
        os.execv("/bin/sh", ["/bin/sh", "-c", "sleep 600", "orphan-of-" + os.path.abspath(__file__)])
    os._exit(0)
serve(FUNCTIONS)
