import { describe, expect, it, vi } from 'vitest';
import { referenceSubject } from '../reference/index.js';
import { autodiffProperties } from './autodiff.js';
import { runProperty } from './engine.js';
import { notHolding } from './hold.test-helpers.js';
import { plantedSubject } from './planted.js';
import type { Property } from './types.js';

describe('autodiff properties', () => {
  it('hold for the reference', async () => {
    expect(await notHolding(autodiffProperties, [referenceSubject], 19)).toEqual([]);
  });

  it('net-gradient catches a subject whose BP4 uses the wrong example and whose BP2 forgets σ′', async () => {
    const p = autodiffProperties.find((q) => q.id === 'autodiff.net-gradient')!;
    for (const bug of ['bp4-a-of-this-layer', 'bp2-no-sigma-prime'] as const) expect((await runProperty(p, plantedSubject(bug), { seed: 19, runs: 100 })).status, bug).toBe('fail');
  });

  /** A bug planted in reference/autodiff.ts (vi.doMock over its real exports); the property must fail. */
  async function failsWith(id: string, override: (real: Record<string, any>) => Record<string, unknown>) {
    vi.resetModules();
    vi.doMock('../reference/autodiff.js', async (importOriginal) => {
      const real = (await importOriginal()) as Record<string, any>;
      return { ...real, ...override(real) };
    });
    try {
      const { autodiffProperties: fresh } = await import('./autodiff.js');
      const p = fresh.find((q: Property) => q.id === id)!;
      const r = await runProperty(p, referenceSubject, { seed: 19, runs: 60 });
      expect(r.status, r.message).toBe('fail');
    } finally {
      vi.doUnmock('../reference/autodiff.js');
      vi.resetModules();
    }
  }

  it('sum-over-paths catches a sweep that visits nodes in forward order, and cos′ = sin', async () => {
    await failsWith('autodiff.sum-over-paths', (real) => {
      class Forward extends real.Graph {
        backward(root: any) {
          const order = real.topologicalOrder(root);
          for (const n of order) n.grad = this.F.zero;
          root.grad = this.F.one;
          for (const n of order) n.parents.forEach((p: any, k: number) => (p.grad = this.F.add(p.grad, this.F.mul(n.grad, n.locals[k]))));
        }
      }
      return { Graph: Forward };
    });
    await failsWith('autodiff.sum-over-paths', (real) => {
      class WrongCos extends real.Graph {
        cos(a: any) {
          const n = super.cos(a);
          return new real.Node(n.value, n.parents, [this.F.sin(a.value)], 'cos', this.F.zero);
        }
      }
      return { Graph: WrongCos };
    });
  });

  it('sum-over-paths catches a fractional power by e^{n log a} − 1', async () => {
    await failsWith('autodiff.sum-over-paths', (real) => {
      class Pow extends real.Graph {
        pow(a: any, n: number) {
          const p = super.pow(a, n);
          if (Number.isInteger(n)) return p;
          return new real.Node(this.F.expm1(this.F.mul(this.F.of(n), this.F.log(a.value))), p.parents, p.locals, p.op, this.F.zero);
        }
      }
      return { Graph: Pow };
    });
  });

  it('float64-graph catches a softplus graph as log1p(e^x) for every x (e^x overflows above 709; found by mutation testing)', async () => {
    await failsWith('autodiff.float64-graph', (real) => ({
      autodiffActivationGrad: (F: any, name: any, z: any, alpha: any) => {
        if (name !== 'softplus') return real.autodiffActivationGrad(F, name, z, alpha);
        const g = new real.Graph(F);
        const x = g.variable(z, 'z');
        const y = g.log1p(g.exp(x));
        g.backward(y);
        return { value: y.value, grad: x.grad };
      },
    }));
  });

  it('net-gradient catches a graph loss without the batch mean; notes-example catches df/dx = df/da / exp(x)', async () => {
    await failsWith('autodiff.net-gradient', (real) => ({ autodiffNetLoss: (F: any, net: any, X: any, Y: any, l: any) => {
      const r = real.autodiffNetLoss(F, net, X, Y, l);
      return { ...r, gradW: r.gradW.map((M: any[][]) => M.map((row) => row.map((x) => F.mul(x, F.of(X.length))))) };
    } }));
    await failsWith('autodiff.notes-example', (real) => ({ notesExampleByHand: (F: any, x: any) => {
      const r = real.notesExampleByHand(F, x);
      return { ...r, dfdx: F.div(r.dfda, F.exp(x)) };
    } }));
    // softmax in the graph without subtracting the max: e^1000 overflows in float64
    await failsWith('autodiff.notes-example', (real) => ({ autodiffSoftmaxJacobian: (F: any, z: any[]) => {
      const g = new real.Graph(F);
      const xs = z.map((v: any) => g.variable(v));
      const e = xs.map((x: any) => g.exp(x));
      const sum = g.sum(e);
      return e.map((ei: any) => { const ai = g.div(ei, sum); g.backward(ai); return xs.map((x: any) => x.grad); });
    } }));
    await failsWith('autodiff.notes-example', (real) => ({ autodiffSoftmaxJacobian: (F: any, z: any[]) => real.autodiffSoftmaxJacobian(F, z).map((row: any[]) => row.map((v: any) => F.abs(v))) }));
  });
});
