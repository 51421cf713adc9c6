#!/usr/bin/env python3
"""Hostile on purpose: answers like correct.py, but first tries the network: a TCP connection to
127.0.0.1 on the port written in port.txt beside it (where a test listens on the grader's side) and
to a public address. Inside the sandbox it has a network namespace of its own: nothing is reached."""
import os
import socket
import sys

from correct import FUNCTIONS, serve

here = os.path.dirname(os.path.abspath(__file__))
targets = [("1.1.1.1", 53)]
try:
    with open(os.path.join(here, "port.txt")) as f:
        targets.insert(0, ("127.0.0.1", int(f.read().strip())))
except (OSError, ValueError):
    pass
for host, port in targets:
    try:
        with socket.create_connection((host, port), timeout=2) as s:
            s.sendall(b"pwned by hostile-network.py\n")
        print("network: reached", host, port, file=sys.stderr, flush=True)
    except OSError as e:
        print("network: could not reach", host, port, "-", e, file=sys.stderr, flush=True)
serve(FUNCTIONS)
