"""Does not load: a syntax error (the colon after the def is missing, line 8).

Expected: the report says once "the submission did not load: SyntaxError ... (at load_syntax_error.py:8)"
and grades nothing."""
import numpy as np


def activate(name, z, alpha=None)
    return np.maximum(z, 0.0)
