// A correct student submission in plain JavaScript (no dependencies): the whole contract.
// Grade it with:  nn-oracle grade examples/students/correct.mjs

const DEFAULT_ALPHA = { leaky_relu: 0.01, elu: 1 };

function sigmoid(z) {
  // e^z / (1 + e^z) for negative z, so e^{-z} never overflows
  if (z >= 0) return 1 / (1 + Math.exp(-z));
  const e = Math.exp(z);
  return e / (1 + e);
}

function softmax(z) {
  const m = Math.max(...z);
  const e = z.map((v) => Math.exp(v - m));
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / s);
}

function act1(name, z, alpha) {
  switch (name) {
    case 'identity': return z;
    case 'step': return z >= 0 ? 1 : 0;
    case 'sigmoid': return sigmoid(z);
    case 'tanh': return Math.tanh(z);
    case 'relu': return z > 0 ? z : 0;
    case 'leaky_relu': return z > 0 ? z : alpha * z;
    case 'softplus': return Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z)));
    case 'elu': return z >= 0 ? z : alpha * Math.expm1(z);
    default: throw new Error(`unknown activation ${name}`);
  }
}

function grad1(name, z, alpha) {
  switch (name) {
    case 'identity': return 1;
    case 'step': return 0;
    case 'sigmoid': { const s = sigmoid(z); return s * (1 - s); }
    case 'tanh': { const t = Math.tanh(z); return 1 - t * t; }
    case 'relu': return z > 0 ? 1 : 0;
    case 'leaky_relu': return z > 0 ? 1 : alpha;
    case 'softplus': return sigmoid(z);
    case 'elu': return z >= 0 ? 1 : alpha * Math.exp(z);
    default: throw new Error(`no elementwise derivative for ${name}`);
  }
}

export function activate(name, z, alpha) {
  if (name === 'softmax') return softmax(z);
  const a = alpha ?? DEFAULT_ALPHA[name] ?? 0;
  return z.map((v) => act1(name, v, a));
}

export function activateGrad(name, z, alpha) {
  const a = alpha ?? DEFAULT_ALPHA[name] ?? 0;
  return z.map((v) => grad1(name, v, a));
}

const xlogy = (y, a) => (y === 0 ? 0 : y * Math.log(a));

export function loss(name, A, Y) {
  let total = 0;
  A.forEach((a, x) => {
    const y = Y[x];
    let e = 0;
    for (let i = 0; i < a.length; i++) {
      if (name === 'mse') e += 0.5 * (a[i] - y[i]) ** 2;
      else if (name === 'bce') e -= xlogy(y[i], a[i]) + xlogy(1 - y[i], 1 - a[i]);
      else if (name === 'cce') e -= xlogy(y[i], a[i]);
      else throw new Error(`unknown loss ${name}`);
    }
    total += e;
  });
  return total / A.length;
}

export function forward(net, X) {
  const z = [];
  const a = [];
  let below = X;
  for (const layer of net.layers) {
    const zl = below.map((x) => layer.W.map((row, j) => row.reduce((s, w, k) => s + w * x[k], layer.b[j])));
    const al = zl.map((zx) => activate(layer.activation, zx, layer.alpha));
    z.push(zl);
    a.push(al);
    below = al;
  }
  return { z, a };
}

export function backward(net, X, Y, lossName) {
  const { z, a } = forward(net, X);
  const L = net.layers.length;
  const B = X.length;
  const out = net.layers[L - 1];
  const delta = new Array(L);
  // BP1
  delta[L - 1] = a[L - 1].map((aL, x) => {
    const y = Y[x];
    if ((out.activation === 'sigmoid' && lossName === 'bce') || (out.activation === 'softmax' && lossName === 'cce')) {
      return aL.map((v, i) => v - y[i]);
    }
    const g = aL.map((v, i) =>
      lossName === 'mse' ? v - y[i] : lossName === 'bce' ? (v - y[i]) / (v * (1 - v)) : y[i] === 0 ? 0 : -y[i] / v,
    );
    if (out.activation === 'softmax') {
      const s = aL.reduce((acc, v, j) => acc + v * g[j], 0);
      return aL.map((v, i) => v * (g[i] - s));
    }
    const sp = activateGrad(out.activation, z[L - 1][x], out.alpha);
    return g.map((gi, i) => gi * sp[i]);
  });
  // BP2
  for (let l = L - 2; l >= 0; l--) {
    const W = net.layers[l + 1].W;
    const layer = net.layers[l];
    delta[l] = delta[l + 1].map((d, x) => {
      const sp = activateGrad(layer.activation, z[l][x], layer.alpha);
      return sp.map((s, k) => W.reduce((acc, row, j) => acc + row[k] * d[j], 0) * s);
    });
  }
  // BP3, BP4 (batch means)
  const gradB = delta.map((d) => d[0].map((_, j) => d.reduce((s, dx) => s + dx[j], 0) / B));
  const gradW = delta.map((d, l) => {
    const below = l === 0 ? X : a[l - 1];
    return d[0].map((_, j) => below[0].map((_, k) => d.reduce((s, dx, x) => s + dx[j] * below[x][k], 0) / B));
  });
  return { delta, gradW, gradB };
}

function flat(p) {
  return [...p.W.flatMap((M) => M.flat()), ...p.b.flat()];
}
function unflat(like, v) {
  let i = 0;
  return { W: like.W.map((M) => M.map((r) => r.map(() => v[i++]))), b: like.b.map((b) => b.map(() => v[i++])) };
}

export function step(opt, params, grads, state) {
  const w = flat(params);
  const g = flat(grads);
  const n = w.length;
  const s = state ?? { t: 0, m: new Array(n).fill(0), v: new Array(n).fill(0) };
  const t = s.t + 1;
  const m = [...s.m];
  const v = [...s.v];
  const out = w.map((wi, i) => {
    const gi = g[i];
    switch (opt.name) {
      case 'sgd':
        return wi - opt.lr * gi;
      case 'momentum':
        v[i] = opt.alpha * v[i] - opt.lr * gi;
        return wi + v[i];
      case 'adagrad': {
        v[i] += gi * gi;
        const d = Math.sqrt(v[i]) + opt.eps;
        return d === 0 ? wi : wi - (opt.lr * gi) / d;
      }
      case 'rmsprop': {
        v[i] = opt.rho * v[i] + (1 - opt.rho) * gi * gi;
        const d = Math.sqrt(v[i]) + opt.eps;
        return d === 0 ? wi : wi - (opt.lr * gi) / d;
      }
      case 'adam': {
        m[i] = opt.beta1 * m[i] + (1 - opt.beta1) * gi;
        v[i] = opt.beta2 * v[i] + (1 - opt.beta2) * gi * gi;
        const mh = m[i] / (1 - opt.beta1 ** t);
        const vh = v[i] / (1 - opt.beta2 ** t);
        const d = Math.sqrt(vh) + opt.eps;
        return d === 0 ? wi : wi - (opt.lr * mh) / d;
      }
      default:
        throw new Error(`unknown optimizer ${opt.name}`);
    }
  });
  return { params: unflat(params, out), state: { t, m, v } };
}

export function perceptronStep(w, b, x, y, lr) {
  const yhat = w.reduce((s, wi, i) => s + wi * x[i], b) >= 0 ? 1 : 0;
  return { w: w.map((wi, i) => wi + lr * (y - yhat) * x[i]), b: b + lr * (y - yhat) };
}
