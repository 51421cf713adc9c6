#!/usr/bin/env python3
"""Hostile on purpose: activate answers with a list nested 100 000 levels deep, and activateGrad of
the identity with a 70 MB answer; everything else like correct.py. The runner refuses both without parsing them (a
typed error for those calls only); the other checks are graded normally."""
import json
import sys

from correct import FUNCTIONS, decode, encode

DEEP = "[" * 100_000 + "]" * 100_000
HUGE = "[" + "0," * 35_000_000 + "0]"

for line in sys.stdin:
    req = decode(json.loads(line))
    if req["fn"] == "activate":
        sys.stdout.write('{"id": %d, "result": %s}\n' % (req["id"], DEEP))
    elif req["fn"] == "activateGrad" and req["args"][0] == "identity":
        sys.stdout.write('{"id": %d, "result": %s}\n' % (req["id"], HUGE))
    else:
        try:
            answer = {"id": req["id"], "result": encode(FUNCTIONS[req["fn"]](*req["args"]))}
        except Exception as e:
            answer = {"id": req["id"], "error": type(e).__name__ + ": " + str(e)}
        sys.stdout.write(json.dumps(answer) + "\n")
    sys.stdout.flush()
