"""Does not load: it imports a course helper that was not handed in with it (line 7).

Expected: the report says once "the submission did not load: ModuleNotFoundError: No module named
'course_utils' ... (at load_import_error.py:7)" and grades nothing."""
import numpy as np

from course_utils import check_shapes


def activate(name, z, alpha=None):
    check_shapes(z)
    return np.maximum(z, 0.0)
