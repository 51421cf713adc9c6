#!/usr/bin/env python3
"""The Python host: runs ONE student submission -- a module (hw.py) or a Jupyter notebook (hw.ipynb) --
in its own process and speaks the contract's JSON-lines protocol for it, so that the student writes
plain functions (numpy welcome) and no protocol code.

    python3 -B -X utf8 host.py <submission.py | submission.ipynb>

Requests come on stdin; answers go to file descriptor 3 (as for runner/host.mjs), so nothing the
student prints can be mistaken for -- or break -- an answer. Started without a descriptor 3 (e.g. as a
--cmd program) it answers on stdout and moves the student's prints to stderr.

Standard library only, Python >= 3.8. numpy is never imported here: the host uses it only when the
submission imported it (it is then in sys.modules), and reads results by duck typing (tolist / item).

What it does, in the order a submission meets it (docs/grading.md, "Python"):
  * loading: a module is imported under its own stem (or "submission"), never as "__main__", so its
    `if __name__ == "__main__":` block does not run; a notebook's code cells run in order in one
    namespace, IPython magics (%..., %%...) and shell lines (!...) skipped and each skip printed as
    "[notebook] skipped ...". stdin is /dev/null for the submission (input() cannot eat requests).
  * functions: the contract's names (activate, activateGrad, loss, forward, backward, step,
    perceptronStep) or their snake_case forms (activate_grad, perceptron_step), as plain functions of
    the module / notebook; the contract's name wins when both exist.
  * arguments: JSON values; where the contract has a vector or a matrix (z, A, Y, X, W, b, w, x) they
    are float64 numpy arrays when the submission imported numpy, plain lists otherwise.
  * results: numbers, bools, strings, None, lists, tuples, dicts, numpy arrays and scalars (anything
    with tolist()/item(), e.g. torch tensors), namedtuples and dataclasses (by field name); where the
    contract returns an object a tuple is read in the contract's field order (forward -> (z, a),
    backward -> (delta, gradW, gradB), step -> (params, state) with params -> (W, b), perceptronStep ->
    (w, b)). Nothing is coerced: a bool or a string where a number is due arrives as itself.
  * optimizer state: plain JSON state travels as it is; any other state (numpy arrays, tuples,
    non-string keys, objects) travels pickled, as {"python-state": "pickle", "data": <base64>}, and is
    unpickled for the next step, so the submission gets back exactly what it returned. The grader
    never unpickles anything; it only hands the string back to the same submission.
  * failures at load (syntax error, import error, an exception at import or in a cell, exit()) are
    answered to every request as the protocol's load answer {"id", "error", "load": {"message",
    "location", "frame"}}.
"""
import ast
import base64
import json
import json.encoder
import linecache
import math
import numbers
import os
import pickle
import re
import sys
import traceback
import types

# --- captured before any student code runs: a submission that patches builtins or json only ----------
# changes its own results, not how this host reads and writes them
_isinstance = isinstance
_len = len
_getattr = getattr
_callable = callable
_type = type
_str = str
_repr = repr
_float_repr = float.__repr__
_int_repr = int.__repr__
_isfinite = math.isfinite
_isnan = math.isnan
_quote = json.encoder.encode_basestring_ascii
_decode = json.JSONDecoder().decode
_pickle_dumps = pickle.dumps
_pickle_loads = pickle.loads
_b64encode = base64.b64encode
_b64decode = base64.b64decode
_write = os.write
_print = print

CONTRACT = ("activate", "activateGrad", "loss", "forward", "backward", "step", "perceptronStep")
ALIASES = {"activateGrad": "activate_grad", "perceptronStep": "perceptron_step"}
NOT_IMPLEMENTED = "not implemented: "
MAX_DEPTH = 64
NON_FINITE = {"NaN": float("nan"), "Infinity": float("inf"), "-Infinity": float("-inf")}

# The contract's argument types (contract/types.ts), for handing vectors and matrices to a numpy
# submission as arrays: "v" vector, "m" matrix, "net" a Net, "params" a Params, None anything else.
SIGNATURES = {
    "activate": (None, "v", None),
    "activateGrad": (None, "v", None),
    "loss": (None, "m", "m"),
    "forward": ("net", "m"),
    "backward": ("net", "m", "m", None),
    "step": (None, "params", "params", None),
    "perceptronStep": ("v", None, "v", None, None),
}
# Where the contract returns an object, the field order a tuple is read in.
RESULT_FIELDS = {
    "forward": ("z", "a"),
    "backward": ("delta", "gradW", "gradB"),
    "step": ("params", "state"),
    "perceptronStep": ("w", "b"),
}
PARAMS_FIELDS = ("W", "b")


class EncodeError(Exception):
    """A result that cannot be written as JSON; `path` is filled in on the way out of the recursion."""

    def __init__(self, message):
        Exception.__init__(self, message)
        self.message = message
        self.path = []


# --- the answer's encoder (JSON with NaN and +-Infinity as the protocol's strings) --------------------
def _key(k):
    if _isinstance(k, str):
        return k
    if k is True or k is False or k is None:
        return "true" if k is True else "false" if k is False else "null"
    if _isinstance(k, (int, float)):
        return encode(k, 0)
    raise EncodeError("a dict key of type %s cannot be written as JSON" % _type(k).__name__)


def _fields(v):
    """The fields of a namedtuple or a dataclass instance, or None."""
    if _isinstance(v, tuple) and _callable(_getattr(v, "_asdict", None)) and _isinstance(_getattr(v, "_fields", None), tuple):
        return dict(zip(v._fields, v))
    fields = _getattr(_type(v), "__dataclass_fields__", None)
    if _isinstance(fields, dict) and not _isinstance(v, _type):
        return {name: _getattr(v, name) for name in fields}
    return None


def _float(v):
    if _isfinite(v):
        return _float_repr(v)
    return '"NaN"' if _isnan(v) else '"Infinity"' if v > 0 else '"-Infinity"'


def encode(v, depth):
    if depth > MAX_DEPTH:
        raise EncodeError("nested more than %d levels deep (or cyclic)" % MAX_DEPTH)
    if v is None:
        return "null"
    if v is True:
        return "true"
    if v is False:
        return "false"
    if _isinstance(v, float):  # numpy.float64 is a float
        return _float(v)
    if _isinstance(v, int):
        return _int_repr(v)
    if _isinstance(v, str):
        return _quote(v)
    fields = _fields(v)
    if fields is not None:
        v = fields
    if _isinstance(v, dict):
        parts = []
        for k in v:
            ks = _key(k)
            try:
                parts.append(_quote(ks) + ":" + encode(v[k], depth + 1))
            except EncodeError as e:
                e.path.insert(0, ks)
                raise
        return "{" + ",".join(parts) + "}"
    if _isinstance(v, (list, tuple)):
        parts = []
        for i, x in enumerate(v):
            try:
                parts.append(_float(x) if _type(x) is float else encode(x, depth + 1))
            except EncodeError as e:
                e.path.insert(0, i)
                raise
        return "[" + ",".join(parts) + "]"
    if _isinstance(v, (bytes, bytearray)) or (_isinstance(v, numbers.Complex) and not _isinstance(v, numbers.Real)):
        raise EncodeError("a %s cannot be written as JSON" % _type(v).__name__)
    # numpy arrays and scalars, torch tensors, jax arrays: tolist() gives Python numbers (0-d: a scalar)
    for method in ("tolist", "item"):
        f = _getattr(v, method, None)
        if _callable(f):
            try:
                plain = f()
            except Exception as e:
                raise EncodeError("%s.%s() failed: %s" % (_type(v).__name__, method, e))
            return encode(plain, depth + 1)
    if _isinstance(v, numbers.Integral):
        return _int_repr(int(v))
    if _isinstance(v, numbers.Real):  # Fraction, Decimal-like
        return _float(float(v))
    raise EncodeError("a %s cannot be written as JSON" % _type(v).__name__)


def _where(path):
    s = "result"
    for p in path:
        s += "[%d]" % p if _isinstance(p, int) else "." + _str(p)
    return s


# --- optimizer state -------------------------------------------------------------------------------
def _plain(v, depth=0):
    """True when v survives JSON unchanged: None, bool, int, float, str, lists and str-keyed dicts."""
    if depth > MAX_DEPTH:
        return False
    t = _type(v)
    if v is None or t is bool or t is int or t is float or t is str:
        return True
    if t is list:
        return all(_plain(x, depth + 1) for x in v)
    if t is dict:
        return all(_type(k) is str and _plain(x, depth + 1) for k, x in v.items())
    return False


def wrap_state(state):
    if _plain(state):
        return state
    try:
        data = _pickle_dumps(state, protocol=4)
    except Exception as e:
        err = EncodeError("the optimizer state (a %s) can be neither written as JSON nor pickled: %s" % (_type(state).__name__, e))
        err.path = ["state"]
        raise err
    return {"python-state": "pickle", "type": _type(state).__name__, "data": _b64encode(data).decode("ascii")}


def unwrap_state(state):
    if _isinstance(state, dict) and state.get("python-state") == "pickle" and _isinstance(state.get("data"), str):
        return _pickle_loads(_b64decode(state["data"]))
    return state


def shape_result(fn, result):
    """Reads a tuple in the contract's field order where the contract returns an object, and wraps
    step's state (see the module's docstring)."""
    names = RESULT_FIELDS.get(fn)
    if names is None:
        return result
    if _isinstance(result, tuple):
        fields = _fields(result)
        if fields is not None and set(fields) == set(names):
            result = fields
        elif _len(result) == _len(names):
            result = dict(zip(names, result))
    if fn == "step" and _isinstance(result, dict):
        result = dict(result)
        params = result.get("params")
        if _isinstance(params, tuple) and _fields(params) is None and _len(params) == 2:
            result["params"] = dict(zip(PARAMS_FIELDS, params))
        if "state" in result:
            result["state"] = wrap_state(result["state"])
    return result


# --- arguments ---------------------------------------------------------------------------------------
def decode_value(v):
    if _isinstance(v, list):
        return [decode_value(x) for x in v]
    if _isinstance(v, dict):
        return {k: decode_value(x) for k, x in v.items()}
    if _isinstance(v, str) and v in NON_FINITE:
        return NON_FINITE[v]
    return v


def to_arrays(np, kind, v):
    """Vectors and matrices of the contract as float64 arrays for a numpy submission."""
    if kind is None:
        return v
    if kind == "v" or kind == "m":
        if not _isinstance(v, list):
            return v
        try:
            a = np.array(v, dtype=np.float64)
        except (ValueError, TypeError):
            return v  # ragged or not numbers: the submission gets what the grader sent
        return a if a.ndim == (1 if kind == "v" else 2) else v
    if kind == "net" and _isinstance(v, dict) and _isinstance(v.get("layers"), list):
        layers = []
        for layer in v["layers"]:
            if _isinstance(layer, dict):
                layer = dict(layer)
                if "W" in layer:
                    layer["W"] = to_arrays(np, "m", layer["W"])
                if "b" in layer:
                    layer["b"] = to_arrays(np, "v", layer["b"])
            layers.append(layer)
        v = dict(v)
        v["layers"] = layers
        return v
    if kind == "params" and _isinstance(v, dict):
        v = dict(v)
        if _isinstance(v.get("W"), list):
            v["W"] = [to_arrays(np, "m", x) for x in v["W"]]
        if _isinstance(v.get("b"), list):
            v["b"] = [to_arrays(np, "v", x) for x in v["b"]]
        return v
    return v


def prepare_args(fn, args):
    if fn in ("activate", "activateGrad") and _len(args) == 3 and args[2] is None:
        args = args[:2]  # an absent alpha (JavaScript's undefined) lets the submission's default apply
    if fn == "step" and _len(args) >= 4:
        args = list(args)
        args[3] = unwrap_state(args[3])
    np = sys.modules.get("numpy")
    if np is not None and _callable(_getattr(np, "array", None)):
        kinds = SIGNATURES[fn]
        args = [to_arrays(np, kinds[i] if i < _len(kinds) else None, a) for i, a in enumerate(args)]
    return args


# --- where a failure happened, in the submission's terms ----------------------------------------------
class Submission:
    def __init__(self, path):
        self.path = os.path.abspath(path)
        self.folder = os.path.dirname(self.path)
        self.base = os.path.basename(self.path)
        self.notebook = self.path.endswith(".ipynb")
        self.functions = {}
        self.load_failure = None  # {"message", "location"?, "frame"?}
        self.cells = {}  # "<cell N>" -> N

    def place(self, filename, lineno):
        """"hw.py:12", "util.py:3", "cell 3, line 2", or None for code that is not the submission's."""
        if filename in self.cells:
            return "cell %d, line %d" % (self.cells[filename], lineno)
        try:
            full = os.path.abspath(filename)
        except (TypeError, ValueError):
            return None
        if full == self.path or full.startswith(self.folder + os.sep):
            rel = os.path.relpath(full, self.folder)
            # a virtual environment kept beside the submission holds libraries, not the student's code
            if "site-packages" in rel.split(os.sep) or "dist-packages" in rel.split(os.sep):
                return None
            return "%s:%d" % (rel, lineno)
        return None

    def innermost(self, tb):
        """The innermost frame of a traceback that is the submission's own code: (location, line)."""
        found = None
        for fs in traceback.extract_tb(tb):
            where = self.place(fs.filename, fs.lineno)
            if where is not None:
                found = (where, (fs.line or linecache.getline(fs.filename, fs.lineno)).strip())
        return found

    def describe(self, e):
        """(message, location, frame) of an exception raised by the submission."""
        name = _type(e).__name__
        if _isinstance(e, SyntaxError):
            message = "%s: %s" % (name, e.msg)
            where = self.place(e.filename or "", e.lineno or 0) if e.filename else None
            frame = (e.text or "").rstrip("\n") or None
            if where is None and e.filename:
                where = "%s:%s" % (e.filename, e.lineno)
            return message, where, frame
        message = "%s: %s" % (name, e) if _str(e) else name
        inner = self.innermost(e.__traceback__)
        last = traceback.extract_tb(e.__traceback__)
        if inner is not None and last and self.place(last[-1].filename, last[-1].lineno) is None:
            # raised inside a library the submission called: say where, the location stays the student's
            message += " (raised in %s:%d, in %s)" % (last[-1].filename, last[-1].lineno, last[-1].name)
        return message, inner[0] if inner else None, inner[1] if inner else None


def load_failure(sub, e, while_running=None):
    message, where, frame = sub.describe(e)
    if _isinstance(e, ModuleNotFoundError):
        message += " (neither installed for %s nor beside the submission: install it there, or grade with --python <an interpreter that has it>)" % sys.executable
    elif _isinstance(e, EOFError):
        message += " (the submission read input(); a graded submission gets no input)"
    elif _isinstance(e, SystemExit):
        message = "SystemExit: the submission called exit(%s) while loading" % ("" if e.code is None else _repr(e.code))
    if while_running is not None and (where is None or not where.startswith("cell %d," % while_running)):
        message += " (while running cell %d)" % while_running
    failure = {"message": message}
    if where:
        failure["location"] = where
    if frame:
        failure["frame"] = frame
    return failure


# --- loading a module ----------------------------------------------------------------------------------
def module_name(path):
    stem = os.path.splitext(os.path.basename(path))[0]
    return stem if stem.isidentifier() and stem not in sys.modules and stem != "__main__" else "submission"


def load_module(sub):
    import importlib.util

    name = module_name(sub.path)
    spec = importlib.util.spec_from_file_location(name, sub.path)
    mod = importlib.util.module_from_spec(spec)
    sys.modules[name] = mod  # before it runs: dataclasses and pickle look the module up by name
    spec.loader.exec_module(mod)
    return mod


# --- loading a notebook ----------------------------------------------------------------------------------
# %%-magics whose body is Python that IPython runs once: the body runs, the magic line is skipped
PYTHON_CELL_MAGICS = ("%%time", "%%timeit", "%%capture", "%%prun")


def _statement_starts(lines):
    """For each line, whether it begins a new statement (not inside brackets, a string or a backslash
    continuation) -- only there is a leading % or ! IPython syntax (`x = (a\\n != b)` is Python)."""
    starts = []
    depth = 0
    quote = None  # the open string's delimiter: ', ", ''' or """
    continued = False
    for line in lines:
        starts.append(depth == 0 and quote is None and not continued)
        continued = False
        i, n = 0, _len(line)
        while i < n:
            c = line[i]
            if quote is not None:
                if c == "\\":
                    i += 2
                    continue
                if line.startswith(quote, i):
                    i += _len(quote)
                    quote = None
                    continue
                i += 1
                continue
            if c == "#":
                break
            if c in "'\"":
                quote = line[i : i + 3] if line.startswith(c * 3, i) else c
                i += _len(quote)
                continue
            if c in "([{":
                depth += 1
            elif c in ")]}":
                depth = max(0, depth - 1)
            elif c == "\\" and i == n - 1:
                continued = True
            i += 1
        if quote is not None and _len(quote) == 1 and not continued:
            quote = None  # an unterminated one-line string: Python will say so
    return starts


# `files = !ls`, `t = %timeit -o f()`: an IPython assignment from the shell or a magic
_MAGIC_ASSIGNMENT = re.compile(r"^[A-Za-z_]\w*(\s*,\s*[A-Za-z_]\w*)*\s*=\s*[%!](?!=)")
# `np.dot?`, `??len`: IPython's help
_HELP = re.compile(r"^(\?{1,2}[A-Za-z_][\w.]*|[A-Za-z_][\w.]*\?{1,2})$")


def _is_ipython_line(stripped):
    """At the start of a statement, a line that is IPython's and not Python's (no Python statement
    begins with % or !)."""
    return stripped.startswith(("%", "!")) or bool(_MAGIC_ASSIGNMENT.match(stripped)) or bool(_HELP.match(stripped))


def strip_ipython(source):
    """The cell's Python, with IPython-only lines replaced by `pass` (same indentation, same line
    numbers), and the list of (line, text) skipped. A whole-cell magic other than %%time & co. skips
    the cell: returns (None, [(1, first line)])."""
    lines = source.split("\n")
    first = next((i for i, l in enumerate(lines) if l.strip()), None)
    skipped = []
    if first is not None and lines[first].lstrip().startswith("%%"):
        magic = lines[first].split()[0]
        if magic not in PYTHON_CELL_MAGICS:
            return None, [(first + 1, lines[first].strip())]
        skipped.append((first + 1, lines[first].strip()))
        lines[first] = ""
    starts = _statement_starts(lines)
    out = []
    skipping = False  # inside a backslash-continued IPython line
    for i, line in enumerate(lines):
        stripped = line.strip()
        if skipping:
            out.append("")
            skipping = line.rstrip().endswith("\\")
            continue
        if starts[i] and stripped and _is_ipython_line(stripped):
            skipped.append((i + 1, stripped))
            out.append(line[: _len(line) - _len(line.lstrip())] + "pass")
            skipping = line.rstrip().endswith("\\")
            continue
        out.append(line)
    return "\n".join(out), skipped


def _display(*objs, **_kw):
    """Jupyter's display() for a notebook run without a front end: the text form of each object."""
    for o in objs:
        _print(_repr(o))


def load_notebook(sub):
    """Runs the notebook's code cells in order; returns the namespace, or raises _LoadFailed."""
    try:
        with open(sub.path, encoding="utf-8") as f:
            text = f.read()
    except (OSError, UnicodeDecodeError) as e:
        raise _LoadFailed({"message": "the notebook could not be read: %s" % e})
    try:
        nb = _decode(text)
    except ValueError as e:
        failure = {"message": "the notebook is not valid JSON: %s" % (_getattr(e, "msg", None) or e)}
        if _getattr(e, "lineno", None):
            failure["location"] = "%s:%d" % (sub.base, e.lineno)
        raise _LoadFailed(failure)
    if not _isinstance(nb, dict) or not _isinstance(nb.get("cells"), list):
        version = nb.get("nbformat") if _isinstance(nb, dict) else None
        raise _LoadFailed({"message": "not a Jupyter notebook in nbformat 4 (it has no list of cells%s); open it in Jupyter and save it again" % (", nbformat %s" % version if version else "")})
    name = module_name(sub.path)
    mod = types.ModuleType(name)
    mod.__file__ = sub.path
    sys.modules[name] = mod  # classes defined in cells pickle and resolve by module name
    ns = mod.__dict__
    ns["display"] = _display
    n = 0
    for cell in nb["cells"]:
        if not _isinstance(cell, dict) or cell.get("cell_type") != "code":
            continue
        n += 1
        src = cell.get("source", "")
        src = "".join(src) if _isinstance(src, list) else src if _isinstance(src, str) else ""
        code, skipped = strip_ipython(src)
        for line, what in skipped:
            whole = " (the whole cell)" if code is None else ""
            _print("[notebook] skipped cell %d line %d: %s%s" % (n, line, what, whole))
        if code is None or not code.strip():
            continue
        filename = "<cell %d>" % n
        sub.cells[filename] = n
        # tracebacks and failure reports read the cell's lines from here
        linecache.cache[filename] = (_len(code), None, [l + "\n" for l in code.split("\n")], filename)
        try:
            run_cell(code, filename, ns)
        except BaseException as e:  # a cell's exit() is a load failure too
            raise _LoadFailed(load_failure(sub, e, n))
    return mod


def run_cell(code, filename, ns):
    """exec of a cell; a last bare expression is shown like Jupyter's Out[n] (not if it ends in ;)."""
    tree = ast.parse(code, filename, "exec")
    last = None
    if tree.body and _isinstance(tree.body[-1], ast.Expr) and not code.rstrip().endswith(";"):
        last = tree.body.pop()
    exec(compile(tree, filename, "exec"), ns)
    if last is not None:
        value = eval(compile(ast.Expression(last.value), filename, "eval"), ns)
        if value is not None:
            _print(_repr(value))


class _LoadFailed(Exception):
    def __init__(self, failure):
        Exception.__init__(self, failure["message"])
        self.failure = failure


def load(sub):
    sys.dont_write_bytecode = True
    sys.argv = [sub.path]
    # the submission's siblings import (as when it runs as a script); this host's folder does not
    here = os.path.dirname(os.path.abspath(__file__))
    sys.path[:] = [sub.folder] + [p for p in sys.path if p and os.path.abspath(p) != here]
    os.environ.setdefault("MPLBACKEND", "Agg")  # a notebook's plots draw nowhere instead of failing
    try:
        if sub.notebook:
            mod = load_notebook(sub)
        else:
            mod = load_module(sub)
    except _LoadFailed as e:
        sub.load_failure = e.failure
        return
    except BaseException as e:  # exit() while loading included
        sub.load_failure = load_failure(sub, e)
        return
    table = {}
    for name in CONTRACT:
        for candidate in (name, ALIASES.get(name)):
            f = _getattr(mod, candidate, None) if candidate else None
            if f is not None and _callable(f) and not _isinstance(f, _type):
                table[name] = f
                break
    sub.functions = table


# --- the request loop ------------------------------------------------------------------------------------
def answer_line(sub, req):
    rid = req.get("id")
    head = '{"id":' + _int_repr(rid)
    if sub.load_failure is not None:
        f = sub.load_failure
        load = "{" + ",".join(_quote(k) + ":" + _quote(f[k]) for k in ("message", "location", "frame") if k in f) + "}"
        return head + ',"error":' + _quote(f["message"]) + ',"load":' + load + "}"
    fn = req.get("fn")
    if not _isinstance(fn, str) or fn not in sub.functions:
        what = _str(fn)
        if fn in ALIASES:
            what += " (%s defines neither %s nor %s)" % (sub.base, fn, ALIASES[fn])
        return head + ',"error":' + _quote(NOT_IMPLEMENTED + what) + "}"
    args = req.get("args")
    args = decode_value(args) if _isinstance(args, list) else []
    try:
        args = prepare_args(fn, args)
        result = sub.functions[fn](*args)
        result = shape_result(fn, result)
        return head + ',"result":' + encode(result, 0) + "}"
    except EncodeError as e:
        return head + ',"error":' + _quote("the result could not be sent: %s (at %s)" % (e.message, _where(e.path))) + "}"
    except MemoryError:
        # die like the process ran out of memory, so the runner reports it as such (not as a throw)
        sys.stderr.write("MemoryError: the submission ran out of memory in %s\n" % fn)
        sys.stderr.flush()
        os._exit(1)
    except BaseException as e:  # a function's exit() is its own error, not the end of the host
        message, where, frame = sub.describe(e)
        if where:
            message += " (at %s%s)" % (where, ": " + frame if frame else "")
        return head + ',"error":' + _quote(message) + "}"


def main():
    if _len(sys.argv) != 2:
        sys.stderr.write("usage: host.py <submission.py | submission.ipynb>\n")
        return 2
    # (before any dup, which would take descriptor 3 if it is free)
    try:
        os.fstat(3)
        answers = 3
    except OSError:
        # no answer descriptor (run as a --cmd program): answer on stdout, the student's prints to stderr
        answers = os.dup(1)
        os.dup2(2, 1)
    # requests arrive on a private copy of stdin; the submission's stdin is /dev/null
    requests = os.fdopen(os.dup(0), "r", encoding="utf-8", newline="\n")
    devnull = os.open(os.devnull, os.O_RDONLY)
    os.dup2(devnull, 0)
    os.close(devnull)
    try:
        sys.stdout.reconfigure(line_buffering=True)
    except (AttributeError, ValueError):
        pass
    sub = Submission(sys.argv[1])
    load(sub)
    for line in requests:
        if not line.strip():
            continue
        try:
            req = _decode(line)
        except ValueError:
            continue  # not a request (the runner only writes requests)
        if not _isinstance(req, dict) or _type(req.get("id")) is not int:
            continue
        data = (answer_line(sub, req) + "\n").encode("utf-8")
        while data:
            data = data[_write(answers, data) :]
    return 0


if __name__ == "__main__":
    status = main()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except Exception:
            pass
    # no waiting for threads the submission started, nor for its atexit handlers
    os._exit(status)
