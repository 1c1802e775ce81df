/**
 * Levenberg–Marquardt for a small nonlinear least-squares problem with a finite-difference
 * Jacobian: minimises Σ r_i(z)². Pure and deterministic.
 */
export interface LmOptions {
  maxIterations?: number;
  /** Stop when the relative cost improvement of an accepted step falls below this. */
  tolerance?: number;
  step?: number;
  onIteration?: ((iteration: number, cost: number) => void) | undefined;
}

const dot = (r: Float64Array) => r.reduce((s, x) => s + x * x, 0);

/** Solves A x = b for a symmetric positive-definite A by Cholesky (A is n×n, row-major). */
function solveSpd(A: Float64Array, b: Float64Array, n: number): Float64Array | null {
  const L = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = A[i * n + j]!;
      for (let k = 0; k < j; k++) sum -= L[i * n + k]! * L[j * n + k]!;
      if (i === j) {
        if (sum <= 0) return null;
        L[i * n + i] = Math.sqrt(sum);
      } else L[i * n + j] = sum / L[j * n + j]!;
    }
  }
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let sum = b[i]!;
    for (let k = 0; k < i; k++) sum -= L[i * n + k]! * y[k]!;
    y[i] = sum / L[i * n + i]!;
  }
  const x = new Float64Array(n);
  for (let i = n - 1; i >= 0; i--) {
    let sum = y[i]!;
    for (let k = i + 1; k < n; k++) sum -= L[k * n + i]! * x[k]!;
    x[i] = sum / L[i * n + i]!;
  }
  return x;
}

export function levenbergMarquardt(
  residuals: (z: Float64Array) => Float64Array,
  start: Float64Array,
  opts: LmOptions = {},
): { z: Float64Array; cost: number; iterations: number } {
  const n = start.length;
  const maxIt = opts.maxIterations ?? 30;
  const tol = opts.tolerance ?? 1e-6;
  const h = opts.step ?? 1e-4;
  let z = Float64Array.from(start);
  let r = residuals(z);
  let cost = dot(r);
  let lambda = 1e-2;
  let it = 0;
  for (; it < maxIt; it++) {
    const m = r.length;
    const J = new Float64Array(m * n);
    for (let j = 0; j < n; j++) {
      const zj = Float64Array.from(z);
      zj[j]! += h;
      const rj = residuals(zj);
      for (let i = 0; i < m; i++) J[i * n + j] = (rj[i]! - r[i]!) / h;
    }
    const A = new Float64Array(n * n);
    const g = new Float64Array(n);
    for (let i = 0; i < m; i++) {
      const ri = r[i]!;
      for (let a = 0; a < n; a++) {
        const Jia = J[i * n + a]!;
        if (Jia === 0) continue;
        g[a]! += Jia * ri;
        for (let b = 0; b <= a; b++) A[a * n + b]! += Jia * J[i * n + b]!;
      }
    }
    for (let a = 0; a < n; a++) for (let b = 0; b < a; b++) A[b * n + a] = A[a * n + b]!;
    let accepted = false;
    for (let tries = 0; tries < 12; tries++) {
      const D = Float64Array.from(A);
      for (let a = 0; a < n; a++) D[a * n + a]! += lambda * (A[a * n + a]! + 1e-9);
      const delta = solveSpd(
        D,
        g.map((x) => -x),
        n,
      );
      if (delta) {
        const zNew = z.map((v, i) => v + delta[i]!);
        const rNew = residuals(zNew);
        const costNew = dot(rNew);
        if (Number.isFinite(costNew) && costNew < cost) {
          const improvement = (cost - costNew) / cost;
          z = zNew;
          r = rNew;
          cost = costNew;
          lambda = Math.max(lambda / 3, 1e-7);
          accepted = true;
          opts.onIteration?.(it, cost);
          if (improvement < tol) return { z, cost, iterations: it + 1 };
          break;
        }
      }
      lambda *= 4;
    }
    if (!accepted) break;
  }
  return { z, cost, iterations: it };
}
