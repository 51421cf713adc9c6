// A TypeScript submission for a course that teaches only sigmoid and relu, mse, and sgd — and no
// perceptron. Everything else answers with an error. Graded with the course's rubric
// (examples/students/course-rubric.json) or with
//   nn-oracle grade examples/students/course-subset.ts --activations sigmoid,relu --losses mse --optimizers sgd
// it gets full marks.
type Matrix = number[][];
interface Layer { W: Matrix; b: number[]; activation: string }
interface Net { layers: Layer[] }

const sigmoid = (z: number): number => (z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z)));

export function activate(name: string, z: number[]): number[] {
  if (name === 'sigmoid') return z.map(sigmoid);
  if (name === 'relu') return z.map((v) => (v > 0 ? v : 0));
  throw new Error(`this course does not use ${name}`);
}

export function activateGrad(name: string, z: number[]): number[] {
  if (name === 'sigmoid') return z.map((v) => sigmoid(v) * (1 - sigmoid(v)));
  if (name === 'relu') return z.map((v) => (v > 0 ? 1 : 0));
  throw new Error(`this course does not use ${name}`);
}

export function loss(name: string, A: Matrix, Y: Matrix): number {
  if (name !== 'mse') throw new Error(`this course does not use ${name}`);
  return A.reduce((s, a, x) => s + a.reduce((t, ai, i) => t + 0.5 * (ai - Y[x]![i]!) ** 2, 0), 0) / A.length;
}

export function forward(net: Net, X: Matrix): { z: Matrix[]; a: Matrix[] } {
  const z: Matrix[] = [];
  const a: Matrix[] = [];
  let below = X;
  for (const layer of net.layers) {
    const zl = below.map((x) => layer.W.map((row, j) => row.reduce((s, w, k) => s + w * x[k]!, layer.b[j]!)));
    const al = zl.map((zx) => activate(layer.activation, zx));
    z.push(zl);
    a.push(al);
    below = al;
  }
  return { z, a };
}

export function backward(net: Net, X: Matrix, Y: Matrix, lossName: string) {
  if (lossName !== 'mse') throw new Error(`this course does not use ${lossName}`);
  const { z, a } = forward(net, X);
  const L = net.layers.length;
  const B = X.length;
  const delta: Matrix[] = new Array(L);
  const out = net.layers[L - 1]!;
  delta[L - 1] = a[L - 1]!.map((aL, x) => {
    const sp = activateGrad(out.activation, z[L - 1]![x]!);
    return aL.map((v, i) => (v - Y[x]![i]!) * sp[i]!); // BP1
  });
  for (let l = L - 2; l >= 0; l--) {
    const W = net.layers[l + 1]!.W;
    delta[l] = delta[l + 1]!.map((d, x) => {
      const sp = activateGrad(net.layers[l]!.activation, z[l]![x]!);
      return sp.map((s, k) => W.reduce((acc, row, j) => acc + row[k]! * d[j]!, 0) * s); // BP2
    });
  }
  const gradB = delta.map((d) => d[0]!.map((_, j) => d.reduce((s, dx) => s + dx[j]!, 0) / B)); // BP3
  const gradW = delta.map((d, l) => {
    const below = l === 0 ? X : a[l - 1]!;
    return d[0]!.map((_, j) => below[0]!.map((_, k) => d.reduce((s, dx, x) => s + dx[j]! * below[x]![k]!, 0) / B)); // BP4
  });
  return { delta, gradW, gradB };
}

export function step(opt: { name: string; lr: number }, params: { W: Matrix[]; b: number[][] }, grads: { W: Matrix[]; b: number[][] }) {
  if (opt.name !== 'sgd') throw new Error(`this course does not use ${opt.name}`);
  return {
    params: {
      W: params.W.map((M, l) => M.map((r, j) => r.map((w, k) => w - opt.lr * grads.W[l]![j]![k]!))),
      b: params.b.map((v, l) => v.map((w, j) => w - opt.lr * grads.b[l]![j]!)),
    },
    state: null,
  };
}
