#!/usr/bin/env python3
"""Hostile on purpose: answers like correct.py, but first finds the grader's checkout through /proc and
rewrites its compiled grader (dist/grader/*.js) and runner (runner/*.mjs) so that the NEXT student is
graded wrong. Inside the sandbox the grader's files are not there."""
import os
import sys

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


touched = []
for pid in ancestors():
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            words = f.read().decode("utf8", "replace").split("\0")
    except OSError:
        continue
    for w in words:
        if w.endswith(os.path.join("dist", "cli", "main.js")):
            root = os.path.dirname(os.path.dirname(os.path.dirname(w)))
            for folder in (os.path.join(root, "dist", "grader"), os.path.join(root, "runner")):
                try:
                    names = os.listdir(folder)
                except OSError:
                    continue
                for n in names:
                    if n.endswith(".js") or n.endswith(".mjs"):
                        try:
                            with open(os.path.join(folder, n), "a") as f:
                                f.write("\n// pwned by hostile-dist.py\n")
                            touched.append(n)
                        except OSError:
                            pass
print("dist: rewrote", len(touched), "files", file=sys.stderr, flush=True)
serve(FUNCTIONS)
