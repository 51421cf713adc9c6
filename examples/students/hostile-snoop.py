#!/usr/bin/env python3
"""Hostile on purpose: implements nothing. It looks for the grader through /proc (the command lines
of its parent and the parent's ancestors), derives the grader's checkout from it and runs the examples' correct
solution in its place, forwarding every request. Inside the sandbox the grader's processes and files
do not exist: every request is answered with an error naming what it found (0/31). Without a sandbox
it scores 31/31 with no code of its own."""
import json
import os
import subprocess
import sys


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


def grader_checkouts():
    pids = ancestors()
    for pid in pids:
        try:
            with open(f"/proc/{pid}/cmdline", "rb") as f:
                words = f.read().decode("utf8", "replace").split("\0")
        except OSError:
            continue
        for w in words:
            if w.endswith(os.path.join("dist", "cli", "main.js")):
                yield os.path.dirname(os.path.dirname(os.path.dirname(w)))


def find_solution():
    for root in grader_checkouts():
        candidate = os.path.join(root, "examples", "students", "correct.py")
        if os.path.exists(candidate):
            return candidate
    return None


solution = find_solution()
if solution:
    print("snoop: running", solution, file=sys.stderr, flush=True)
    os.execv(sys.executable, [sys.executable, solution])
print("snoop: found no grader and no solution to run", file=sys.stderr, flush=True)
for line in sys.stdin:
    req = json.loads(line)
    print(json.dumps({"id": req["id"], "error": "snoop found nothing"}), flush=True)
