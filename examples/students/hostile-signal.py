#!/usr/bin/env python3
"""Hostile on purpose: answers like correct.py, but on its first loss call sends a signal to its parent
(the grader, without a sandbox): SIGKILL (`kill`, the default: no report at all) or SIGSTOP
(`stop`: a frozen grader). Inside the sandbox its parent is the sandbox's own init, which it
may not signal, and nothing outside is visible.

    python3 hostile-signal.py [kill|stop]"""
import os
import signal
import sys

from correct import FUNCTIONS, loss, serve

SIG = signal.SIGSTOP if sys.argv[1:] == ["stop"] else signal.SIGKILL
done = False


def hostile_loss(name, A, Y):
    global done
    if not done:
        done = True
        hits = []
        for pid in [os.getppid()]:
            try:
                os.kill(pid, SIG)
                hits.append(pid)
            except OSError:
                pass
        print("signal: sent", SIG.name, "to", hits, file=sys.stderr, flush=True)
    return loss(name, A, Y)


serve({**FUNCTIONS, "loss": hostile_loss})
