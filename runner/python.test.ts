/**
 * The Python host (runner/host.py) behind createProcessSubject: what a .py module or a notebook may
 * return, how arguments and optimizer state travel, where load failures are placed, and how a
 * notebook's IPython lines are skipped. Needs numpy for the default python3 (scripts/install-python.sh).
 */
import { describeWithNumpy } from '../test/numpy.test-helpers.js';
import { afterAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NotImplementedError, SubmissionCrashError, SubmissionLoadError, SubmissionThrewError } from '../contract/errors.js';
import { createProcessSubject, type ProcessSubject } from './process.js';
import { isPythonSubmission, pythonHostPath, pythonLaunch, resolvePython } from './python.js';

const dir = mkdtempSync(join(tmpdir(), 'nn-oracle-python-test-'));
const subjects: ProcessSubject[] = [];
afterAll(async () => {
  for (const s of subjects) await s.dispose();
});

function file(name: string, text: string): string {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}

/** A notebook (nbformat 4) from the sources of its code cells, with a markdown cell first. */
function notebook(name: string, cells: string[]): string {
  const nb = {
    cells: [{ cell_type: 'markdown', metadata: {}, source: ['# hw\n'] }, ...cells.map((src, i) => ({ cell_type: 'code', execution_count: i + 1, metadata: {}, outputs: [], source: src.split(/(?<=\n)/) }))],
    metadata: {},
    nbformat: 4,
    nbformat_minor: 5,
  };
  return file(name, JSON.stringify(nb, null, 1));
}

async function subject(module: string, extra: Record<string, unknown> = {}): Promise<ProcessSubject> {
  // generous limits: the suite runs many processes at once on a small machine
  const s = await createProcessSubject({ module, timeoutMs: 10_000, ...extra });
  subjects.push(s);
  return s;
}

const loadError = async (s: ProcessSubject): Promise<SubmissionLoadError> => {
  const e = await s.call('activate', ['relu', [1]]).catch((x: unknown) => x);
  expect(e).toBeInstanceOf(SubmissionLoadError);
  return e as SubmissionLoadError;
};

describe('python.ts: launching the host', () => {
  it('knows its targets and resolves the interpreter by asking it', () => {
    expect(isPythonSubmission('hw.py')).toBe(true);
    expect(isPythonSubmission('HW 3 (1).ipynb')).toBe(true);
    expect(isPythonSubmission('hw.mjs')).toBe(false);
    const py = resolvePython('python3');
    expect(py.version[0]).toBe(3);
    expect(py.executable).toMatch(/^\//);
    const launch = pythonLaunch(join(dir, 'hw.py'));
    expect(launch.args).toEqual(['-B', '-X', 'utf8', pythonHostPath(), join(dir, 'hw.py')]);
    expect(launch.readable).toContain(dir);
    expect(launch.readable).toContain(pythonHostPath());
    expect(launch.env.OPENBLAS_NUM_THREADS).toBe('1');
  });

  it('names an interpreter that is missing, too old or not Python', () => {
    expect(() => resolvePython(join(dir, 'no-such-python'))).toThrow(/--python.*not found/);
    const old = file('old-python', '#!/bin/sh\necho \'{"executable": "/usr/bin/python3.6", "version": [3, 6, 15], "prefixes": [], "path": []}\'\n');
    chmodSync(old, 0o755);
    expect(() => resolvePython(old)).toThrow(/expected Python ≥ 3\.8, got \/usr\/bin\/python3\.6 is Python 3\.6\.15/);
    const notPy = file('not-python', '#!/bin/sh\necho hello\n');
    chmodSync(notPy, 0o755);
    expect(() => resolvePython(notPy)).toThrow(/--python.*printed "hello/);
  });
});

describeWithNumpy('the Python host: results', () => {
  const mod = file(
    'results.py',
    `import math
from collections import namedtuple
from dataclasses import dataclass
import numpy as np

print("loaded", __name__)
Forward = namedtuple("Forward", ["a", "z"])

@dataclass
class Perceptron:
    w: list
    b: float

def activate(name, z, alpha=0.5):
    if name == "types":  # what came in
        return [type(z).__name__, str(z.dtype) if hasattr(z, "dtype") else "", alpha]
    if name == "nonfinite":
        return np.array([np.nan, np.inf, -np.inf, z[0]])
    if name == "scalars":
        return [np.float32(0.5), np.int64(3), np.bool_(True), True, "1.5", None, (1, 2.5), {"k": np.arange(2)}, 2 ** 70]
    if name == "bad":
        return {"x": [1, 2j]}
    if name == "tensor-like":
        class T:
            def tolist(self):
                return [[1.0, 2.0]]
        return T()
    if name == "exit":
        raise SystemExit(3)
    if name == "throw":
        return np.ones(2) @ np.ones(3)
    if name == "input":
        return [input()]
    return np.maximum(z, 0.0) * alpha

def activateGrad(name, z, alpha=None):
    return [1.0]

def activate_grad(name, z, alpha=None):  # the contract's name wins
    return [2.0]

def forward(net, X):
    W = net["layers"][0]["W"]
    z = X @ W.T + net["layers"][0]["b"]
    return Forward(a=z * 2, z=z)

def backward(net, X, Y, loss_name):
    return ([X], [X.T], [X[0]])

def perceptron_step(w, b, x, y, lr):
    return Perceptron(w=w + lr * x, b=b + 1)

if __name__ == "__main__":
    print("MAIN RAN")
`,
  );

  it('reads numpy arrays, numpy scalars, tuples, dicts and nested mixes; NaN and ±Infinity both ways', async () => {
    const s = await subject(mod);
    expect(await s.call('activate', ['relu', [-1, 2]])).toEqual([0, 1]);
    expect(await s.call('activate', ['relu', [-1, 2], 2])).toEqual([0, 4]);
    const nf = (await s.call('activate', ['nonfinite', [-Infinity]])) as number[];
    expect(nf[0]).toBeNaN();
    expect(nf.slice(1)).toEqual([Infinity, -Infinity, -Infinity]);
    expect(await s.call('activate', ['scalars', [0]])).toEqual([0.5, 3, true, true, '1.5', null, [1, 2.5], { k: [0, 1] }, 2 ** 70]);
    expect(await s.call('activate', ['tensor-like', [0]])).toEqual([[1, 2]]);
  });

  it('hands vectors and matrices to a numpy submission as float64 arrays; an absent alpha keeps its default', async () => {
    const s = await subject(mod);
    expect(await s.call('activate', ['types', [1, 2]])).toEqual(['ndarray', 'float64', 0.5]);
    expect(await s.call('activate', ['types', [1, 2], null])).toEqual(['ndarray', 'float64', 0.5]);
    expect(await s.call('activate', ['types', [[1], [2, 3]], 1])).toEqual(['list', '', 1]); // ragged: as sent
  });

  it('reads namedtuples and dataclasses by field name, plain tuples in the contract\'s field order', async () => {
    const s = await subject(mod);
    const net = { layers: [{ W: [[1, 0], [0, 1]], b: [0, 1], activation: 'identity' }] };
    expect(await s.call('forward', [net, [[1, 2]]])).toEqual({ z: [[1, 3]], a: [[2, 6]] });
    expect(await s.call('backward', [net, [[1, 2]], [[0, 0]], 'mse'])).toEqual({ delta: [[[1, 2]]], gradW: [[[1], [2]]], gradB: [[1, 2]] });
    expect(await s.call('perceptronStep', [[1, 1], 0, [1, 2], 1, 0.5])).toEqual({ w: [1.5, 2], b: 1 });
  });

  it('takes the contract\'s name before the snake_case alias, and says what is missing', async () => {
    const s = await subject(mod);
    expect(await s.call('activateGrad', ['relu', [0]])).toEqual([1]);
    const e = await s.call('loss', ['mse', [[1]], [[1]]]).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(NotImplementedError);
    expect(await s.call('step', [{ name: 'sgd', lr: 1 }, { W: [], b: [] }, { W: [], b: [] }, null]).catch((x: unknown) => x)).toBeInstanceOf(NotImplementedError);
  });

  it('reports a throw with the line of the submission, a result that is not JSON with its place, exit() and input() as errors', async () => {
    const s = await subject(mod);
    const thrown = (await s.call('activate', ['throw', [0]]).catch((x: unknown) => x)) as Error;
    expect(thrown).toBeInstanceOf(SubmissionThrewError);
    expect(thrown.message).toMatch(/ValueError: .*\(at results\.py:\d+: return np\.ones\(2\) @ np\.ones\(3\)\)/);
    const bad = (await s.call('activate', ['bad', [0]]).catch((x: unknown) => x)) as Error;
    expect(bad.message).toMatch(/the result could not be sent: a complex cannot be written as JSON \(at result\.x\[1\]\)/);
    const exit = (await s.call('activate', ['exit', [0]]).catch((x: unknown) => x)) as Error;
    expect(exit.message).toMatch(/SystemExit: 3/);
    const input = (await s.call('activate', ['input', [0]]).catch((x: unknown) => x)) as Error;
    expect(input.message).toMatch(/EOFError/);
    // the host is still serving, in the same process
    expect(await s.call('activate', ['relu', [3]])).toEqual([1.5]);
    expect(s.starts).toBe(1);
  });

  it('does not run the __main__ block, and keeps what the submission printed as output', async () => {
    const s = await subject(mod);
    await s.call('activate', ['relu', [1]]);
    expect(s.output()).toContain('loaded results');
    expect(s.output().join('\n')).not.toMatch(/MAIN RAN/);
  });

  it('a MemoryError ends the process as out of memory', async () => {
    const m = file('oom.py', 'def activate(name, z, alpha=None):\n    raise MemoryError()\n');
    const s = await subject(m);
    const e = (await s.call('activate', ['relu', [1]]).catch((x: unknown) => x)) as SubmissionCrashError;
    expect(e).toBeInstanceOf(SubmissionCrashError);
    expect(e.kind).toBe('oom');
  });
});

describe('the Python host: arguments and state without numpy', () => {
  it('a submission that did not import numpy gets lists, and plain JSON state travels as it is', async () => {
    const m = file(
      'plain.py',
      `import sys
def activate(name, z, alpha=None):
    return [type(z).__name__, "numpy" in sys.modules]

def step(opt, params, grads, state):
    t = 1 if state is None else state["t"] + 1
    return {"params": params, "state": {"t": t, "kind": type(state).__name__}}
`,
    );
    const s = await subject(m);
    expect(await s.call('activate', ['relu', [1]])).toEqual(['list', false]);
    const p = { W: [[[1]]], b: [[0]] };
    const r1 = (await s.call('step', [{ name: 'sgd', lr: 1 }, p, p, null])) as { state: unknown };
    expect(r1.state).toEqual({ t: 1, kind: 'NoneType' });
    const r2 = (await s.call('step', [{ name: 'sgd', lr: 1 }, p, p, r1.state])) as { state: unknown };
    expect(r2.state).toEqual({ t: 2, kind: 'dict' });
  });
});

describeWithNumpy('the Python host: optimizer state that is not JSON', () => {
  const m = file(
    'state.py',
    `import numpy as np
from dataclasses import dataclass

@dataclass
class Slots:
    t: int
    m: list

def step(opt, params, grads, state):
    W = params["W"]
    if opt["name"] == "sgd":  # numpy arrays in a tuple, with an int key
        if state is None:
            state = ([np.zeros_like(w) for w in W], {0: 0})
        m, count = state
        assert all(isinstance(x, np.ndarray) for x in m), "state came back without its arrays"
        count = {0: count[0] + 1}
        m = [x + g for x, g in zip(m, grads["W"])]
        return ({"W": [w - x for w, x in zip(W, m)], "b": params["b"]}, (m, count))
    if opt["name"] == "momentum":  # an object of the submission's own class
        state = state or Slots(0, [np.zeros_like(w) for w in W])
        return {"W": W, "b": [np.array([state.t + 1.0])]}, Slots(state.t + 1, state.m)
    if opt["name"] == "adam":  # cannot be pickled
        return {"params": params, "state": lambda: 1}
    return {"params": params, "state": {"t": np.int64(1)}}
`,
  );

  it('travels pickled and comes back as the very objects the submission returned', async () => {
    const s = await subject(m);
    const p = { W: [[[1, 2]]], b: [[0]] };
    const g = { W: [[[1, 1]]], b: [[0]] };
    let state: unknown = null;
    let params: unknown = p;
    for (let t = 0; t < 3; t++) {
      const r = (await s.call('step', [{ name: 'sgd', lr: 1 }, params, g, state])) as { params: unknown; state: { 'python-state': string; type: string } };
      expect(r.state['python-state']).toBe('pickle');
      expect(r.state.type).toBe('tuple');
      ({ params, state } = r);
    }
    // m grows by g each step: W − (1 + 2 + 3)·g
    expect(params).toEqual({ W: [[[-5, -4]]], b: [[0]] });
    let slots: unknown = null;
    let r: { params: { b: number[][] }; state: { type: string } } | undefined;
    for (let t = 0; t < 3; t++) {
      r = (await s.call('step', [{ name: 'momentum', lr: 1, alpha: 0.5 }, p, g, slots])) as typeof r;
      slots = r!.state;
    }
    expect(r!.state.type).toBe('Slots');
    expect(r!.params.b).toEqual([[3]]); // the submission's own object came back each time: t = 1, 2, 3
  });

  it('names state that can be neither JSON nor pickled', async () => {
    const s = await subject(m);
    const p = { W: [[[1]]], b: [[0]] };
    const e = (await s.call('step', [{ name: 'adam', lr: 1, beta1: 0.9, beta2: 0.99, eps: 1e-8 }, p, p, null]).catch((x: unknown) => x)) as Error;
    expect(e).toBeInstanceOf(SubmissionThrewError);
    expect(e.message).toMatch(/the optimizer state \(a function\) can be neither written as JSON nor pickled.*\(at result\.state\)/);
  });
});

describe('the Python host: modules that do not load', () => {
  it('a syntax error: file:line and the line', async () => {
    const e = await loadError(await subject(file('syntax.py', 'import math\n\ndef activate(name, z)\n    return z\n')));
    expect(e.location).toBe('syntax.py:3');
    expect(e.frame).toBe('def activate(name, z)');
    expect(e.message).toMatch(/did not load: SyntaxError/);
  });

  it('an import error names the module and what to do; a sibling module\'s failure names the sibling', async () => {
    const e = await loadError(await subject(file('imports.py', '"""hw"""\nimport not_a_module_anywhere\n')));
    expect(e.location).toBe('imports.py:2');
    expect(e.message).toMatch(/ModuleNotFoundError: No module named 'not_a_module_anywhere' \(neither installed for .* nor beside the submission/);
    mkdirSync(join(dir, 'pkg'));
    writeFileSync(join(dir, 'pkg', 'helper.py'), 'X = 1\nY = 1 / 0\n');
    writeFileSync(join(dir, 'pkg', 'main.py'), 'import helper\n');
    const e2 = await loadError(await subject(join(dir, 'pkg', 'main.py')));
    expect(e2.location).toBe('helper.py:2');
    expect(e2.frame).toBe('Y = 1 / 0');
  });

  it('an exception inside a library called at import keeps the submission\'s line and names the library', async () => {
    const e = await loadError(await subject(file('lib.py', 'import json\n\nCONFIG = json.loads("{not json")\n')));
    expect(e.location).toBe('lib.py:3');
    expect(e.frame).toBe('CONFIG = json.loads("{not json")');
    expect(e.message).toMatch(/JSONDecodeError: .*\(raised in .*json.*\.py:\d+, in /);
  });

  it('exit() while loading is a load failure; every request gets the same answer', async () => {
    const s = await subject(file('exits.py', 'import sys\nsys.exit("bye")\n'));
    const e = await loadError(s);
    expect(e.message).toMatch(/SystemExit: the submission called exit\('bye'\) while loading/);
    await expect(s.call('forward', [{ layers: [] }, [[1]]])).rejects.toBeInstanceOf(SubmissionLoadError);
    expect(s.starts).toBe(1);
  });
});

describeWithNumpy('the Python host: notebooks', () => {
  it('runs the code cells in order, skips IPython lines (each listed), shows a last expression', async () => {
    const nb = notebook('nb.ipynb', [
      '!pip install numpy\n%matplotlib inline\nimport numpy as np\nfiles = !ls\n',
      'SCALE = 2\n\ndef activate(name, z, alpha=None):\n    for _ in range(1):\n        %time pass\n    ok = (SCALE\n          != 3)\n    return np.asarray(z) * SCALE\n',
      '%%time\nSCALE = 3\n',
      '%%bash\necho not python\n',
      'text = """\n%not a magic inside a string\n"""\nprint(len(text.splitlines()))\nnp.float64(1.5)\n',
      'np.float64(2.5);\ndisplay({"shown": 1})\nnp.dot?\n',
    ]);
    const s = await subject(nb);
    expect(await s.call('activate', ['relu', [1, 2]])).toEqual([3, 6]);
    const out = s.output();
    expect(out.slice(0, 5)).toEqual([
      '[notebook] skipped cell 1 line 1: !pip install numpy',
      '[notebook] skipped cell 1 line 2: %matplotlib inline',
      '[notebook] skipped cell 1 line 4: files = !ls',
      '[notebook] skipped cell 2 line 5: %time pass',
      '[notebook] skipped cell 3 line 1: %%time',
    ]);
    expect(out).toContain('[notebook] skipped cell 4 line 1: %%bash (the whole cell)');
    expect(out).toContain('[notebook] skipped cell 6 line 3: np.dot?');
    expect(out).toContain('2'); // the string's two lines: the % line inside it was kept
    expect(out.some((l) => /^(np\.float64\()?1\.5\)?$/.test(l))).toBe(true);
    expect(out.some((l) => /2\.5/.test(l))).toBe(false); // a trailing ; hides the value, as in Jupyter
    expect(out).toContain("{'shown': 1}");
  });

  it('a failing cell: cell N, line M, the line, and the cell that was running', async () => {
    const e = await loadError(await subject(notebook('bad-cell.ipynb', ['import numpy as np\n', 'def f(x):\n    return x @ np.ones(3)\n', 'A = np.ones((2, 2))\nf(A)\n'])));
    expect(e.location).toBe('cell 2, line 2');
    expect(e.frame).toBe('return x @ np.ones(3)');
    expect(e.message).toMatch(/ValueError: .*\(while running cell 3\)/);
    const syn = await loadError(await subject(notebook('syntax-cell.ipynb', ['x = 1\n', 'def activate(name, z):\n    return [z\n'])));
    expect(syn.location).toBe('cell 2, line 2');
    expect(syn.message).toMatch(/SyntaxError/);
  });

  it('a notebook that is not JSON or not nbformat 4 is named as such', async () => {
    const broken = await loadError(await subject(file('broken.ipynb', '{\n "cells": [\n  {"cell_type": "code",,}\n ]\n}\n')));
    expect(broken.message).toMatch(/the notebook is not valid JSON/);
    expect(broken.location).toBe('broken.ipynb:3');
    const v3 = await loadError(await subject(file('v3.ipynb', JSON.stringify({ nbformat: 3, worksheets: [{ cells: [] }] }))));
    expect(v3.message).toMatch(/not a Jupyter notebook in nbformat 4 .*nbformat 3/);
  });

  it('classes defined in a cell pickle in the optimizer state', async () => {
    const s = await subject(notebook('state.ipynb', ['import numpy as np\nclass S:\n    def __init__(self, t):\n        self.t = t\n', 'def step(opt, params, grads, state):\n    t = 1 if state is None else state.t + 1\n    return {"W": params["W"], "b": [np.array([t])]}, S(t)\n']));
    let state: unknown = null;
    let r: { params: { b: number[][] }; state: unknown } | undefined;
    for (let i = 0; i < 3; i++) {
      r = (await s.call('step', [{ name: 'sgd', lr: 1 }, { W: [[[1]]], b: [[0]] }, { W: [[[1]]], b: [[0]] }, state])) as typeof r;
      state = r!.state;
    }
    expect(r!.params.b).toEqual([[3]]);
  });
});

describe('the Python host: the process', () => {
  it('ends when its input ends, whatever threads the submission left running', () => {
    const m = file('threads.py', 'import threading, time\nthreading.Thread(target=time.sleep, args=(600,)).start()\n');
    // the 60 s limit only guards against a hang; the host exits at once when stdin ends
    const r = spawnSync(resolvePython().executable, [pythonHostPath(), m], { input: '', timeout: 60_000, stdio: ['pipe', 'pipe', 'pipe', 'pipe'] });
    expect(r.error).toBeUndefined();
    expect(r.status).toBe(0);
  });

  it('a file name that is not a Python identifier loads too', async () => {
    const s = await subject(file('hw 3 (1).py', 'def activate(name, z, alpha=None):\n    return [__name__]\n'));
    expect(await s.call('activate', ['relu', [1]])).toEqual(['submission']);
  });
});

describe('the Python host as a --cmd program', () => {
  it('without descriptor 3 it answers on stdout and moves prints to stderr', async () => {
    const m = file('cmd.py', 'print("hello")\ndef activate(name, z, alpha=None):\n    print("called")\n    return z\n');
    const s = await createProcessSubject({ cmd: `python3 ${JSON.stringify(pythonHostPath())} ${JSON.stringify(m)}`, timeoutMs: 10_000 });
    subjects.push(s);
    expect(await s.call('activate', ['relu', [1, 2]])).toEqual([1, 2]);
    expect(s.output()).toEqual(['[stderr] hello', '[stderr] called']);
  });
});
